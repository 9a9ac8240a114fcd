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

/** The words of `foldName(value)` ("KPN B.V." -> ["kpn", "bv"]; none for a text without letters or digits). */
export function foldWords(value: string): string[] {
  if (value.length <= ASCII_FAST_MAX && isAscii(value)) return wordsAscii(value);
  const folded = foldName(value);
  return folded === "" ? [] : folded.split(" ");
}

const ASCII_FAST_MAX = 256;

/** `foldName` for an ASCII text, from its words (names are folded several times a row; the regular expressions cost more). */
function foldAscii(value: string): string {
  return wordsAscii(value).join(" ");
}

/**
 * `foldWords` for an ASCII text in one pass: the lower-cased text's runs of letters and digits, cut out of it rather
 * than rebuilt character by character. Dots and apostrophes join the runs on either side ("b.v." gives "bv").
 */
function wordsAscii(value: string): string[] {
  const s = value.toLowerCase();
  const words: string[] = [];
  let word = "";
  let run = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (run === -1) run = i;
      continue;
    }
    if (run !== -1) {
      word += s.slice(run, i);
      run = -1;
    }
    // . ' ` are dropped without ending the word; anything else ends it.
    if (c !== 0x2e && c !== 0x27 && c !== 0x60 && word !== "") {
      words.push(word);
      word = "";
    }
  }
  if (run !== -1) word += run === 0 ? s : s.slice(run);
  if (word !== "") words.push(word);
  return words;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
