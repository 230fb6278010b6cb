/**
 * pdfjs-dist ships type declarations for its legacy build (legacy/build/pdf.d.mts) and its package entry, but not
 * for build/pdf.mjs, the modern build Hearth bundles (see extract.ts). It is the same API as the package entry.
 */
declare module "pdfjs-dist/build/pdf.mjs" {
  export * from "pdfjs-dist";
}
