import type { Field } from "../../model/fields.js";
import { cleaned } from "../../normalize/record.js";
import type { Finding, RuleRow } from "../types.js";

/** The cleaned text of a field as read, or undefined when blank. */
export function given(row: RuleRow, field: Field): string | undefined {
  return cleaned(row.raw, field);
}

/** Whether the row has a value for `field`: normalized, or at least not blank as read. */
export function present(row: RuleRow, field: Field): boolean {
  const record: Readonly<Partial<Record<Field, unknown>>> = row.record;
  return record[field] !== undefined || given(row, field) !== undefined;
}

/**
 * The number a user finds the row by in the file: its line (CSV) or sheet row (XLSX), the data row number without a
 * position. The cross-row indexes keep this number, so a message can point at the earlier row as the user sees it.
 */
export function rowMark(row: RuleRow): number {
  return row.at?.line ?? row.at?.sheetRow ?? row.row;
}

/** An earlier row's mark (see `rowMark`) in words: `line 27`, `sheet row 27`, `row 27`. */
export function markText(row: RuleRow, mark: number): string {
  if (row.at?.line !== undefined) return `line ${mark}`;
  if (row.at?.sheetRow !== undefined) return `sheet row ${mark}`;
  return `row ${mark}`;
}

/** A value quoted for a message, shortened when long. */
export function q(value: string): string {
  return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
}

/** Code point count, so that "Ærø" is 3 characters as a user counts them. */
export function charCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** `findings` with one more for `field` when there is a `message` (the list is made on the first). */
export function withFinding(
  findings: Finding[] | undefined,
  field: Field,
  message: string | undefined,
): Finding[] | undefined {
  if (message === undefined) return findings;
  (findings ??= []).push({ field, message });
  return findings;
}
