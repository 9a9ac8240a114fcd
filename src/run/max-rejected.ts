/** How many rejected rows a run tolerates before it exits 1: `--max-rejected 10` or `--max-rejected 2%`. */
export function rejectedLimit(setting: number | string | undefined, rows: number): number {
  if (setting === undefined) return 0;
  if (typeof setting === "number") return setting;
  if (setting.endsWith("%")) return Math.floor((Number(setting.slice(0, -1)) / 100) * rows);
  return Number(setting);
}
