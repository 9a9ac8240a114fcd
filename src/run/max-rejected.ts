/** How many rejected rows a run tolerates before it exits 1: `--max-rejected 10` or `--max-rejected 2%`. */
export function rejectedLimit(setting: number | string | undefined, rows: number): number {
  if (setting === undefined) return 0;
  if (typeof setting === "number") return setting;
  if (setting.endsWith("%")) return Math.floor((Number(setting.slice(0, -1)) / 100) * rows);
  return Number(setting);
}

/** Whether a `--max-rejected` text is a count of rows or a percentage up to 100% (`10`, `2%`, `0.5%`). */
export function isMaxRejected(text: string): boolean {
  if (/^\d+$/.test(text)) return true;
  return /^\d+(\.\d+)?%$/.test(text) && Number(text.slice(0, -1)) <= 100;
}
