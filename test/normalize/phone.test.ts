import { describe, expect, it } from "vitest";
import { describePhoneProblem, examplePhone, normalizePhone } from "../../src/normalize/phone.js";

describe("normalizePhone", () => {
  it.each([
    ["06-12345678", "NL", "+31612345678"],
    ["06 1234 5678", "NL", "+31612345678"],
    ["+31 6 12345678", "NL", "+31612345678"],
    ["0031 6 12345678", "NL", "+31612345678"],
    ["+31 (0)20 123 4567", "NL", "+31201234567"],
    ["(020) 123 45 67", "NL", "+31201234567"],
    // stored as a number by a spreadsheet: the leading zero or the plus is gone
    ["612345678", "NL", "+31612345678"],
    ["31612345678", "NL", "+31612345678"],
    ["212345678", "IT", "+390212345678"],
    ["470123456", "BE", "+32470123456"],
    ["2015550123", "US", "+12015550123"],
    ["11 98765-4321", "BR", "+5511987654321"],
    ["8 495 123-45-67", "RU", "+74951234567"],
    ["07911 123456", "GB", "+447911123456"],
    ["+44 7911 123456", undefined, "+447911123456"],
  ])("%s in %s -> %s", (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it.each([
    ["123", "NL"],
    ["0612345", "NL"],
    ["06123456789", "NL"],
    ["0112345678", "NL"],
    ["+32 470 12 34 56", "NL"],
    ["555-0100", "US"],
    ["not a phone", "NL"],
    ["0612345678", undefined],
  ])("%s in %s -> undefined", (input, country) => {
    expect(normalizePhone(input, country)).toBeUndefined();
  });

  it("names the other country of a foreign number", () => {
    expect(describePhoneProblem("+32 470 12 34 56", "NL")).toBe("'+32 470 12 34 56' is a number of BE, not of NL");
    expect(describePhoneProblem("123", "NL")).toBe("'123' is not a valid phone number for NL");
  });

  it("gives an example number of a country", () => {
    expect(examplePhone("NL")).toMatch(/^\+31 6/);
    expect(examplePhone("XX")).toBeUndefined();
  });
});
