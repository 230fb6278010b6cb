/**
 * CPU time of the wllama worker, read from Linux's /proc. On a shared machine other processes stretch wall-clock
 * times at random; tokens per CPU-second of the one thread doing the work do not depend on them, so the wasm-vs-native
 * ratios are taken in CPU time (and printed in wall time too).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** The fields of a /proc stat line after the command name, which may itself hold spaces. */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** Every process under `rootPid`, itself included. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat === null) continue;
    const parent = Number(statFields(stat)[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * CPU seconds used so far by the worker threads ("DOM Worker") of the extension process (main thread
 * "WebExtensions") under Firefox's `rootPid`: the wllama worker, the only busy one there while the bench runs.
 * Null where /proc or that process cannot be found.
 */
export function extensionWorkerCpuSeconds(rootPid: number): number | null {
  let ticks: number | null = null;
  for (const pid of processTree(rootPid)) {
    if (read(`/proc/${pid}/comm`)?.trim() !== "WebExtensions") continue;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      if (read(`/proc/${pid}/task/${tid}/comm`)?.trim() !== "DOM Worker") continue;
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (stat === null) continue;
      const fields = statFields(stat);
      // utime and stime: fields 14 and 15 of the whole line, 11 and 12 after the command name.
      ticks = (ticks ?? 0) + Number(fields[11]) + Number(fields[12]);
    }
  }
  return ticks === null ? null : ticks / TICKS_PER_SECOND;
}

/** CPU seconds this Node process has used so far, all threads (node-llama-cpp evaluates off the main thread). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
