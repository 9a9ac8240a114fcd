import { RunError } from "../errors/run-error.js";
import type { ValidationOutcome } from "../outputs/validation-reports.js";

/** Which rows a run takes: `--rows FROM-TO` (data rows, 1-based, inclusive) and `--limit N` accepted rows (a pilot). */
export interface RowSelection {
  from: number;
  to: number;
  limit: number;
}

export const ALL_ROWS: RowSelection = { from: 1, to: Number.POSITIVE_INFINITY, limit: Number.POSITIVE_INFINITY };

/** `--rows 100-200`, `--rows 100-` or `--rows 150`; a usage error otherwise. */
export function parseRowRange(text: string | undefined): { from: number; to: number } {
  if (text === undefined) return { from: 1, to: Number.POSITIVE_INFINITY };
  const m = /^\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?$/.exec(text);
  if (m === null) throw new RunError("USAGE", `--rows takes FROM-TO (e.g. 100-200 or 100-), not '${text}'`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : m[3] === undefined || m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
  if (from < 1 || to < from) throw new RunError("USAGE", `--rows ${text}: FROM must be >= 1 and TO >= FROM`);
  return { from, to };
}

/** The selection of `--rows` and `--limit` (both optional). */
export function rowSelection(rows: string | undefined, limit: number | undefined): RowSelection {
  return { ...parseRowRange(rows), limit: limit ?? Number.POSITIVE_INFINITY };
}

/** Why a row is left out: outside `--rows`, after the pilot's `--limit`, or not failed (`--only-failed`). */
export type NotSelectedCode = "OUTSIDE_ROWS" | "BEYOND_LIMIT" | "NOT_FAILED" | "NOT_PENDING";

/** A run over some keys only (`--only-failed`, `status`): which keys it takes, and what the others are told. */
export interface KeyFilter {
  takes(key: string): boolean;
  code: NotSelectedCode;
  message: string;
}

export interface NotSelected {
  code: NotSelectedCode;
  message: string;
}

/**
 * Decides row by row, in file order, which rows a run takes. A pilot (`--limit N`) is a prefix of the file: it ends at
 * the Nth accepted row, and every row after it is left out. Rejected rows inside the selection stay rejected (their
 * problems are real); with `--only-failed` the accepted and relationship rows that did not fail before are left out.
 */
export class RowSelector {
  private accepted = 0;

  constructor(
    private readonly selection: RowSelection,
    /** `--only-failed` or `status`: the keys the run takes. */
    private readonly filter?: KeyFilter,
  ) {}

  /** Undefined when the run takes the row; why not otherwise. Call once per row. */
  take(row: number, outcome: ValidationOutcome, key: string): NotSelected | undefined {
    const { from, to, limit } = this.selection;
    if (row < from || row > to) {
      const range = `${from}-${to === Number.POSITIVE_INFINITY ? "" : String(to)}`;
      return { code: "OUTSIDE_ROWS", message: `row ${row} is outside --rows ${range}: nothing sent` };
    }
    if (this.accepted >= limit) {
      return {
        code: "BEYOND_LIMIT",
        message: `after the pilot's ${limit} accepted row${limit === 1 ? "" : "s"} (--limit ${limit}): nothing sent`,
      };
    }
    if (outcome === "rejected") return undefined;
    if (this.filter !== undefined && !this.filter.takes(key)) {
      return { code: this.filter.code, message: this.filter.message };
    }
    if (outcome === "accepted") this.accepted++;
    return undefined;
  }
}
