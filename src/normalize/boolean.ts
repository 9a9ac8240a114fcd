const TRUE: ReadonlySet<string> = new Set(["yes", "y", "true", "1", "ja", "j", "x", "waar", "on"]);
const FALSE: ReadonlySet<string> = new Set(["no", "n", "false", "0", "nee", "onwaar", "off"]);

/** yes/no, true/false, 1/0, ja/nee, y/n, j/n, and "x" (a ticked box) as a boolean; undefined for anything else. */
export function normalizeBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}
