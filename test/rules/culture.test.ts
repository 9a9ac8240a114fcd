import { describe, expect, it } from "vitest";
import {
  CULTURE_COUNTRY_MISMATCH,
  CULTURE_INVALID,
  LANGUAGE_CULTURE_MISMATCH,
  LANGUAGE_INVALID,
} from "../../src/rules/checks/culture.js";
import { findings, flagged, ruleRow } from "./helpers.js";

describe("culture and language rules", () => {
  it.each([
    [{}, []],
    [{ culture: "nl-NL" }, []],
    [{ culture: "Dutch" }, ["culture"]],
    [{ culture: "xx-NL" }, ["culture"]],
  ])("CULTURE_INVALID %j -> %j", (overrides, expected) => {
    expect(flagged(CULTURE_INVALID, ruleRow(overrides))).toEqual(expected);
  });

  it.each([
    [{}, []],
    [{ culture: "nl-NL" }, []],
    [{ country: "BE", culture: "fr-BE" }, []],
    [{ country: "AM", culture: "en-US", postal_code: "0010" }, []],
    [{ culture: "de-DE" }, ["culture"]],
    [{ country: "BE", culture: "nl-NL" }, ["culture"]],
  ])("CULTURE_COUNTRY_MISMATCH %j -> %j", (overrides, expected) => {
    expect(flagged(CULTURE_COUNTRY_MISMATCH, ruleRow(overrides))).toEqual(expected);
  });

  it("suggests the country's culture", () => {
    expect(findings(CULTURE_COUNTRY_MISMATCH, ruleRow({ culture: "de-DE" }))).toEqual([
      {
        field: "culture",
        message: "expected a culture of NL such as nl-NL, found 'de-DE': Partner Center may refuse it",
      },
    ]);
  });

  it.each([
    [{ language: "nl" }, [], []],
    [{ language: "NL" }, [], []],
    [{ language: "Nederlands" }, ["language"], []],
    [{ language: "fr" }, [], []],
    [{ culture: "nl-NL", language: "fr" }, [], ["language"]],
    [{ culture: "fr-BE", country: "BE", language: "fr" }, [], []],
  ])("LANGUAGE_INVALID / LANGUAGE_CULTURE_MISMATCH %j", (overrides, invalid, mismatch) => {
    const row = ruleRow(overrides);
    expect(flagged(LANGUAGE_INVALID, row)).toEqual(invalid);
    expect(flagged(LANGUAGE_CULTURE_MISMATCH, row)).toEqual(mismatch);
  });
});
