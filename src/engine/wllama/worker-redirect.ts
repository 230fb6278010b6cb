/**
 * Points wllama's worker at a file. wllama 3.13 has no option for it: ProxyToWorker calls
 * `new Worker(URL.createObjectURL(blob), {type: "module"})`, which an extension page's CSP refuses (see
 * worker-source.ts). While a load runs, the first module worker started from a blob: URL is started from the shipped
 * file instead, then the scope's Worker is put back.
 */

/** The part of a global scope this touches: its Worker constructor. Tests pass a stand-in. */
export interface WorkerScope {
  Worker: new (url: string | URL, options?: WorkerOptions) => Worker;
}

/** Run `load` with the scope's first blob: module worker started from `fileUrl()`; restores Worker afterwards. */
export async function withWorkerRedirect<T>(scope: WorkerScope, fileUrl: () => string, load: () => Promise<T>): Promise<T> {
  const Original = scope.Worker;
  let redirected = false;
  const restore = () => {
    if (scope.Worker === Redirecting) scope.Worker = Original;
  };
  // A plain function, not a subclass, so it works with any Worker-like constructor a test passes.
  const Redirecting = function (url: string | URL, options?: WorkerOptions): Worker {
    const href = String(url);
    if (!redirected && href.startsWith("blob:") && options?.type === "module") {
      redirected = true;
      restore();
      URL.revokeObjectURL(href);
      return new Original(fileUrl(), { type: "module" });
    }
    return new Original(url, options);
  } as unknown as WorkerScope["Worker"];
  scope.Worker = Redirecting;
  try {
    return await load();
  } finally {
    restore();
  }
}
