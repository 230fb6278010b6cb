import { describe, expect, it } from "vitest";
import { ChunkedFile } from "./chunked-file";
import { MemoryDirectory } from "./memory-directory";

function bytes(length: number, start = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (start + i) & 0xff;
  return out;
}
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
async function read(file: ChunkedFile): Promise<Uint8Array> {
  return new Uint8Array(await (await file.blob()).arrayBuffer());
}

describe("chunked file", () => {
  it("splits writes into committed chunks and reads them back as one file", async () => {
    const directory = new MemoryDirectory();
    const file = new ChunkedFile(directory, ["m", "0"], 10);
    const appender = await file.appender();
    await appender.write(bytes(7));
    await appender.write(bytes(18, 7));
    await appender.commit();
    expect((await file.chunks()).map((c) => [c.name, c.size])).toEqual([
      ["000000.bin", 10],
      ["000001.bin", 10],
      ["000002.bin", 5],
    ]);
    expect(await read(file)).toEqual(bytes(25));
  });

  it("keeps only what was committed when a writer never closes (a crash), and continues after it", async () => {
    const MiB = 1024 * 1024;
    const directory = new MemoryDirectory();
    const file = new ChunkedFile(directory, ["m", "0"], 8 * MiB);
    const first = await file.appender();
    await first.write(bytes(13 * MiB));
    // No commit: the browser died. The full first chunk was committed; the 5 MiB written into the second were not.
    expect(directory.openWriters).toBe(1);
    expect(await file.size()).toBe(8 * MiB);
    expect((await directory.files(["m", "0"])).map((f) => [f.name, f.size])).toEqual([
      ["000000.bin", 8 * MiB],
      ["000001.bin", 0],
    ]);
    const second = await file.appender();
    await second.write(bytes(MiB, 8 * MiB));
    await second.commit();
    expect(same(await read(file), bytes(9 * MiB))).toBe(true);
  });

  it("starts a new chunk after a commit, and clears everything", async () => {
    const directory = new MemoryDirectory();
    const file = new ChunkedFile(directory, ["m", "1"], 100);
    const appender = await file.appender();
    await appender.write(bytes(3));
    await appender.commit();
    await appender.write(bytes(3, 3));
    await appender.commit();
    expect((await file.chunks()).length).toBe(2);
    expect(await read(file)).toEqual(bytes(6));
    await file.clear();
    expect(await file.size()).toBe(0);
    expect(directory.store.size).toBe(0);
  });
});
