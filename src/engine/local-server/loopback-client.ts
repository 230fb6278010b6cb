/**
 * HTTP to the opt-in loopback server: every call checks the address first (loopback only), then maps "nothing
 * listening", HTTP errors and aborts to Hearth's named errors.
 */
import { LocalServerError } from "../../shared/protocol/errors";
import { loopbackBase } from "./loopback-url";
import { httpFailed, requestFailed } from "./server-errors";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class LoopbackClient {
  /** The checked base URL, e.g. "http://127.0.0.1:8080". */
  readonly base: string;

  /** Throws LocalServerError when `baseUrl` is not a loopback address, so no request can ever leave the machine. */
  constructor(
    baseUrl: string,
    private readonly fetchImpl: FetchLike,
  ) {
    this.base = loopbackBase(baseUrl);
  }

  /** A successful response to `init` at `path`; throws a named error for anything else. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const signal = init.signal ?? undefined;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, {
        ...init,
        // Cookies or HTTP auth for localhost have no business in these requests.
        credentials: "omit",
        // A redirect could point off the machine.
        redirect: "error",
      });
    } catch (error) {
      throw requestFailed(this.base, error, signal);
    }
    if (!response.ok) throw await httpFailed(this.base, response);
    return response;
  }

  /** GET `path` and parse the JSON answer. */
  async getJson(path: string, signal?: AbortSignal): Promise<unknown> {
    return this.readJson(await this.request(path, { method: "GET", signal: signal ?? null }), path);
  }

  /** POST `body` as JSON to `path` and parse the JSON answer. */
  async postJson(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const response = await this.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: signal ?? null,
    });
    return this.readJson(response, path);
  }

  private async readJson(response: Response, path: string): Promise<unknown> {
    try {
      return await response.json();
    } catch {
      throw new LocalServerError(`The local server at ${this.base} did not answer ${path} with JSON.`);
    }
  }
}
