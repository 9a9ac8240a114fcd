import { describe, expect, it } from "vitest";
import aliases from "../../src/data/country-aliases.json" with { type: "json" };
import cultures from "../../src/data/cultures.json" with { type: "json" };
import euEfta from "../../src/data/eu-efta.json" with { type: "json" };
import markets from "../../src/data/markets.json" with { type: "json" };
import postal from "../../src/data/postal-codes.json" with { type: "json" };
import registration from "../../src/data/registration-countries.json" with { type: "json" };
import states from "../../src/data/states.json" with { type: "json" };
import { isCountryCode } from "../../src/normalize/country.js";
import { normalizeCulture } from "../../src/normalize/culture.js";
import { requiresPhoneAndRegistrationId } from "../../src/rules/checks/local-requirements.js";

describe("data files", () => {
  it("list the 24 registration countries of the how-to", () => {
    expect(registration.countries).toHaveLength(24);
    expect(new Set(registration.countries).size).toBe(24);
    expect(registration.countries.filter((c) => !isCountryCode(c))).toEqual([]);
    expect(requiresPhoneAndRegistrationId("BR")).toBe(true);
    expect(requiresPhoneAndRegistrationId("NL")).toBe(false);
  });

  it("list the 27 EU and 4 EFTA states", () => {
    expect(euEfta.eu).toHaveLength(27);
    expect(euEfta.efta).toEqual(["IS", "LI", "NO", "CH"]);
    expect([...euEfta.eu, ...euEfta.efta].filter((c) => !isCountryCode(c))).toEqual([]);
  });

  it("give a reason for every market that is closed or suspended", () => {
    const entries = [...Object.entries(markets.embargoed), ...Object.entries(markets.suspended)];
    expect(Object.keys(markets.embargoed)).toEqual(expect.arrayContaining(["CU", "IR", "KP", "SY"]));
    expect(Object.keys(markets.suspended)).toEqual(["RU", "BY"]);
    for (const [code, reason] of entries) {
      expect(isCountryCode(code), code).toBe(true);
      expect(reason.length, code).toBeGreaterThan(20);
    }
  });

  it("use only known country codes", () => {
    const codes = [
      ...Object.values(aliases.aliases),
      ...Object.keys(postal.formats),
      ...postal.noPostalCodes,
      ...states.required,
      ...states.codeLists,
      ...Object.keys(cultures.defaults),
    ];
    expect(codes.filter((c) => !isCountryCode(c))).toEqual([]);
    expect(postal.noPostalCodes.filter((c) => c in postal.formats)).toEqual([]);
  });

  it("give well-formed default cultures", () => {
    for (const [country, culture] of Object.entries(cultures.defaults)) {
      expect(normalizeCulture(culture, country), country).toBe(culture);
    }
  });
});
