/** Messages of this feature; messages.ts merges these tables into the background's and the content script's. */
import type { RequestDef, StreamDef } from "../../shared/protocol/contract";
import type * as v from "valibot";

/** Requests the background answers for this feature. */
export const requests = {} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
/** Streams the background produces for this feature. */
export const streams = {} satisfies Record<string, StreamDef<v.GenericSchema, unknown>>;
/** Requests a tab's content script answers for this feature. */
export const contentRequests = {} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
