import type { SourceProblem } from "../../model/source.js";
import type { Finding, Rule, RuleRow } from "../types.js";

/**
 * The row's problems of one kind as findings; `inUsedColumn` keeps only those in (true) or out of (false) a column a
 * field is read from.
 */
function problemsOf(row: RuleRow, kind: SourceProblem["kind"], inUsedColumn?: boolean): Finding[] | undefined {
  let findings: Finding[] | undefined;
  for (const p of row.problems) {
    if (p.kind !== kind || (inUsedColumn !== undefined && isUsed(row, p) !== inUsedColumn)) continue;
    const finding: Finding = { message: p.message };
    if (p.value !== undefined) finding.value = p.value;
    const header = p.column === undefined ? undefined : row.headers[p.column];
    if (header !== undefined) finding.column = header;
    (findings ??= []).push(finding);
  }
  return findings;
}

export const ROW_FIELD_COUNT: Rule = {
  code: "ROW_FIELD_COUNT",
  severity: "error",
  fields: [],
  title: "The record has as many fields as the header row",
  source: "input contract (reader)",
  scope: "both",
  check: (row) => problemsOf(row, "field-count"),
};

export const ROW_REPEATS_HEADER: Rule = {
  code: "ROW_REPEATS_HEADER",
  severity: "error",
  fields: [],
  title: "A data row does not repeat the header row (two exports joined into one file): delete it",
  source: "input contract (reader)",
  scope: "both",
  final: true,
  check(row) {
    const { fieldOf, headers, raw } = row;
    if (fieldOf === undefined) return undefined;
    let same = 0;
    for (let column = 0; column < fieldOf.length; column++) {
      const field = fieldOf[column];
      if (field === undefined) continue;
      const value = raw[field];
      if (value === undefined) continue;
      // Lengths first: a customer's value is almost never as long as its column's header.
      const cell = value.trim();
      const header = (headers[column] ?? "").trim();
      if (cell.length !== header.length || cell.toLowerCase() !== header.toLowerCase()) return undefined;
      same++;
    }
    if (same < 2) return undefined;
    return {
      message: "expected a customer, found the header row again (two exports joined into one file?): delete this row",
    };
  },
};

export const ROW_QUOTES_BROKEN: Rule = {
  code: "ROW_QUOTES_BROKEN",
  severity: "error",
  fields: [],
  title: "A quoted field ends at its closing quote (no text after it): otherwise the record may have swallowed others",
  source: "input contract (reader); RFC 4180",
  scope: "both",
  check: (row) => problemsOf(row, "quotes"),
};

/** Whether a problem's column is one a field is read from (unknown mapping: assumed so). */
function isUsed(row: RuleRow, p: SourceProblem): boolean {
  return p.column !== undefined && (row.fieldOf === undefined || row.fieldOf[p.column] !== undefined);
}

export const CELL_ERROR: Rule = {
  code: "CELL_ERROR",
  severity: "error",
  fields: [],
  title: "No cell a field is read from holds a spreadsheet error (#N/A, #REF!, #VALUE!) or an uncomputed formula",
  source: "input contract (reader)",
  scope: "both",
  check: (row) => problemsOf(row, "cell-error", true),
};

export const CELL_ERROR_UNUSED: Rule = {
  code: "CELL_ERROR_UNUSED",
  severity: "warning",
  fields: [],
  title: "A spreadsheet error in a column no field is read from (carried to the reports only)",
  source: "input contract (reader; unknown columns are carried, not checked)",
  scope: "both",
  check: (row) => problemsOf(row, "cell-error", false),
};

export const ROW_HIDDEN: Rule = {
  code: "ROW_HIDDEN",
  severity: "warning",
  fields: [],
  title:
    "A sheet row hidden in the workbook (by hand or by a filter) is read like any other: delete it if it is not to be onboarded",
  source: "input contract (reader)",
  scope: "both",
  check: (row) => problemsOf(row, "hidden"),
};

export const CELL_OUTSIDE_COLUMNS: Rule = {
  code: "CELL_OUTSIDE_COLUMNS",
  severity: "warning",
  fields: [],
  title: "A cell (or CSV field) beside the header's columns, with no header above it, holds a value, which is not read",
  source: "input contract (reader)",
  scope: "both",
  check: (row) => problemsOf(row, "outside"),
};
