// The lint rules that carry the architecture (STYLE.md, docs/architecture.md) must keep biting: requests only
// through egress.ts, no HTML from strings, and content scripts kept away from background and engine code.
import { ESLint } from "eslint";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe("lint rules", () => {
  it.each([
    ['fetch("https://tracker.example/")'],
    ['globalThis.fetch("https://tracker.example/")'],
    ['new WebSocket("wss://tracker.example/")'],
    ['navigator.sendBeacon("https://tracker.example/", "x")'],
    ['new XMLHttpRequest()'],
  ])("refuse a request outside egress.ts: %s", async (call) => {
    for (const file of ["src/features/chat/zz-probe.ts", "src/engine/zz-probe.ts", "src/shared/ui/zz-probe.ts"]) {
      const rules = await ruleIds(file, `export const probe = () => ${call};\n`);
      expect(rules.some((rule) => rule === "no-restricted-globals" || rule === "no-restricted-properties"), `${file}: ${call}`).toBe(true);
    }
  });

  it("let egress.ts itself make the request", async () => {
    expect(await ruleIds("src/shared/platform/egress.ts", 'export const probe = () => fetch("https://huggingface.co/");\n')).toEqual([]);
  });

  it("refuse HTML from strings, and background or engine imports in content scripts", async () => {
    expect(await ruleIds("src/features/chat/zz-probe.ts", "export const probe = (el: Element, s: string) => { el.innerHTML = s; };\n")).toContain(
      "no-restricted-properties",
    );
    expect(await ruleIds("src/content/zz-probe.ts", 'import { EngineHost } from "../engine/host/engine-host";\nexport const probe = EngineHost;\n')).toContain(
      "no-restricted-imports",
    );
  });
});
