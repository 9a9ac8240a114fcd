import { RunError } from "../errors/run-error.js";

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
