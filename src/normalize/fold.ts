import { foldDiacritics } from "../util/text.js";

const DOTS_APOSTROPHES = /[.'’`´]/g;
const NON_ALNUM = /[^\p{L}\p{N}]+/gu;

/**
 * A matching key for names: lower case, no diacritics ("ß" as "ss"), dots and apostrophes dropped ("U.S.A." -> "usa",
 * "Côte d'Ivoire" -> "cote divoire"), every other run of punctuation or space one space ("Pays-Bas" -> "pays bas").
 */
export function foldName(value: string): string {
  if (value.length <= ASCII_FAST_MAX && isAscii(value)) return foldAscii(value);
  let s = value.toLowerCase();
  if (!isAscii(s)) s = foldDiacritics(s).replace(/ß/g, "ss");
  return s.replace(DOTS_APOSTROPHES, "").replace(NON_ALNUM, " ").trim();
}

const ASCII_FAST_MAX = 256;
const codes: number[] = [];

/** `foldName` for an ASCII text in one pass (names are folded several times a row; the regular expressions cost more). */
function foldAscii(value: string): string {
  codes.length = 0;
  let gap = false;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    // . ' ` are dropped without leaving a gap.
    if (c === 0x2e || c === 0x27 || c === 0x60) continue;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (gap && codes.length > 0) codes.push(0x20);
      gap = false;
      codes.push(c);
    } else {
      gap = true;
    }
  }
  return String.fromCharCode(...codes);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
