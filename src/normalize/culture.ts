import data from "../data/cultures.json" with { type: "json" };
import { BoundedCache } from "./cache.js";
import { isCountryCode } from "./country.js";

const BILLING_LANGUAGES: ReadonlySet<string> = new Set(data.languages);
const DEFAULTS = data.defaults as Record<string, string | undefined>;
const FALLBACK = "en-US";
const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
const CULTURE = /^([a-z]{2,3})(?:[-_]([a-z]{2}))?$/i;

const defaults = new Map<string, string>();
const cultures = new BoundedCache<string | undefined>();
const languages = new BoundedCache<string | undefined>();

/**
 * The culture Partner Center gets when the row gives none: a listed default, else CLDR's likely language for the
 * country when Microsoft bills in it (NL -> nl-NL, BE -> nl-BE, CH -> de-CH), else en-US.
 */
export function defaultCulture(country: string): string {
  let culture = defaults.get(country);
  if (culture === undefined) {
    culture = DEFAULTS[country] ?? likelyCulture(country);
    defaults.set(country, culture);
  }
  return culture;
}

function likelyCulture(country: string): string {
  try {
    const language = new Intl.Locale(`und-${country}`).maximize().language;
    return BILLING_LANGUAGES.has(language) ? `${language}-${country}` : FALLBACK;
  } catch (error: unknown) {
    if (error instanceof RangeError) return FALLBACK;
    throw error;
  }
}

/**
 * A culture as `language-REGION` ("nl_nl", "NL-NL" -> "nl-NL"); a bare language takes the row's country as its region
 * ("nl" with NL -> "nl-NL"). Undefined when the language or the region is unknown.
 */
export function normalizeCulture(value: string, country: string | undefined): string | undefined {
  const key = `${country ?? ""}|${value}`;
  if (cultures.has(key)) return cultures.get(key);
  const m = CULTURE.exec(value);
  let result: string | undefined;
  if (m !== null) {
    const language = knownLanguage(m[1] ?? "");
    const region = m[2]?.toUpperCase() ?? country;
    if (language !== undefined && region !== undefined && isCountryCode(region)) result = `${language}-${region}`;
  }
  return cultures.set(key, result);
}

/** A language as its lower-case ISO 639 code ("NL", "nl-NL" -> "nl"); undefined when unknown. */
export function normalizeLanguage(value: string): string | undefined {
  if (languages.has(value)) return languages.get(value);
  const m = CULTURE.exec(value);
  return languages.set(value, m === null ? undefined : knownLanguage(m[1] ?? ""));
}

/** The language part of a culture ("nl-NL" -> "nl"). */
export function languageOf(culture: string): string {
  const dash = culture.indexOf("-");
  return dash < 0 ? culture : culture.slice(0, dash);
}

/** The region part of a culture ("nl-BE" -> "BE"), or undefined. */
export function regionOf(culture: string): string | undefined {
  const dash = culture.indexOf("-");
  return dash < 0 ? undefined : culture.slice(dash + 1);
}

function knownLanguage(code: string): string | undefined {
  const lower = code.toLowerCase();
  try {
    return LANGUAGE_NAMES.of(lower) === undefined ? undefined : lower;
  } catch (error: unknown) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
