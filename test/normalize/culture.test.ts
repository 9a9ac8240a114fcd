import { describe, expect, it } from "vitest";
import {
  defaultCulture,
  languageOf,
  normalizeCulture,
  normalizeLanguage,
  regionOf,
} from "../../src/normalize/culture.js";

describe("defaultCulture", () => {
  it.each([
    ["NL", "nl-NL"],
    ["BE", "nl-BE"],
    ["DE", "de-DE"],
    ["CH", "de-CH"],
    ["FR", "fr-FR"],
    ["GB", "en-GB"],
    ["US", "en-US"],
    ["BR", "pt-BR"],
    ["JP", "ja-JP"],
    ["NO", "nb-NO"],
    ["IN", "en-IN"],
    ["AM", "en-US"],
    ["IS", "en-US"],
    ["KG", "ru-KG"],
  ])("%s -> %s", (country, expected) => {
    expect(defaultCulture(country)).toBe(expected);
  });
});

describe("normalizeCulture", () => {
  it.each([
    ["nl-NL", "NL", "nl-NL"],
    ["nl_nl", "NL", "nl-NL"],
    ["NL-NL", undefined, "nl-NL"],
    ["fr-BE", "BE", "fr-BE"],
    ["nl", "BE", "nl-BE"],
    ["en-US", "NL", "en-US"],
  ])("%s (country %s) -> %s", (input, country, expected) => {
    expect(normalizeCulture(input, country)).toBe(expected);
  });

  it.each([
    ["Dutch", "NL"],
    ["xx-NL", "NL"],
    ["nl-XX", "NL"],
    ["nl", undefined],
    ["nl-NL-x", "NL"],
  ])("%s (country %s) -> undefined", (input, country) => {
    expect(normalizeCulture(input, country)).toBeUndefined();
  });
});

describe("normalizeLanguage", () => {
  it.each([
    ["nl", "nl"],
    ["NL", "nl"],
    ["nl-NL", "nl"],
    ["Dutch", undefined],
    ["xx", undefined],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeLanguage(input)).toBe(expected);
  });

  it("splits a culture", () => {
    expect(languageOf("nl-BE")).toBe("nl");
    expect(regionOf("nl-BE")).toBe("BE");
    expect(regionOf("nl")).toBeUndefined();
  });
});
