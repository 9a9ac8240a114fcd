import { describe, expect, it } from "vitest";
import { COUNTRY_EMBARGOED, COUNTRY_SUSPENDED, COUNTRY_UNKNOWN } from "../../src/rules/checks/country.js";
import { findings, flagged, ruleRow } from "./helpers.js";

describe("country rules", () => {
  it.each([
    ["Nederland", []],
    ["UK", []],
    ["DEU", []],
    ["Narnia", ["country"]],
    ["Congo", ["country"]],
  ])("COUNTRY_UNKNOWN %s -> %j", (country, expected) => {
    expect(flagged(COUNTRY_UNKNOWN, ruleRow({ country }))).toEqual(expected);
  });

  it("says what it expected", () => {
    expect(findings(COUNTRY_UNKNOWN, ruleRow({ country: "Narnia" }))).toEqual([
      { field: "country", message: "expected a country name or ISO code, found 'Narnia'" },
    ]);
  });

  it("leaves a missing country to REQUIRED", () => {
    expect(findings(COUNTRY_UNKNOWN, ruleRow({ country: undefined }))).toEqual([]);
  });

  it.each([
    ["Cuba", ["country"]],
    ["IR", ["country"]],
    ["North Korea", ["country"]],
    ["Syria", ["country"]],
    ["Nederland", []],
    ["Russia", []],
  ])("COUNTRY_EMBARGOED %s -> %j", (country, expected) => {
    expect(flagged(COUNTRY_EMBARGOED, ruleRow({ country }))).toEqual(expected);
  });

  it.each([
    ["Rusland", ["country"]],
    ["Belarus", ["country"]],
    ["Cuba", []],
    ["Oekraïne", []],
  ])("COUNTRY_SUSPENDED %s -> %j", (country, expected) => {
    expect(flagged(COUNTRY_SUSPENDED, ruleRow({ country }))).toEqual(expected);
  });

  it("gives the reason of a suspension", () => {
    expect(findings(COUNTRY_SUSPENDED, ruleRow({ country: "RU" }))[0]?.message).toBe(
      "expected a country open to new Microsoft sales, found RU: Microsoft suspended all new sales of its products and services in Russia in March 2022",
    );
    expect(COUNTRY_SUSPENDED.severity).toBe("warning");
    expect(COUNTRY_EMBARGOED.severity).toBe("error");
  });
});
