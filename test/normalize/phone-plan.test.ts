import { describe, expect, it } from "vitest";
import examples from "libphonenumber-js/mobile/examples";
import {
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js/max";
import { fastE164, fastPlan } from "../../src/normalize/phone-plan.js";

/** What libphonenumber itself says: the E.164 form of a number valid for `country`, else undefined. */
function libphonenumber(value: string, country: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(value, country);
  return parsed !== undefined && parsed.countryCallingCode === getCountryCallingCode(country) && parsed.isValid()
    ? parsed.number
    : undefined;
}

/** A small seeded generator, so that a failure can be reproduced. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function digits(next: () => number, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += String(Math.floor(next() * 10));
  return out;
}

/** National numbers for a country: its example mobile number with the tail changed, and random ones. */
function candidates(country: CountryCode, next: () => number): string[] {
  const out: string[] = [];
  const example = getExampleNumber(country, examples)?.nationalNumber;
  if (example !== undefined) {
    out.push(example);
    for (let i = 0; i < 30; i++) {
      const keep = Math.min(example.length, 2 + Math.floor(next() * 3));
      out.push(example.slice(0, keep) + digits(next, example.length - keep));
    }
  }
  for (let i = 0; i < 60; i++) out.push(digits(next, 4 + Math.floor(next() * 9)));
  return out;
}

/** The forms people type a national number in. */
function forms(national: string, callingCode: string, trunk: string | undefined): string[] {
  const spaced = national.replace(/(\d{3})(?=\d)/g, "$1 ");
  return [
    national,
    `${trunk ?? ""}${national}`,
    `${trunk ?? ""}-${spaced.replace(/ /g, "-")}`,
    `+${callingCode} ${spaced}`,
    `00${callingCode}${national}`,
    `+${callingCode}${trunk ?? ""}${national}`,
    `${callingCode}${national}`,
  ];
}

describe("the phone fast path", () => {
  it("agrees with libphonenumber on generated numbers of every country whenever it answers", () => {
    const next = random(20261125);
    let answered = 0;
    const disagreements: string[] = [];
    for (const country of getCountries()) {
      const plan = fastPlan(country);
      if (plan === undefined) continue;
      for (const national of candidates(country, next)) {
        for (const value of forms(national, plan.callingCode, plan.trunk)) {
          const fast = fastE164(plan, value);
          if (fast === undefined) continue;
          answered++;
          const slow = libphonenumber(value, country);
          if (slow !== fast) disagreements.push(`${country} '${value}': fast ${fast}, libphonenumber ${String(slow)}`);
        }
      }
    }
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect(answered).toBeGreaterThan(10_000);
  });

  it.each([
    ["NL", "020 555 1234", "+31205551234"],
    ["NL", "06-12345678", "+31612345678"],
    ["NL", "+31 6 12345678", "+31612345678"],
    ["NL", "0031 20 555 1234", "+31205551234"],
    ["BE", "+32 2 555 12 34", "+3225551234"],
    ["DE", "030 1234567", "+49301234567"],
    ["FR", "01 42 68 53 00", "+33142685300"],
    ["GB", "020 7946 0018", "+442079460018"],
    ["US", "202-555-0143", undefined],
    ["US", "+1 212 555 0143", undefined],
  ] as const)("answers the plain forms people type: %s %s", (country, value, e164) => {
    const plan = fastPlan(country);
    expect(plan).toBeDefined();
    if (plan === undefined) return;
    expect(fastE164(plan, value)).toBe(e164 ?? libphonenumber(value, country));
  });

  it("leaves shared numbering plans other than their main country, and special trunk rules, to libphonenumber", () => {
    expect(fastPlan("GG")).toBeUndefined();
    expect(fastPlan("CA")).toBeUndefined();
    expect(fastPlan("GB")).toBeDefined();
  });

  it("leaves forms with brackets, letters or extensions to libphonenumber", () => {
    const plan = fastPlan("NL");
    if (plan === undefined) throw new Error("NL has a plan");
    for (const value of ["+31 (0)20 555 1234", "020 555 1234 ext. 12", "0800-FLOWERS", "(020) 555 1234"]) {
      expect(fastE164(plan, value)).toBeUndefined();
    }
  });
});
