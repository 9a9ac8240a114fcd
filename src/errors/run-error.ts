import { EXIT_CODES, type ExitKind } from "./exit-codes.js";

/**
 * Every failure of a run as a whole (not of one row), with a stable code. Rows never throw: their problems are issues.
 * The code names what went wrong; the kind picks the exit code.
 */
export const RUN_ERRORS = {
  USAGE: { kind: "usage", title: "a flag or argument is missing or wrong" },
  NOT_CONFIRMED: { kind: "usage", title: "the import was not confirmed at its question: nothing was sent" },
  CONFIG_INVALID: {
    kind: "usage",
    title: "the --config file is unreadable, not JSON, or has an unknown key or bad value",
  },
  MAPPING_INVALID: { kind: "usage", title: "the --columns mapping file is unreadable or names an unknown field" },
  DATA_FILE_INVALID: {
    kind: "usage",
    title: "a data file given by a flag (--resellers, --existing, --offers-catalog) is unreadable or malformed",
  },
  OUTPUT_UNWRITABLE: { kind: "usage", title: "the --out folder cannot be created or written" },
  INPUT_UNREADABLE: { kind: "input", title: "the input file cannot be opened or read" },
  INPUT_FORMAT: { kind: "input", title: "the input is neither a CSV nor an XLSX file" },
  ENCODING_INVALID: {
    kind: "input",
    title: "bytes that are not valid in the detected or given encoding (try --encoding windows-1252)",
  },
  CSV_QUOTE_NOT_CLOSED: {
    kind: "input",
    title: "a quoted field never closes: the rest of the file would be swallowed",
  },
  CSV_RECORD_TOO_LARGE: {
    kind: "input",
    title: "a record is larger than the limit (usually a quote that never closes)",
  },
  CSV_MALFORMED: { kind: "input", title: "the CSV parser could not read a record" },
  HEADER_NOT_FOUND: { kind: "input", title: "no header row with known column names among the first rows" },
  COLUMNS_MISSING: { kind: "input", title: "a required column is missing from the header row" },
  COLUMNS_DUPLICATE: { kind: "input", title: "two columns map to the same field" },
  SHEET_NOT_FOUND: { kind: "input", title: "the workbook has no sheet by the --sheet name or index" },
  SHEET_AMBIGUOUS: {
    kind: "usage",
    title: "several sheets hold an equally good customer table: --sheet says which one to read",
  },
  XLSX_UNREADABLE: { kind: "input", title: "the workbook cannot be read (not a zip, or damaged)" },
  XLSX_ENCRYPTED: { kind: "input", title: "the workbook is password-protected: save it without a password" },
  XLSX_LEGACY_XLS: { kind: "input", title: "an old binary .xls workbook: save it as .xlsx or CSV" },
  XLSX_MALFORMED: { kind: "input", title: "the workbook's XML breaks off or is not well-formed" },
  EMPTY_INPUT: { kind: "input", title: "the file has a header but no data rows, or nothing at all" },
  AUTH_FAILED: { kind: "auth", title: "Partner Center refused the token (401/403)" },
  LOCKED: { kind: "interrupted", title: "another run holds the lock on the state folder" },
  INTERRUPTED: { kind: "interrupted", title: "stopped by Ctrl-C or a signal" },
  CIRCUIT_OPEN: { kind: "interrupted", title: "too many consecutive failures with the same Partner Center code" },
  INTERNAL: { kind: "internal", title: "an unexpected error (a bug)" },
} as const satisfies Record<string, { kind: ExitKind; title: string }>;

export type RunErrorCode = keyof typeof RUN_ERRORS;

export interface RunErrorContext {
  file?: string;
  line?: number;
  column?: number | string;
  sheet?: string;
  sheetRow?: number;
}

export class RunError extends Error {
  override readonly name = "RunError";
  readonly code: RunErrorCode;
  readonly context: RunErrorContext;

  constructor(code: RunErrorCode, message: string, context: RunErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }

  get exitCode(): number {
    return EXIT_CODES[RUN_ERRORS[this.code].kind].code;
  }

  /**
   * The same error with what became of the rows before it, for an input that breaks off part way: how many were read
   * and reported, and that the outputs keep their `.partial` names (so nobody takes them for a complete run).
   */
  afterRows(rows: number): RunError {
    if (rows === 0 || this.exitCode !== EXIT_CODES.input.code) return this;
    const note = `; ${rows === 1 ? "the row" : `the ${String(rows)} rows`} before it ${rows === 1 ? "was" : "were"} read and reported, in outputs that keep their .partial names`;
    return new RunError(this.code, `${this.message}${note}`, this.context, { cause: this.cause });
  }

  /** One line for a person: where, what, and the code. */
  describe(): string {
    const where = [
      this.context.file,
      this.context.sheet !== undefined ? `sheet '${this.context.sheet}'` : undefined,
      this.context.sheetRow !== undefined ? `row ${this.context.sheetRow}` : undefined,
      this.context.line !== undefined ? `line ${this.context.line}` : undefined,
      this.context.column !== undefined ? `column ${this.context.column}` : undefined,
    ]
      .filter((p) => p !== undefined)
      .join(", ");
    return `${where === "" ? "" : `${where}: `}${this.message} [${this.code}]`;
  }
}

export function isRunError(error: unknown): error is RunError {
  return error instanceof RunError;
}
