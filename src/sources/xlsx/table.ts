import type { SourcePosition, SourceProblem, SourceRecord } from "../../model/source.js";
import { columnName } from "./cell-text.js";
import type { SheetRow } from "./sheet.js";

/** Sheet rows searched for the header row. */
export const HEADER_SEARCH_ROWS = 20;
/** Known column names a row needs to count as the header row. */
export const MIN_HEADER_SCORE = 2;

/** The row's cell texts by column, from column A to its last stored cell, trimmed; errors count as empty. */
export function rowTexts(row: SheetRow): string[] {
  const last = row.cells.at(-1);
  const texts = new Array<string>(last === undefined ? 0 : last.column + 1).fill("");
  for (const cell of row.cells) texts[cell.column] = cell.text.trim();
  return texts;
}

/** Where the table sits: its first column (the header's first non-empty cell) and its header texts. */
export interface TableLayout {
  /** 0-based sheet column of `headers[0]`. */
  firstColumn: number;
  headers: string[];
}

export function tableLayout(headerRow: SheetRow): TableLayout {
  const texts = rowTexts(headerRow);
  const first = texts.findIndex((t) => t !== "");
  let last = texts.length - 1;
  while (last >= 0 && texts[last] === "") last--;
  if (first < 0) return { firstColumn: 0, headers: [] };
  return { firstColumn: first, headers: texts.slice(first, last + 1) };
}

/**
 * A data row as a record, values aligned with the headers; undefined for a row with nothing in it. Error cells and
 * formulas without a stored result become problems with empty text; a value outside the header's columns is not
 * dropped silently but reported.
 */
export function toRecord(row: SheetRow, layout: TableLayout, position: SourcePosition): SourceRecord | undefined {
  const width = layout.headers.length;
  const values = new Array<string>(width).fill("");
  const problems: SourceProblem[] = [];
  let empty = true;
  for (const cell of row.cells) {
    const index = cell.column - layout.firstColumn;
    const ref = `${columnName(cell.column)}${row.row}`;
    const inside = index >= 0 && index < width;
    if (cell.error !== undefined) {
      empty = false;
      const problem: SourceProblem = {
        kind: "cell-error",
        message: `cell ${ref} holds the Excel error ${cell.error}`,
        value: cell.error,
      };
      if (inside) problem.column = index;
      problems.push(problem);
    } else if (cell.uncomputedFormula !== undefined) {
      empty = false;
      const problem: SourceProblem = {
        kind: "cell-error",
        message:
          `cell ${ref} holds a formula without a stored result (=${cell.uncomputedFormula}); ` +
          `open and save the file in Excel or LibreOffice so the result is stored`,
        value: `=${cell.uncomputedFormula}`,
      };
      if (inside) problem.column = index;
      problems.push(problem);
    } else if (cell.text.trim() !== "") {
      empty = false;
      if (inside) {
        values[index] = cell.text;
      } else {
        const range = `${columnName(layout.firstColumn)}-${columnName(layout.firstColumn + width - 1)}`;
        problems.push({
          kind: "outside",
          message: `cell ${ref} holds a value outside the columns of the header row (${range}): it is not read`,
          value: cell.text,
        });
      }
    }
  }
  if (empty) return undefined;
  if (row.hidden === true) {
    problems.push({
      kind: "hidden",
      message: `row ${row.row} is hidden in the workbook (hidden by hand or filtered out): it is read all the same`,
    });
  }
  return { values, position, problems };
}
