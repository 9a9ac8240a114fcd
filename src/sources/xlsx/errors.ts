/** Every code a workbook read can fail with; the run maps them all to exit code 3. */
export const SOURCE_ERROR_CODES = [
  /** Not a zip archive, a damaged one, or a zip that holds no workbook. */
  "XLSX_UNREADABLE",
  /** A password-protected workbook (an OLE compound file holding an encrypted package). */
  "XLSX_ENCRYPTED",
  /** A legacy binary workbook (.xls, Excel 97-2003). */
  "XLSX_LEGACY_XLS",
  /** The XML of a part broke off or is not well-formed. */
  "XLSX_MALFORMED",
  /** `--sheet` names no worksheet of the workbook. */
  "SHEET_NOT_FOUND",
  /** Without `--sheet`, several sheets hold a customer table that looks as good (an example sheet, or one per country). */
  "SHEET_AMBIGUOUS",
  /** No row with enough known column names among the first rows (or `--header-row` points at an empty row). */
  "HEADER_NOT_FOUND",
] as const;

export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[number];

/** A failure of the read itself (not of one row): the file cannot be used as input. */
export class SourceError extends Error {
  override readonly name = "SourceError";
  readonly code: SourceErrorCode;
  readonly file: string;
  readonly sheet: string | undefined;

  constructor(code: SourceErrorCode, file: string, message: string, options?: { sheet?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = file;
    this.sheet = options?.sheet;
  }
}
