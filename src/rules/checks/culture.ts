import { defaultCulture, languageOf, regionOf } from "../../normalize/culture.js";
import type { Rule } from "../types.js";
import { given, q } from "./util.js";

export const CULTURE_INVALID: Rule = {
  code: "CULTURE_INVALID",
  severity: "error",
  fields: ["culture"],
  title: "A given culture is a language-REGION tag (nl-NL)",
  source: "API BillingProfile.Culture; countryvalidationrules supportedCulturesList",
  scope: "customer",
  check(row) {
    const text = given(row, "culture");
    if (text === undefined || row.record.culture !== undefined) return undefined;
    return { field: "culture", message: `expected a culture such as nl-NL or en-US, found ${q(text)}` };
  },
};

export const CULTURE_COUNTRY_MISMATCH: Rule = {
  code: "CULTURE_COUNTRY_MISMATCH",
  severity: "warning",
  fields: ["culture", "country"],
  title: "A given culture belongs to the customer's country (nl-BE for BE) or is the country's default",
  source: "API countryvalidationrules supportedCulturesList, defaultCulture",
  scope: "customer",
  check(row) {
    const { culture, country } = row.record;
    if (culture === undefined || country === undefined || given(row, "culture") === undefined) return undefined;
    const fallback = defaultCulture(country);
    if (regionOf(culture) === country || culture === fallback) return undefined;
    return {
      field: "culture",
      message: `expected a culture of ${country} such as ${fallback}, found ${q(culture)}: Partner Center may refuse it`,
    };
  },
};

export const LANGUAGE_INVALID: Rule = {
  code: "LANGUAGE_INVALID",
  severity: "error",
  fields: ["language"],
  title: "A given language is an ISO 639 code (nl)",
  source: "API BillingProfile.Language; countryvalidationrules supportedLanguagesList",
  scope: "customer",
  check(row) {
    const text = given(row, "language");
    if (text === undefined || row.record.language !== undefined) return undefined;
    return { field: "language", message: `expected a language code such as nl or en, found ${q(text)}` };
  },
};

export const LANGUAGE_CULTURE_MISMATCH: Rule = {
  code: "LANGUAGE_CULTURE_MISMATCH",
  severity: "warning",
  fields: ["language", "culture"],
  title: "A given language is the given culture's language (nl with nl-NL)",
  source: "API BillingProfile.Culture and Language",
  scope: "customer",
  check(row) {
    const { language, culture } = row.record;
    if (language === undefined || culture === undefined) return undefined;
    // Only a culture the user gave can contradict the language: a French-speaking customer in BE may well give
    // language fr and keep the country's default culture nl-BE.
    if (given(row, "language") === undefined || given(row, "culture") === undefined) return undefined;
    const expected = languageOf(culture);
    if (language === expected) return undefined;
    return {
      field: "language",
      message: `expected the language of culture ${culture} (${expected}), found ${q(language)}`,
    };
  },
};
