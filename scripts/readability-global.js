// The content-script build resolves "@mozilla/readability" here: vendor/readability/Readability.js (the package's
// own file, with the edits of scripts/vendor-hardening.ts) runs first in the same content-script scope and defines
// the global Readability.
export const Readability = globalThis.Readability;
