import type { SourcePosition } from "../model/source.js";

/** Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (CSV injection). */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);
const FORMULA_START_ROUNDTRIP = new Set(["=", "+", "-", "@"]);

/** A cell for a report opened in a spreadsheet: a formula-looking value gets a leading `'`. */
export function spreadsheetSafe(value: string): string {
  return value.length > 0 && FORMULA_START.has(value[0] ?? "") ? `'${value}` : value;
}

/**
 * A cell for `rejected.csv`, the file a user fixes and feeds back: only the escapes the reader removes again
 * (`'` before `=`, `+`, `-`, `@`), so the round trip gives back the value as read.
 */
export function roundTripSafe(value: string): string {
  return value.length > 0 && FORMULA_START_ROUNDTRIP.has(value[0] ?? "") ? `'${value}` : value;
}

const NEEDS_QUOTES = /[",;\t|\r\n]/;

/** One CSV line (RFC 4180 quoting, CRLF as Excel writes it). */
export function csvLine(values: readonly string[], delimiter: string): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? "";
    if (i > 0) line += delimiter;
    line += NEEDS_QUOTES.test(v) || v.startsWith(" ") || v.endsWith(" ") ? `"${v.replace(/"/g, '""')}"` : v;
  }
  return `${line}\r\n`;
}

export const UTF8_BOM = "\ufeff";

/** The position columns every CSV report starts with: row, file, sheet, line, sheet_row. */
export const POSITION_COLUMNS = ["row", "file", "sheet", "line", "sheet_row"] as const;

export function positionCells(row: number, s: SourcePosition): string[] {
  return [
    String(row),
    s.file,
    s.sheet ?? "",
    s.line !== undefined ? String(s.line) : "",
    s.sheetRow !== undefined ? String(s.sheetRow) : "",
  ];
}
