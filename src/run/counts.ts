import type { CheckedRow } from "../outputs/validation-reports.js";

/** What a validation counts: every row ends in exactly one of accepted, rejected, relationship. */
export interface ValidationCounts {
  rows: number;
  accepted: number;
  rejected: number;
  relationship: number;
  warnings: number;
  issuesByCode: Record<string, number>;
}

export function emptyCounts(): ValidationCounts {
  return { rows: 0, accepted: 0, rejected: 0, relationship: 0, warnings: 0, issuesByCode: {} };
}

export function countRow(counts: ValidationCounts, r: CheckedRow): void {
  counts.rows++;
  counts[r.outcome]++;
  for (const issue of r.issues) {
    if (issue.severity === "warning") counts.warnings++;
    counts.issuesByCode[issue.code] = (counts.issuesByCode[issue.code] ?? 0) + 1;
  }
}

/** Adds the counts of a batch of rows to a running total. */
export function addCounts(total: ValidationCounts, batch: ValidationCounts): void {
  total.rows += batch.rows;
  total.accepted += batch.accepted;
  total.rejected += batch.rejected;
  total.relationship += batch.relationship;
  total.warnings += batch.warnings;
  for (const [code, n] of Object.entries(batch.issuesByCode)) {
    total.issuesByCode[code] = (total.issuesByCode[code] ?? 0) + n;
  }
}
