import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";
import data from "../data/postal-codes.json" with { type: "json" };
import { BoundedCache } from "./cache.js";

/** What a country expects of a postal code, for the rules and their messages. */
export interface PostalCodeRule {
  /** False for countries without postal codes (AE, HK, ...). */
  hasPostalCodes: boolean;
  /** Whether an address in the country needs one. */
  required: boolean;
  /** The format in words ("1234 AB"), where known. */
  format?: string;
  example?: string;
}

interface Format {
  rule: PostalCodeRule;
  prefixes: readonly string[];
  pad: readonly number[];
  patterns: readonly (readonly [RegExp, string])[];
}

interface FormatData {
  format: string;
  example: string;
  optional?: boolean;
  prefixes?: string[];
  pad?: number[];
  patterns: string[][];
}

const NONE: PostalCodeRule = { hasPostalCodes: false, required: false };
const UNKNOWN: PostalCodeRule = { hasPostalCodes: true, required: false };
const NO_CODES: ReadonlySet<string> = new Set(data.noPostalCodes);
const FORMATS: ReadonlyMap<string, Format> = new Map(
  Object.entries(data.formats as Record<string, FormatData>).map(([country, f]) => [
    country,
    {
      rule: { hasPostalCodes: true, required: f.optional !== true, format: f.format, example: f.example },
      prefixes: [country, ...(f.prefixes ?? [])],
      pad: f.pad ?? [],
      patterns: f.patterns.map(([re, template]) => [new RegExp(re ?? "$^"), template ?? "$&"] as const),
    },
  ]),
);
const SEPARATORS = /[\s.\-–]/g;
const DIGIT = /\d/;
const DIGITS = /^\d+$/;

/** Whether `country` has postal codes, needs one, and in which format. */
export function postalCodeRule(country: string): PostalCodeRule {
  if (NO_CODES.has(country)) return NONE;
  return FORMATS.get(country)?.rule ?? UNKNOWN;
}

/**
 * A postal code in its country's canonical form: upper case, the country's spacing ("1234ab" -> "1234 AB" in NL), a
 * country prefix removed or added as the country writes it ("D-10115" -> "10115", "1050" -> "LV-1050"), leading zeros
 * that a spreadsheet dropped restored ("2134" -> "02134" in the US). Undefined when it does not fit the country's
 * format. Without a known country, or in one without postal codes, the value is only upper-cased.
 */
export function normalizePostalCode(value: string, country: string | undefined): string | undefined {
  if (country === undefined) return value.toUpperCase();
  // Postal codes repeat from row to row (a city's, a street's): each is worked out once per country. The country is
  // two letters, so the key cannot be read two ways.
  const key = country + value;
  const known = cache.get(key);
  if (known !== undefined) return known === NOT_VALID ? undefined : known;
  const normalized = normalizeUncached(value, country);
  cache.set(key, normalized ?? NOT_VALID);
  return normalized;
}

/** Kept in the cache for a postal code that does not fit its country's format. */
const NOT_VALID = "";
const cache = new BoundedCache<string>();

function normalizeUncached(value: string, country: string): string | undefined {
  const upper = value.toUpperCase();
  if (NO_CODES.has(country)) return upper;
  const format = FORMATS.get(country);
  if (format === undefined) {
    if (!postcodeValidatorExistsForCountry(country)) return upper;
    return postcodeValidator(upper, country) ? upper : undefined;
  }
  let compact = upper.replace(SEPARATORS, "");
  for (const prefix of format.prefixes) {
    if (compact.length > prefix.length && compact.startsWith(prefix) && DIGIT.test(compact.charAt(prefix.length))) {
      compact = compact.slice(prefix.length);
      break;
    }
  }
  if (format.pad.length > 0 && DIGITS.test(compact)) {
    const target = format.pad.find((n) => compact.length < n && compact.length >= n - 2);
    if (target !== undefined && !format.pad.includes(compact.length)) compact = compact.padStart(target, "0");
  }
  for (const [re, template] of format.patterns) {
    if (re.test(compact)) return compact.replace(re, template);
  }
  return undefined;
}
