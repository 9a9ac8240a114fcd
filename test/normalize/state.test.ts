import { describe, expect, it } from "vitest";
import { normalizeState, stateRequired, statesOf } from "../../src/normalize/state.js";

describe("normalizeState", () => {
  it.each([
    ["California", "US", "CA"],
    ["california", "US", "CA"],
    ["CA", "US", "CA"],
    ["ca", "US", "CA"],
    ["US-CA", "US", "CA"],
    ["Indiana", "US", "IN"],
    ["IN", "US", "IN"],
    ["Washington D.C.", "US", "DC"],
    ["District of Columbia", "US", "DC"],
    ["Ontario", "CA", "ON"],
    ["Québec", "CA", "QC"],
    ["Quebec", "CA", "QC"],
    ["PQ", "CA", "QC"],
    ["New South Wales", "AU", "NSW"],
    ["nsw", "AU", "NSW"],
    ["São Paulo", "BR", "SP"],
    ["Sao Paulo", "BR", "SP"],
    ["Ciudad de México", "MX", "CMX"],
    ["CDMX", "MX", "CMX"],
    ["Nuevo León", "MX", "NLE"],
    ["Maharashtra", "IN", "MH"],
    ["Orissa", "IN", "OR"],
    ["TS", "IN", "TG"],
    ["Guangdong", "CN", "GD"],
    ["Noord-Holland", "NL", "Noord-Holland"],
    ["Bavaria", "DE", "Bavaria"],
    ["Anything", undefined, "Anything"],
  ])("%s in %s -> %s", (input, country, expected) => {
    expect(normalizeState(input, country)).toBe(expected);
  });

  it.each([
    ["Cali", "US"],
    ["XX", "US"],
    ["Bavaria", "US"],
    ["Texas", "CA"],
    ["Taiwan", "CN"],
  ])("%s in %s -> undefined", (input, country) => {
    expect(normalizeState(input, country)).toBeUndefined();
  });

  it.each([
    ["US", true],
    ["CA", true],
    ["AU", true],
    ["BR", true],
    ["MX", true],
    ["IN", true],
    ["CN", true],
    ["NL", false],
    ["DE", false],
  ])("stateRequired(%s) = %s", (country, expected) => {
    expect(stateRequired(country)).toBe(expected);
  });

  it("lists a country's states by code", () => {
    expect(statesOf("CA")?.get("QC")).toBe("Quebec");
    expect(statesOf("NL")).toBeUndefined();
  });
});
