import { describe, expect, it } from "vitest";
import { KeyIndex } from "../src/util/key-index.js";
import { cleanText } from "../src/util/text.js";

describe("cleanText", () => {
  it.each([
    ["Acme BV", "Acme BV"],
    ["  Acme   BV ", "Acme BV"],
    ["Acme\u00a0BV", "Acme BV"],
    ["Acme\tBV", "Acme BV"],
    ["\ufeffAcme", "Acme"],
    ["Cafe\u0301", "Café"],
    ["", ""],
    ["   ", ""],
    [" ", ""],
    ["a", "a"],
    ["Acme BV ", "Acme BV"],
    [" Acme BV", "Acme BV"],
    ["Acme  BV", "Acme BV"],
    ["Acme\nBV", "Acme BV"],
    ["Acme\u007fBV", "Acme BV"],
    ["Bakkerij\u0000Noord", "Bakkerij Noord"],
    ["Bakkerij\u0007 Bel B.V.", "Bakkerij Bel B.V."],
    ["Acme\u0085BV\u2028", "Acme BV"],
    ["\u001bAcme\ufffe", "Acme"],
    ["Ver\u00adhoeven", "Verhoeven"],
    ["info@\u200bschilders.nl", "info@schilders.nl"],
    ["Acme\u2060 BV\ufeff", "Acme BV"],
    ["~!@#$%^&*()_+{}|:<>?", "~!@#$%^&*()_+{}|:<>?"],
  ])("%j -> %j", (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it("leaves clean text as it is, and agrees with the full cleaning on every printable ASCII pair and space", () => {
    const chars = [" ", "\t", "a", "~", "\u007f", "é"];
    for (const a of chars)
      for (const b of chars)
        for (const c of chars) {
          const text = a + b + c;
          const full = text
            .replace(/[\s\u007f\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g, " ")
            .trim()
            .normalize("NFC");
          expect(cleanText(text), JSON.stringify(text)).toBe(full);
        }
  });
});

describe("KeyIndex", () => {
  it("remembers the first row of each key across growth, compactly", () => {
    const index = new KeyIndex(4);
    for (let i = 1; i <= 100_000; i++) expect(index.firstSeen(`key-${i}`, i)).toBeUndefined();
    for (let i = 1; i <= 100_000; i += 997) expect(index.firstSeen(`key-${i}`, 200_000)).toBe(i);
    expect(index.get("key-77")).toBe(77);
    expect(index.get("missing")).toBeUndefined();
    expect(index.size).toBe(100_000);
    // 12 bytes a slot, at least 8/15 full after growing by half at 4/5: at most 22.5 bytes a key.
    expect(index.byteLength / index.size).toBeLessThanOrEqual(23);
  });

  it("makes room ahead for the keys it is told of, keeping those it has, and never shrinks", () => {
    const index = new KeyIndex(4);
    for (let i = 1; i <= 100; i++) index.firstSeen(`key-${i}`, i);
    index.reserve(10_000);
    const reserved = index.byteLength;
    // 12 bytes a slot, a quarter more slots than keys.
    expect(reserved).toBe(Math.ceil(10_000 * 1.25) * 12);
    for (let i = 1; i <= 100; i++) expect(index.get(`key-${i}`)).toBe(i);
    for (let i = 101; i <= 10_000; i++) expect(index.firstSeen(`key-${i}`, i)).toBeUndefined();
    expect(index.byteLength).toBe(reserved);
    index.reserve(50);
    expect(index.byteLength).toBe(reserved);
    expect(index.firstSeen("key-5000", 20_000)).toBe(5000);
  });
});
