import type { SourceProblem } from "../../model/source.js";
import type { Finding, Rule, RuleRow } from "../types.js";

function problemsOf(row: RuleRow, kind: SourceProblem["kind"]): Finding[] | undefined {
  let findings: Finding[] | undefined;
  for (const p of row.problems) {
    if (p.kind !== kind) continue;
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

export const CELL_ERROR: Rule = {
  code: "CELL_ERROR",
  severity: "error",
  fields: [],
  title: "No cell holds a spreadsheet error (#N/A, #REF!, #VALUE!)",
  source: "input contract (reader)",
  scope: "both",
  check: (row) => problemsOf(row, "cell-error"),
};
