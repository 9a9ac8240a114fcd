import { describe, expect, it } from "vitest";
import { isCountryCode, normalizeCountry } from "../../src/normalize/country.js";

describe("normalizeCountry", () => {
  it.each([
    ["Nederland", "NL"],
    ["Netherlands", "NL"],
    ["The Netherlands", "NL"],
    ["Pays-Bas", "NL"],
    ["Niederlande", "NL"],
    ["Holland", "NL"],
    ["NLD", "NL"],
    ["nl", "NL"],
    ["Deutschland", "DE"],
    ["DEU", "DE"],
    ["Duitsland", "DE"],
    ["Allemagne", "DE"],
    ["België", "BE"],
    ["Belgie", "BE"],
    ["belgique", "BE"],
    ["UK", "GB"],
    ["uk", "GB"],
    ["United Kingdom", "GB"],
    ["Großbritannien", "GB"],
    ["Grossbritannien", "GB"],
    ["England", "GB"],
    ["U.S.A.", "US"],
    ["United States", "US"],
    ["Verenigde Staten", "US"],
    ["États-Unis", "US"],
    ["Etats-Unis d'Amérique", "US"],
    ["Côte d'Ivoire", "CI"],
    ["Türkiye", "TR"],
    ["Turkije", "TR"],
    ["Viet Nam", "VN"],
    ["Schweiz", "CH"],
    ["Österreich", "AT"],
    ["Tsjechië", "CZ"],
    ["Tchéquie", "CZ"],
    ["Wit-Rusland", "BY"],
    ["Weißrussland", "BY"],
    ["Zuid-Afrika", "ZA"],
    ["Verenigde Arabische Emiraten", "AE"],
    ["UAE", "AE"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeCountry(input)).toBe(expected);
  });

  it.each([["Narnia"], ["Congo"], ["Korea"], ["XX"], ["Europe"], ["?"]])("%s -> undefined", (input) => {
    expect(normalizeCountry(input)).toBeUndefined();
  });

  it("answers repeated values from its cache the same way", () => {
    expect(normalizeCountry("Nederland")).toBe("NL");
    expect(normalizeCountry("Nederland")).toBe("NL");
  });

  it.each([
    ["NL", true],
    ["GB", true],
    ["UK", false],
    ["nl", false],
    ["XX", false],
  ])("isCountryCode(%s) = %s", (code, expected) => {
    expect(isCountryCode(code)).toBe(expected);
  });
});
