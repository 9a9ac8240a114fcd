import { postcodeValidator } from "postcode-validator";
import { describe, expect, it } from "vitest";
import data from "../../src/data/postal-codes.json" with { type: "json" };
import { normalizePostalCode, postalCodeRule } from "../../src/normalize/postal-code.js";

describe("normalizePostalCode", () => {
  it.each([
    ["1234ab", "NL", "1234 AB"],
    ["1234 ab", "NL", "1234 AB"],
    ["NL-1012 AB", "NL", "1012 AB"],
    ["2134", "US", "02134"],
    ["501", "US", "00501"],
    ["98052-6399", "US", "98052-6399"],
    ["980526399", "US", "98052-6399"],
    ["D-10115", "DE", "10115"],
    ["1067", "DE", "01067"],
    ["75001", "FR", "75001"],
    ["75 001", "FR", "75001"],
    ["8001", "ES", "08001"],
    ["1234", "FR", "01234"],
    ["B-1000", "BE", "1000"],
    ["sw1a1aa", "GB", "SW1A 1AA"],
    ["EC1A 1BB", "GB", "EC1A 1BB"],
    ["k1a0b1", "CA", "K1A 0B1"],
    ["d02x285", "IE", "D02 X285"],
    ["1000001", "JP", "100-0001"],
    ["〒100-0001", "JP", "100-0001"],
    ["00950", "PL", "00-950"],
    ["950", "PL", "00-950"],
    ["01310100", "BR", "01310-100"],
    ["1310100", "BR", "01310-100"],
    ["1050", "LV", "LV-1050"],
    ["LV-1050", "LV", "LV-1050"],
    ["lt-01100", "LT", "LT-01100"],
    ["11455", "SE", "114 55"],
    ["SE-114 55", "SE", "114 55"],
    ["110 00", "CZ", "110 00"],
    ["81101", "SK", "811 01"],
    ["1000-001", "PT", "1000-001"],
    ["vlt1117", "MT", "VLT 1117"],
    ["AZ1000", "AZ", "AZ 1000"],
    ["1000", "AZ", "AZ 1000"],
    ["2001", "MD", "MD-2001"],
    ["18956", "SG", "018956"],
    ["800", "AU", "0800"],
    ["C.P. 06600", "MX", "06600"],
    ["110001", "IN", "110001"],
    ["101000", "RU", "101000"],
    ["1001", "UA", "01001"],
    ["6100", "TR", "06100"],
    ["10000", "VN", "10000"],
    ["any text", "AE", "ANY TEXT"],
    ["12345", undefined, "12345"],
    ["1-2", "KE", undefined],
    ["00100", "KE", "00100"],
  ])("%s in %s -> %s", (input, country, expected) => {
    expect(normalizePostalCode(input, country)).toBe(expected);
  });

  it.each([
    ["1234", "NL"],
    ["0123 AB", "NL"],
    ["1234 SS", "NL"],
    ["123456", "US"],
    ["12", "US"],
    ["00000", "DE"],
    ["53001", "ES"],
    ["0100", "BE"],
    ["1234", "PT"],
    ["ABC", "GB"],
    ["D1A 1A1", "CA"],
    ["012345", "IN"],
    ["123", "FR"],
  ])("%s in %s -> undefined", (input, country) => {
    expect(normalizePostalCode(input, country)).toBeUndefined();
  });

  it("describes each country's rule", () => {
    expect(postalCodeRule("NL")).toEqual({
      hasPostalCodes: true,
      required: true,
      format: "1234 AB",
      example: "1012 AB",
    });
    expect(postalCodeRule("IE")).toMatchObject({ hasPostalCodes: true, required: false });
    expect(postalCodeRule("AE")).toEqual({ hasPostalCodes: false, required: false });
    expect(postalCodeRule("SS")).toEqual({ hasPostalCodes: false, required: false });
    expect(postalCodeRule("KE")).toEqual({ hasPostalCodes: true, required: false });
  });

  it.each(Object.entries(data.formats))("%s: its example is canonical", (country, format) => {
    expect(normalizePostalCode(format.example, country)).toBe(format.example);
  });

  // Where postcode-validator and this table disagree on a canonical example, the table was corrected on purpose.
  it("differs from postcode-validator only where that one was found wrong", () => {
    const disagree = Object.entries(data.formats)
      .filter(([country, f]) => !postcodeValidator(f.example, country))
      .map(([country]) => country)
      .sort();
    expect(disagree).toEqual(["AZ", "MD"]);
  });
});
