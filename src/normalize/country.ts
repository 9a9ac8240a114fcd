import countries from "i18n-iso-countries/index.js";
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };
import nl from "i18n-iso-countries/langs/nl.json" with { type: "json" };
import de from "i18n-iso-countries/langs/de.json" with { type: "json" };
import fr from "i18n-iso-countries/langs/fr.json" with { type: "json" };
import aliases from "../data/country-aliases.json" with { type: "json" };
import plNames from "i18n-iso-countries/langs/pl.json" with { type: "json" };
import esNames from "i18n-iso-countries/langs/es.json" with { type: "json" };
import itNames from "i18n-iso-countries/langs/it.json" with { type: "json" };
import svNames from "i18n-iso-countries/langs/sv.json" with { type: "json" };
import csNames from "i18n-iso-countries/langs/cs.json" with { type: "json" };
import skNames from "i18n-iso-countries/langs/sk.json" with { type: "json" };
import huNames from "i18n-iso-countries/langs/hu.json" with { type: "json" };
import ptNames from "i18n-iso-countries/langs/pt.json" with { type: "json" };
import daNames from "i18n-iso-countries/langs/da.json" with { type: "json" };
import fiNames from "i18n-iso-countries/langs/fi.json" with { type: "json" };
import nbNames from "i18n-iso-countries/langs/nb.json" with { type: "json" };
import roNames from "i18n-iso-countries/langs/ro.json" with { type: "json" };
import elNames from "i18n-iso-countries/langs/el.json" with { type: "json" };
import trNames from "i18n-iso-countries/langs/tr.json" with { type: "json" };
import ruNames from "i18n-iso-countries/langs/ru.json" with { type: "json" };
import ukNames from "i18n-iso-countries/langs/uk.json" with { type: "json" };
import bgNames from "i18n-iso-countries/langs/bg.json" with { type: "json" };
import hrNames from "i18n-iso-countries/langs/hr.json" with { type: "json" };
import slNames from "i18n-iso-countries/langs/sl.json" with { type: "json" };
import etNames from "i18n-iso-countries/langs/et.json" with { type: "json" };
import lvNames from "i18n-iso-countries/langs/lv.json" with { type: "json" };
import ltNames from "i18n-iso-countries/langs/lt.json" with { type: "json" };
import isNames from "i18n-iso-countries/langs/is.json" with { type: "json" };
import viNames from "i18n-iso-countries/langs/vi.json" with { type: "json" };
import thNames from "i18n-iso-countries/langs/th.json" with { type: "json" };
import azNames from "i18n-iso-countries/langs/az.json" with { type: "json" };
import hyNames from "i18n-iso-countries/langs/hy.json" with { type: "json" };
import uzNames from "i18n-iso-countries/langs/uz.json" with { type: "json" };
import kkNames from "i18n-iso-countries/langs/kk.json" with { type: "json" };
import kyNames from "i18n-iso-countries/langs/ky.json" with { type: "json" };
import tgNames from "i18n-iso-countries/langs/tg.json" with { type: "json" };
import arNames from "i18n-iso-countries/langs/ar.json" with { type: "json" };
import msNames from "i18n-iso-countries/langs/ms.json" with { type: "json" };
import idNames from "i18n-iso-countries/langs/id.json" with { type: "json" };
import { BoundedCache } from "./cache.js";
import { foldName } from "./fold.js";

const LANGS = [en, nl, de, fr] as const;
for (const locale of LANGS) countries.registerLocale(locale);

/**
 * A country's own name in its own language ("Polska", "España", "Magyarország"), as CRMs in those countries write it:
 * only each language's own countries are taken, so no other country's name in that language can clash.
 */
const ENDONYMS: readonly [{ countries: Record<string, string | string[]> }, readonly string[]][] = [
  [plNames, ["PL"]],
  [esNames, ["ES", "MX", "AR", "CO", "CL", "PE"]],
  [itNames, ["IT", "SM"]],
  [svNames, ["SE"]],
  [csNames, ["CZ"]],
  [skNames, ["SK"]],
  [huNames, ["HU"]],
  [ptNames, ["PT", "BR"]],
  [daNames, ["DK"]],
  [fiNames, ["FI"]],
  [nbNames, ["NO"]],
  [roNames, ["RO", "MD"]],
  [elNames, ["GR", "CY"]],
  [trNames, ["TR"]],
  [ruNames, ["RU", "BY", "KZ", "KG"]],
  [ukNames, ["UA"]],
  [bgNames, ["BG"]],
  [hrNames, ["HR"]],
  [slNames, ["SI"]],
  [etNames, ["EE"]],
  [lvNames, ["LV"]],
  [ltNames, ["LT"]],
  [isNames, ["IS"]],
  [viNames, ["VN"]],
  [thNames, ["TH"]],
  [azNames, ["AZ"]],
  [hyNames, ["AM"]],
  [uzNames, ["UZ"]],
  [kkNames, ["KZ"]],
  [kyNames, ["KG"]],
  [tgNames, ["TJ"]],
  [arNames, ["SA", "AE", "IQ"]],
  [msNames, ["MY"]],
  [idNames, ["ID"]],
];

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
  for (const [locale, own] of ENDONYMS) {
    for (const code of own) {
      const names = locale.countries[code];
      if (names === undefined) continue;
      for (const name of typeof names === "string" ? [names] : names) {
        if (!fixed.has(foldName(name)) && !index.has(foldName(name))) add(name, code);
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
