import type { CustomerRecord } from "./record.js";

/** Where a row came from: the file, and the sheet and sheet row (XLSX) or the physical line (CSV). */
export interface SourcePosition {
  file: string;
  sheet?: string;
  /** 1-based physical line where the CSV record starts. */
  line?: number;
  /** 1-based row number in the XLSX sheet. */
  sheetRow?: number;
}

/** A problem the reader found in one record or cell (ragged row, Excel error cell): reported as row issues. */
export interface SourceProblem {
  /**
   * field-count: a CSV record with more or fewer fields than the header; quotes: a CSV record whose quotes are broken;
   * cell-error: an Excel error cell or a formula without a stored result; outside: a sheet cell with a value beside the
   * header's columns; hidden: a sheet row hidden in the workbook (by hand or by a filter).
   */
  kind: "field-count" | "quotes" | "cell-error" | "outside" | "hidden";
  /** Index of the column concerned, when one is. */
  column?: number;
  message: string;
  value?: string;
}

/** One data record as a reader yields it: the cell texts in header order. */
export interface SourceRecord {
  values: string[];
  position: SourcePosition;
  problems: SourceProblem[];
  /** The normalized record, when the reader normalized it already (the reading thread does, see `normalizeWith`). */
  normalized?: CustomerRecord;
  /**
   * The JSON of `normalized` and of its changes (see `changesJson`), when the reader wrote them already (the reading
   * thread does, to share the work of `accepted.jsonl` between the two cores).
   */
  rendered?: RenderedRecord;
}

/** The UTF-8 JSON of a record at `bytes[start, middle)`, and of its changes at `[middle, end)` (empty: no change). */
export interface RenderedRecord {
  /** The whole batch's bytes, shared by its records. */
  bytes: Uint8Array;
  start: number;
  middle: number;
  end: number;
}
