/**
 * Incremental reader for text/event-stream bodies (the OpenAI streaming format): yields each event's data as soon
 * as its blank line arrives. Bytes are decoded with a streaming TextDecoder, so a multi-byte character split across
 * network chunks comes out whole.
 */

/** The data of each server-sent event in `body`, in order. Cancels the body when the consumer stops early. */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      yield* parser.push(text);
      if (done) break;
    }
    finished = true;
    // Some servers close the connection without the final blank line; the last event is still meant to count.
    yield* parser.end();
  } finally {
    // Stopping early (abort, [DONE], a consumer's break) must close the connection, not leave it half-read.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Splits decoded text into lines and lines into events, per the WHATWG server-sent events parsing rules. */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  /** A chunk ended with "\r": a following "\n" belongs to the same line break. */
  private pendingCr = false;

  /** Feed decoded text; returns the data of every event completed by it. */
  push(text: string): string[] {
    let input = text;
    if (this.pendingCr && input.startsWith("\n")) input = input.slice(1);
    this.pendingCr = false;
    this.buffer += input;
    const events: string[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const char = this.buffer[i];
      if (char !== "\n" && char !== "\r") continue;
      this.line(this.buffer.slice(start, i), events);
      if (char === "\r") {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === "\n") i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** The stream ended: dispatch whatever event was still open. */
  end(): string[] {
    const events: string[] = [];
    if (this.buffer !== "") this.line(this.buffer, events);
    this.buffer = "";
    this.line("", events);
    return events;
  }

  private line(line: string, events: string[]): void {
    if (line === "") {
      if (this.data.length > 0) events.push(this.data.join("\n"));
      this.data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== "data") return;
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    this.data.push(value);
  }
}
