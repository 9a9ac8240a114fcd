import { describe, expect, it } from "vitest";
import { foldName, foldWords } from "../../src/normalize/fold.js";
import { foldDiacritics } from "../../src/util/text.js";

/** The definition: lower case, no diacritics, dots and apostrophes dropped, other runs of non-letters one space. */
function byDefinition(value: string): string {
  let s = value.toLowerCase();
  s = foldDiacritics(s).replace(/ß/g, "ss");
  return s
    .replace(/[.'’`´]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

describe("foldName", () => {
  it.each([
    ["KPN B.V.", "kpn bv"],
    ["U.S.A.", "usa"],
    ["Côte d'Ivoire", "cote divoire"],
    ["Pays-Bas", "pays bas"],
    ["  --Müller & Söhne GmbH--  ", "muller sohne gmbh"],
    ["Straße", "strasse"],
    ["O'Brien   &  Co.", "obrien co"],
    ["a . b", "a b"],
    ["", ""],
    ["...", ""],
  ])("%s -> %s", (value, folded) => {
    expect(foldName(value)).toBe(folded);
  });

  it("folds ASCII text in one pass exactly as the definition does", () => {
    const alphabet = "aZ09 .-'`_,&/()\t!?@#";
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let n = 0; n < 5000; n++) {
      let s = "";
      const length = Math.floor(next() * 24);
      for (let i = 0; i < length; i++) s += alphabet.charAt(Math.floor(next() * alphabet.length));
      expect(foldName(s)).toBe(byDefinition(s));
      expect(foldWords(s)).toEqual(wordsOf(byDefinition(s)));
    }
    const long = "Handelsonderneming B.V. ".repeat(20);
    expect(foldName(long)).toBe(byDefinition(long));
    expect(foldWords(long)).toEqual(wordsOf(byDefinition(long)));
  });

  it.each(["KPN B.V.", "Müller & Söhne", "...", "", "b.v.", "J.de Vries", "x"])(
    "foldWords(%s) is foldName's words",
    (v) => {
      expect(foldWords(v)).toEqual(wordsOf(foldName(v)));
    },
  );
});

function wordsOf(folded: string): string[] {
  return folded === "" ? [] : folded.split(" ");
}
