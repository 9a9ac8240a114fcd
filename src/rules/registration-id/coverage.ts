import { COUNTRY_SPECS, type IdType, type Verification } from "./countries.js";
import { REGISTRATION_COUNTRIES } from "./rules.js";

/** One ID type of a country, as the rule catalogue documents it. */
export interface IdTypeCoverage {
  name: string;
  label: string;
  format: string;
  /** checksum: check digit verified; structure: embedded date or code verified; format: length and characters only. */
  verified: Verification;
}

/** What the registration-ID rules know of one country. */
export interface CountryCoverage {
  country: string;
  name: string;
  /** Partner Center requires the ID in this country. */
  required: boolean;
  /** Accepted as the business's ID. */
  business: readonly IdTypeCoverage[];
  /** Refused as a person's ID; `soleTrader` ones are accepted when REGISTRATION_ID_SOLE_TRADER is lowered. */
  personal: readonly (IdTypeCoverage & { soleTrader: boolean })[];
  note?: string;
}

function describe(t: IdType): IdTypeCoverage {
  return { name: t.name, label: t.label, format: t.format, verified: t.verified };
}

/** Per country covered (the 24 that require the ID, then the EU members), sorted by code: generates docs/rules.md. */
export const REGISTRATION_ID_COVERAGE: readonly CountryCoverage[] = Object.entries(COUNTRY_SPECS)
  .map(([country, spec]): CountryCoverage => {
    const business = [
      ...(spec.vat === undefined ? [] : [spec.vat.type]),
      ...spec.types.filter((t) => t.holder === "business"),
    ];
    const coverage: CountryCoverage = {
      country,
      name: spec.name,
      required: REGISTRATION_COUNTRIES.includes(country),
      business: business.map(describe),
      personal: spec.types
        .filter((t) => t.holder !== "business")
        .map((t) => ({ ...describe(t), soleTrader: t.holder === "sole-trader" })),
    };
    if (spec.note !== undefined) coverage.note = spec.note;
    return coverage;
  })
  .sort((a, b) => a.country.localeCompare(b.country));
