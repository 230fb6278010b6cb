import { describe, expect, it } from "vitest";
import { ValidationError } from "../../shared/protocol/errors";
import {
  editAndResend,
  fail,
  finish,
  promptParts,
  receiveChunk,
  regenerate,
  send,
  startConversation,
  stop,
  visibleMessages,
  type ConversationMessage,
  type ConversationState,
} from "./conversation";

const user = (content: string): ConversationMessage => ({ role: "user", content, status: "complete" });
const answer = (content: string, status: ConversationMessage["status"] = "complete"): ConversationMessage => ({
  role: "assistant",
  content,
  status,
});

/** A conversation with one finished exchange, then "Second?" being answered with "Part" so far. */
function midAnswer(): ConversationState {
  let state = send(startConversation(), "First?", "r1");
  state = receiveChunk(state, "r1", "One.");
  state = finish(state, "r1");
  state = send(state, "Second?", "r2");
  return receiveChunk(state, "r2", "Part");
}

describe("send", () => {
  it("adds the user message and starts generating under the given request id", () => {
    const state = send(startConversation(), "Hello", "r1");
    expect(state).toEqual({ phase: "generating", messages: [user("Hello")], requestId: "r1", answer: "" });
  });

  it("works after a stop or an error too", () => {
    const stopped = stop(midAnswer());
    expect(send(stopped, "Third?", "r3").phase).toBe("generating");
    const failed = fail(midAnswer(), "r2", { name: "EngineError", message: "worker crashed" });
    expect(send(failed, "Third?", "r3").phase).toBe("generating");
  });

  it("refuses an empty message and a message while an answer is streaming", () => {
    expect(() => send(startConversation(), "   ", "r1")).toThrow(ValidationError);
    expect(() => send(midAnswer(), "Another", "r3")).toThrow(ValidationError);
  });
});

describe("receiveChunk", () => {
  it("grows the answer of the current request", () => {
    const state = receiveChunk(midAnswer(), "r2", "ial answer");
    expect(state.phase === "generating" && state.answer).toBe("Partial answer");
  });

  it("ignores chunks of another request and chunks after the answer ended", () => {
    const state = midAnswer();
    expect(receiveChunk(state, "r1", "stale")).toBe(state);
    const stopped = stop(state);
    expect(receiveChunk(stopped, "r2", "late")).toBe(stopped);
  });
});

describe("finish", () => {
  it("stores the answer as complete and returns to idle", () => {
    const state = finish(midAnswer(), "r2");
    expect(state).toEqual({
      phase: "idle",
      messages: [user("First?"), answer("One."), user("Second?"), answer("Part")],
    });
  });

  it("ignores the end of another request", () => {
    const state = midAnswer();
    expect(finish(state, "other")).toBe(state);
  });
});

describe("stop", () => {
  it("keeps the partial answer and marks it stopped", () => {
    const state = stop(midAnswer());
    expect(state.phase).toBe("stopped");
    expect(state.messages.at(-1)).toEqual(answer("Part", "stopped"));
  });

  it("does nothing when nothing is generating", () => {
    const idle = startConversation([user("a"), answer("b")]);
    expect(stop(idle)).toBe(idle);
  });
});

describe("fail", () => {
  it("keeps the partial answer, marks it as failed and remembers the error", () => {
    const state = fail(midAnswer(), "r2", { name: "OutOfMemoryError", message: "Not enough memory." });
    expect(state).toMatchObject({ phase: "error", error: { name: "OutOfMemoryError", message: "Not enough memory." } });
    expect(state.messages.at(-1)).toEqual(answer("Part", "error"));
  });

  it("treats an abort as a stop", () => {
    const state = fail(midAnswer(), "r2", { name: "AbortedError", message: "Stopped." });
    expect(state.phase).toBe("stopped");
    expect(state.messages.at(-1)).toEqual(answer("Part", "stopped"));
  });

  it("ignores failures of another request", () => {
    const state = midAnswer();
    expect(fail(state, "r1", { name: "EngineError", message: "old" })).toBe(state);
  });
});

describe("regenerate", () => {
  it("replaces the last answer", () => {
    const done = finish(midAnswer(), "r2");
    const state = regenerate(done, "r3");
    expect(state).toEqual({
      phase: "generating",
      messages: [user("First?"), answer("One."), user("Second?")],
      requestId: "r3",
      answer: "",
    });
  });

  it("retries after an error, dropping the failed partial answer", () => {
    const failed = fail(midAnswer(), "r2", { name: "EngineError", message: "crash" });
    const state = regenerate(failed, "r3");
    expect(state.phase).toBe("generating");
    expect(state.messages.at(-1)).toEqual(user("Second?"));
  });

  it("refuses while generating and when there is no question", () => {
    expect(() => regenerate(midAnswer(), "r3")).toThrow(ValidationError);
    expect(() => regenerate(startConversation(), "r1")).toThrow(ValidationError);
  });
});

describe("editAndResend", () => {
  it("replaces the last user message, drops what followed and answers afresh", () => {
    const done = finish(midAnswer(), "r2");
    const state = editAndResend(done, "Second, rephrased?", "r3");
    expect(state).toEqual({
      phase: "generating",
      messages: [user("First?"), answer("One."), user("Second, rephrased?")],
      requestId: "r3",
      answer: "",
    });
  });

  it("refuses an empty edit, an edit while generating, and a conversation without user messages", () => {
    const done = finish(midAnswer(), "r2");
    expect(() => editAndResend(done, "", "r3")).toThrow(ValidationError);
    expect(() => editAndResend(midAnswer(), "x", "r3")).toThrow(ValidationError);
    expect(() => editAndResend(startConversation([answer("Welcome")]), "x", "r1")).toThrow(ValidationError);
  });
});

describe("visibleMessages", () => {
  it("shows the streaming answer after the stored messages", () => {
    expect(visibleMessages(midAnswer()).at(-1)).toEqual({ role: "assistant", content: "Part", status: "streaming" });
    expect(visibleMessages(finish(midAnswer(), "r2")).at(-1)).toEqual(answer("Part"));
  });
});

describe("promptParts", () => {
  it("gives earlier exchanges and the message being answered", () => {
    expect(promptParts(midAnswer())).toEqual({
      history: [
        { role: "user", content: "First?" },
        { role: "assistant", content: "One." },
      ],
      message: "Second?",
    });
  });

  it("leaves out exchanges whose answer failed or is empty, keeps stopped partial answers", () => {
    let state = startConversation([
      user("a"),
      answer("partial", "error"),
      user("b"),
      answer("", "stopped"),
      user("c"),
      answer("half", "stopped"),
    ]);
    state = send(state, "d", "r1");
    expect(promptParts(state)).toEqual({
      history: [
        { role: "user", content: "c" },
        { role: "assistant", content: "half" },
      ],
      message: "d",
    });
  });

  it("is only defined while generating", () => {
    expect(() => promptParts(startConversation())).toThrow(ValidationError);
  });
});
