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

export function countRow(counts: ValidationCounts, r: CheckedRow): void {
  counts.rows++;
  counts[r.outcome]++;
  for (const issue of r.issues) {
    if (issue.severity === "warning") counts.warnings++;
    counts.issuesByCode[issue.code] = (counts.issuesByCode[issue.code] ?? 0) + 1;
  }
}
