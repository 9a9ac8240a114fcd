import { describe, expect, it } from "vitest";
import { domainPrefixOf, normalizeDomain } from "../../src/normalize/domain.js";

describe("normalizeDomain", () => {
  it.each([
    ["contoso", "contoso"],
    ["Contoso", "contoso"],
    ["contoso.onmicrosoft.com", "contoso"],
    ["CONTOSO.OnMicrosoft.com", "contoso"],
    ["https://contoso.onmicrosoft.com/", "contoso"],
    ["contoso.onmicrosoft.com.", "contoso"],
    ["kpn2024", "kpn2024"],
    ["a", "a"],
    ["abcdefghijklmnopqrstuvwxyz1", "abcdefghijklmnopqrstuvwxyz1"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each([
    ["contoso.com"],
    ["con-toso"],
    ["con toso"],
    ["contoso_nl"],
    ["abcdefghijklmnopqrstuvwxyz12"],
    ["müller"],
    [""],
  ])("%s -> undefined", (input) => {
    expect(normalizeDomain(input)).toBeUndefined();
  });

  it("tells what a value reduces to", () => {
    expect(domainPrefixOf("https://Contoso.com/")).toBe("contoso.com");
  });
});
