// Excel writes its TRUE and FALSE in the user's language into a CSV: WAAR/ONWAAR (Dutch), WAHR/FALSCH (German),
// VRAI/FAUX (French).
const TRUE: ReadonlySet<string> = new Set([
  "yes",
  "y",
  "true",
  "1",
  "ja",
  "j",
  "x",
  "waar",
  "wahr",
  "vrai",
  "oui",
  "on",
]);
const FALSE: ReadonlySet<string> = new Set([
  "no",
  "n",
  "false",
  "0",
  "nee",
  "onwaar",
  "falsch",
  "nein",
  "faux",
  "non",
  "off",
]);

/**
 * yes/no, true/false, 1/0, ja/nee, y/n, j/n, "x" (a ticked box), and Excel's TRUE/FALSE in Dutch, German and French as
 * a boolean; undefined for anything else.
 */
export function normalizeBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}
