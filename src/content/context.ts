/** What each feature's content module receives when the content script starts in a page. */
import type { ProtocolServer } from "../shared/protocol/server";
import type { contentRequests, contentStreams } from "../shared/protocol/messages";

export interface ContentContext {
  /** Answers requests from Hearth's background and pages for this tab. */
  server: ProtocolServer<typeof contentRequests, typeof contentStreams>;
  /** Aborts when the page goes away; every listener and job should hang off it. */
  lifetime: AbortSignal;
}

/** The shape of src/features/<feature>/<feature>.content.ts: one exported `registerContent`. */
export interface ContentFeatureModule {
  registerContent(context: ContentContext): void;
}
