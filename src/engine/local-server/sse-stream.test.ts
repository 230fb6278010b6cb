import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readSseData, SseParser } from "./sse-stream";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/** Cut `bytes` at the given offsets (any byte position, so multi-byte characters get split). */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((offset) => offset % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    pieces.push(bytes.slice(start, point));
    start = point;
  }
  return pieces;
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSseData(stream)) out.push(data);
  return out;
}

describe("readSseData", () => {
  it("gives back every event's data whole, however the bytes are cut and whatever the line endings", async () => {
    const payload = fc.string({ unit: "grapheme", maxLength: 12 }).filter((text) => !/[\r\n]/.test(text));
    await fc.assert(
      fc.asyncProperty(
        fc.array(payload.filter((text) => text !== ""), { minLength: 1, maxLength: 6 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (datas, eol, offsets) => {
          const wire = datas.map((data) => `: keep-alive${eol}data: ${data}${eol}${eol}`).join("");
          const events = await collect(streamOf(cut(new TextEncoder().encode(wire), offsets)));
          expect(events).toEqual(datas);
        },
      ),
    );
  });

  it("joins multi-line data with newlines and ignores other fields", () => {
    const parser = new SseParser();
    expect(parser.push("event: message\nid: 7\ndata: first\ndata:second\n")).toEqual([]);
    expect(parser.push("\n")).toEqual(["first\nsecond"]);
  });

  it("keeps a CRLF split across two chunks as one line break", () => {
    const parser = new SseParser();
    expect(parser.push("data: a\r")).toEqual([]);
    expect(parser.push("\n\r\n")).toEqual(["a"]);
  });

  it("delivers the last event even when the server closes without a blank line", async () => {
    const events = await collect(streamOf([new TextEncoder().encode("data: one\n\ndata: [DONE]")]));
    expect(events).toEqual(["one", "[DONE]"]);
  });

  it("cancels the body when the consumer stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("data: tick\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const data of readSseData(body)) {
      expect(data).toBe("tick");
      break;
    }
    expect(cancelled).toBe(true);
  });
});
