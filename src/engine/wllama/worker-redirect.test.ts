import { describe, expect, it } from "vitest";
import { withWorkerRedirect, type WorkerScope } from "./worker-redirect";

function recordingScope() {
  const started: { url: string; type: string | undefined }[] = [];
  class RecordingWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      started.push({ url: String(url), type: options?.type });
    }
  }
  const scope: WorkerScope = { Worker: RecordingWorker as unknown as WorkerScope["Worker"] };
  return { scope, started, Original: scope.Worker };
}

describe("withWorkerRedirect", () => {
  it("starts the first blob: module worker from the file, once, and leaves other workers alone", async () => {
    const { scope, started, Original } = recordingScope();
    await withWorkerRedirect(scope, () => "moz-extension://id/wllama/wllama-worker.js?gpu=0", async () => {
      new scope.Worker("moz-extension://id/pdf.worker.js", { type: "module" });
      new scope.Worker("blob:moz-extension://id/classic");
      new scope.Worker("blob:moz-extension://id/1234", { type: "module" });
      expect(scope.Worker).toBe(Original); // put back as soon as it was used
    });
    expect(started).toEqual([
      { url: "moz-extension://id/pdf.worker.js", type: "module" },
      { url: "blob:moz-extension://id/classic", type: undefined },
      { url: "moz-extension://id/wllama/wllama-worker.js?gpu=0", type: "module" },
    ]);
  });

  it("restores Worker when the load fails before starting one", async () => {
    const { scope, Original } = recordingScope();
    await expect(
      withWorkerRedirect(scope, () => "file.js", async () => {
        throw new Error("no worker today");
      }),
    ).rejects.toThrow("no worker today");
    expect(scope.Worker).toBe(Original);
  });

  it("returns what the load returns", async () => {
    const { scope } = recordingScope();
    await expect(withWorkerRedirect(scope, () => "file.js", async () => 42)).resolves.toBe(42);
  });
});
