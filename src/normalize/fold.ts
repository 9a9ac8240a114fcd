import { foldDiacritics } from "../util/text.js";

const DOTS_APOSTROPHES = /[.'’`´]/g;
const NON_ALNUM = /[^\p{L}\p{N}]+/gu;

/**
 * A matching key for names: lower case, no diacritics ("ß" as "ss"), dots and apostrophes dropped ("U.S.A." -> "usa",
 * "Côte d'Ivoire" -> "cote divoire"), every other run of punctuation or space one space ("Pays-Bas" -> "pays bas").
 */
export function foldName(value: string): string {
  let s = value.toLowerCase();
  if (!isAscii(s)) s = foldDiacritics(s).replace(/ß/g, "ss");
  return s.replace(DOTS_APOSTROPHES, "").replace(NON_ALNUM, " ").trim();
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
