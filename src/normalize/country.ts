import countries from "i18n-iso-countries/index.js";
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };
import nl from "i18n-iso-countries/langs/nl.json" with { type: "json" };
import de from "i18n-iso-countries/langs/de.json" with { type: "json" };
import fr from "i18n-iso-countries/langs/fr.json" with { type: "json" };
import aliases from "../data/country-aliases.json" with { type: "json" };
import { BoundedCache } from "./cache.js";
import { foldName } from "./fold.js";

const LANGS = [en, nl, de, fr] as const;
for (const locale of LANGS) countries.registerLocale(locale);

/** Folded country name or code -> ISO alpha-2. Built once: codes first, then the aliases, then names. */
const BY_NAME: ReadonlyMap<string, string> = buildIndex();
const cache = new BoundedCache<string | undefined>();

function buildIndex(): Map<string, string> {
  const index = new Map<string, string>();
  const ambiguous = new Set<string>();
  const add = (name: string, code: string): void => {
    const key = foldName(name);
    if (key === "" || ambiguous.has(key)) return;
    const known = index.get(key);
    if (known === undefined) index.set(key, code);
    else if (known !== code) {
      // "Congo" names CG in one list and CD in another: better unknown than wrong.
      index.delete(key);
      ambiguous.add(key);
    }
  };
  const alpha2 = Object.keys(countries.getAlpha2Codes());
  for (const code of alpha2) index.set(code.toLowerCase(), code);
  for (const [alpha3, code] of Object.entries(countries.getAlpha3Codes())) index.set(alpha3.toLowerCase(), code);
  for (const [name, code] of Object.entries(aliases.aliases)) index.set(foldName(name), code);
  const fixed = new Set(index.keys());
  for (const locale of LANGS) {
    for (const [code, names] of Object.entries(locale.countries)) {
      for (const name of typeof names === "string" ? [names] : names) {
        if (!fixed.has(foldName(name))) add(name, code);
      }
    }
  }
  return index;
}

/**
 * ISO 3166-1 alpha-2 code for a country name (English, Dutch, German, French), alpha-2 or alpha-3 code, ignoring case,
 * diacritics and punctuation: "Nederland", "Pays-Bas", "DEU", "België", "UK" -> "NL", "NL", "DE", "BE", "GB".
 * Undefined when the value names no country.
 */
export function normalizeCountry(value: string): string | undefined {
  if (cache.has(value)) return cache.get(value);
  return cache.set(value, BY_NAME.get(foldName(value)));
}

/** Whether `code` is an ISO 3166-1 alpha-2 code the country list knows. */
export function isCountryCode(code: string): boolean {
  return code.length === 2 && BY_NAME.get(code.toLowerCase()) === code;
}
