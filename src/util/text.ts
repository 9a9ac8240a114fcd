/**
 * Trims, collapses runs of white space (no-break and other Unicode spaces too) and of control characters (NUL, bell,
 * DEL, C1 controls, line separators, noncharacters: left by broken exports, never part of a name or address) to one
 * space, drops invisible characters pasted along with a value (soft hyphen, zero-width space, word joiner, BOM), and
 * applies NFC.
 */
export function cleanText(value: string): string {
  // Most cells are plain ASCII text without extra spaces: one pass over them, and they are returned as they are.
  if (isCleanAscii(value)) return value;
  if (!NEEDS_CLEANING.test(value)) return isAscii(value) ? value : value.normalize("NFC");
  const collapsed = value.replace(INVISIBLE, "").replace(SPACES_AND_CONTROLS, " ").trim();
  return isAscii(collapsed) ? collapsed : collapsed.normalize("NFC");
}

// Control characters are what these two match on purpose.
// eslint-disable-next-line no-control-regex
const SPACES_AND_CONTROLS = /[\s\0-\x1f\x7f-\x9f\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufffe\uffff]+/g;
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;
const NEEDS_CLEANING =
  // eslint-disable-next-line no-control-regex
  /^\s|\s$|\s\s|[\0-\x1f\x7f-\x9f\u00a0\u00ad\u2000-\u200b\u2028\u2029\u2060\u202f\u205f\u3000\ufeff\ufffe\uffff]/;

/** Printable ASCII with single inner spaces and none at either end: what `cleanText` leaves unchanged. */
function isCleanAscii(s: string): boolean {
  const last = s.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (i === 0 || i === last || s.charCodeAt(i + 1) === 0x20) return false;
    } else if (c < 0x21 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Removes diacritics ("België" -> "Belgie"), for matching names, never for output. */
export function foldDiacritics(s: string): string {
  return s.normalize("NFD").replace(/\p{Diacritic}/gu, "");
}
