/**
 * Named errors for PDFs that cannot be read, so the UI can ask for a password or say why there is nothing to
 * summarize. They live with the other wire errors in src/shared/protocol/errors.ts (so they cross messages as
 * themselves); this module re-exports them for the PDF code.
 */
export { BrokenPdfError, PdfNoTextLayerError, PdfPasswordRequiredError, PdfWrongPasswordError } from "../../shared/protocol/errors";
