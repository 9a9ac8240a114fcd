import { allCountries } from "country-region-data";
import { getCountryCallingCode, isSupportedCountry } from "libphonenumber-js";
import countries from "i18n-iso-countries";

/**
 * The emulator's own copy of the country facts Partner Center applies (shared/domain/partner-center.md). It is kept
 * apart from the importer's rule data on purpose: the emulator stands in for Microsoft and checks the importer.
 */

/** Countries that require a company phone number and a registration ID, and the only ones that accept the latter. */
export const REGISTRATION_ID_COUNTRIES: ReadonlySet<string> = new Set(
  "AM AZ BY BR HU IN IQ KZ KG MD MM PL RU SA ZA SS TJ TH TR UA AE UZ VE VN".split(" "),
);

const STATE_REQUIRED: ReadonlySet<string> = new Set(["US", "CA", "AU", "BR", "MX", "IN", "CN"]);
const NO_POSTAL_CODE: ReadonlySet<string> = new Set(["AE", "HK", "QA", "IE", "BS", "AG", "AO"]);
const EU_VAT: ReadonlySet<string> = new Set(
  "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" "),
);

/** Postal code patterns for the countries the seed sells in; others get an empty pattern (not checked). */
const POSTAL_REGEX: Readonly<Record<string, string>> = {
  NL: "^[1-9][0-9]{3} ?[A-Za-z]{2}$",
  BE: "^[1-9][0-9]{3}$",
  DE: "^[0-9]{5}$",
  FR: "^[0-9]{5}$",
  US: "^[0-9]{5}(-[0-9]{4})?$",
  GB: "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$",
  BR: "^[0-9]{5}-?[0-9]{3}$",
  IN: "^[1-9][0-9]{5}$",
  PL: "^[0-9]{2}-[0-9]{3}$",
};

const CULTURES: Readonly<Record<string, readonly string[]>> = {
  NL: ["nl-NL", "en-US"],
  BE: ["nl-BE", "fr-BE", "de-BE", "en-US"],
  DE: ["de-DE", "en-US"],
  FR: ["fr-FR", "en-US"],
  US: ["en-US", "es-US"],
  GB: ["en-GB", "en-US"],
  BR: ["pt-BR", "en-US"],
  IN: ["en-IN", "hi-IN", "en-US"],
  PL: ["pl-PL", "en-US"],
};

const CURRENCIES: Readonly<Record<string, string>> = { US: "USD", GB: "GBP", BR: "BRL", IN: "INR", PL: "PLN" };

export function isKnownCountry(iso2: string): boolean {
  return /^[A-Z]{2}$/.test(iso2) && countries.isValid(iso2);
}

export function isStateRequired(iso2: string): boolean {
  return STATE_REQUIRED.has(iso2);
}

export function currencyOf(iso2: string): string {
  return CURRENCIES[iso2] ?? (EU_VAT.has(iso2) ? "EUR" : "USD");
}

/** The postal code pattern, or undefined when the emulator does not check it. */
export function postalCodeRegex(iso2: string): RegExp | undefined {
  const source = POSTAL_REGEX[iso2];
  return source === undefined ? undefined : new RegExp(source);
}

/** The body of `GET /v1/countryvalidationrules/{iso2}` for a known country. */
export function countryValidationRules(iso2: string): Record<string, unknown> {
  const states = isStateRequired(iso2) ? (allCountries.find((c) => c[1] === iso2)?.[2] ?? []).map((r) => r[1]) : [];
  const cultures = CULTURES[iso2] ?? ["en-US"];
  return {
    iso2Code: iso2,
    defaultCulture: cultures[0],
    isStateRequired: isStateRequired(iso2),
    supportedStatesList: states,
    isPostalCodeRequired: !NO_POSTAL_CODE.has(iso2),
    postalCodeRegex: POSTAL_REGEX[iso2] ?? "",
    isCityRequired: true,
    isVatIdSupported: EU_VAT.has(iso2),
    vatIdRegex: "",
    isRegistrationNumberSupported: REGISTRATION_ID_COUNTRIES.has(iso2),
    isRegistrationNumberRequired: REGISTRATION_ID_COUNTRIES.has(iso2),
    isPhoneNumberRequired: REGISTRATION_ID_COUNTRIES.has(iso2),
    phoneNumberRegex: "",
    supportedCulturesList: cultures,
    supportedLanguagesList: [...new Set(cultures.map((c) => c.split("-")[0] ?? c))],
    countryCallingCodesList: isSupportedCountry(iso2) ? [getCountryCallingCode(iso2)] : [],
  };
}
