/**
 * Named errors for PDFs that cannot be read, so the UI can ask for a password or say why there is nothing to
 * summarize. Register these names with the wire error codec (src/shared/protocol/errors.ts).
 */

import { HearthError } from "../../shared/protocol/errors";

/** The PDF is encrypted and no password was given; retry extraction with `password`. */
export class PdfPasswordRequiredError extends HearthError {
  override name = "PdfPasswordRequiredError";
  constructor(message = "This PDF is protected by a password. Enter the password to read it.") {
    super(message);
  }
}

/** The password given does not open the PDF; ask again and retry. */
export class PdfWrongPasswordError extends HearthError {
  override name = "PdfWrongPasswordError";
  constructor(message = "That password does not open this PDF. Check it and try again.") {
    super(message);
  }
}

/** The file is empty, cut short or not a PDF at all. */
export class BrokenPdfError extends HearthError {
  override name = "BrokenPdfError";
  constructor(message = "This PDF is broken or incomplete, so it cannot be read.") {
    super(message);
  }
}

/** Every page read is images only (a scan without OCR), so there is no text to work with. */
export class PdfNoTextLayerError extends HearthError {
  override name = "PdfNoTextLayerError";
  constructor(message = "This PDF has no text layer (it looks like scanned images), so there is no text to read.") {
    super(message);
  }
}
