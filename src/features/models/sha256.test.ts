import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AbortedError } from "../../shared/protocol/errors";
import { hashBlobInto, isSha256Hex, sha256OfBlob, sha256Stream } from "./sha256";

const nodeSha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function bytesOf(length: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("streaming sha256", () => {
  it("matches the known digest of the empty input and of 'abc'", async () => {
    expect(await sha256OfBlob(new Blob([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256OfBlob(new Blob(["abc"]))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("gives the same digest whatever the slice size, equal to Node's", async () => {
    const bytes = bytesOf(100_003);
    const expected = nodeSha(bytes);
    for (const sliceBytes of [7, 4096, 65_536, 1_000_000]) {
      expect(await sha256OfBlob(new Blob([bytes]), { sliceBytes })).toBe(expected);
    }
  });

  it("continues a hash across a resumed download: stored part from a Blob, the rest as it arrives", async () => {
    const bytes = bytesOf(50_000, 3);
    const hash = sha256Stream();
    await hashBlobInto(hash, new Blob([bytes.subarray(0, 20_001)]), { sliceBytes: 4096 });
    hash.update(bytes.subarray(20_001, 33_333));
    hash.update(bytes.subarray(33_333));
    expect(hash.hex()).toBe(nodeSha(bytes));
  });

  it("detects a single flipped byte", async () => {
    const bytes = bytesOf(10_000);
    const good = await sha256OfBlob(new Blob([bytes]));
    const bad = bytes.slice();
    bad[5000] = (bad[5000] ?? 0) ^ 1;
    expect(await sha256OfBlob(new Blob([bad]))).not.toBe(good);
  });

  it("reports progress and stops when aborted", async () => {
    const seen: number[] = [];
    await sha256OfBlob(new Blob([bytesOf(10_000)]), { sliceBytes: 4000, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([4000, 8000, 10_000]);
    const controller = new AbortController();
    controller.abort();
    await expect(sha256OfBlob(new Blob([bytesOf(10)]), { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it("recognises hex digests", () => {
    expect(isSha256Hex("a".repeat(64))).toBe(true);
    expect(isSha256Hex("A".repeat(64))).toBe(true);
    expect(isSha256Hex("a".repeat(63))).toBe(false);
    expect(isSha256Hex(`"${"a".repeat(64)}"`)).toBe(false);
  });
});
