import type { CustomerRecord } from "../model/record.js";
import { defaultCulture } from "../normalize/culture.js";
import { postalCodeRule } from "../normalize/postal-code.js";
import { stateRequired } from "../normalize/state.js";
import { requiresPhoneAndRegistrationId } from "../rules/checks/local-requirements.js";

/** `GET /v1/countryvalidationrules/{iso2}`: what Partner Center checks of a customer in a country (fields it gave). */
export interface CountryRules {
  isStateRequired?: boolean;
  supportedStatesList?: string[];
  isPostalCodeRequired?: boolean;
  postalCodeRegex?: string;
  isCityRequired?: boolean;
  phoneNumberRegex?: string;
  isVatIdSupported?: boolean;
  isRegistrationNumberSupported?: boolean;
  /** Not in every answer (the documented list has only `isRegistrationNumberSupported`). */
  isRegistrationNumberRequired?: boolean;
  isPhoneNumberRequired?: boolean;
  supportedCulturesList?: string[];
  supportedLanguagesList?: string[];
  defaultCulture?: string;
}

const BOOLEANS = [
  "isStateRequired",
  "isPostalCodeRequired",
  "isCityRequired",
  "isVatIdSupported",
  "isRegistrationNumberSupported",
  "isRegistrationNumberRequired",
  "isPhoneNumberRequired",
] as const;
const STRINGS = ["postalCodeRegex", "phoneNumberRegex", "defaultCulture"] as const;
const LISTS = ["supportedStatesList", "supportedCulturesList", "supportedLanguagesList"] as const;

/** The answer's fields of known type; anything else is left out, so a changed API cannot break the comparison. */
export function parseCountryRules(body: unknown): CountryRules {
  const out: CountryRules = {};
  if (typeof body !== "object" || body === null) return out;
  const b = body as Record<string, unknown>;
  for (const k of BOOLEANS) if (typeof b[k] === "boolean") out[k] = b[k];
  for (const k of STRINGS) if (typeof b[k] === "string" && b[k] !== "") out[k] = b[k];
  for (const k of LISTS) {
    const v = b[k];
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string");
  }
  return out;
}

/** The tool's own country facts, as its rules and normalizers apply them. */
export interface ToolCountryFacts {
  stateRequired: boolean;
  postalCodeRequired: boolean;
  /** Phone and registration ID required (the 24 countries), and the only countries it sends a registration ID to. */
  registrationCountry: boolean;
  defaultCulture: string;
}

export function toolCountryFacts(country: string): ToolCountryFacts {
  return {
    stateRequired: stateRequired(country),
    postalCodeRequired: postalCodeRule(country).required,
    registrationCountry: requiresPhoneAndRegistrationId(country),
    defaultCulture: defaultCulture(country),
  };
}

const says = (required: boolean): string => (required ? "requires" : "does not require");

/**
 * Where Partner Center's rules for a country and the tool's own differ, one sentence each (empty when they agree on
 * everything the answer tells). A fact the answer leaves out is not compared.
 */
export function countryRuleDifferences(country: string, api: CountryRules): string[] {
  const tool = toolCountryFacts(country);
  const out: string[] = [];
  const compare = (apiValue: boolean | undefined, toolValue: boolean, what: string): void => {
    if (apiValue !== undefined && apiValue !== toolValue) {
      out.push(`Partner Center ${says(apiValue)} ${what} in ${country}; the tool ${says(toolValue)} one`);
    }
  };
  compare(api.isStateRequired, tool.stateRequired, "a state");
  compare(api.isPostalCodeRequired, tool.postalCodeRequired, "a postal code");
  compare(api.isRegistrationNumberRequired, tool.registrationCountry, "a registration ID");
  compare(api.isPhoneNumberRequired, tool.registrationCountry, "a company phone number");
  if (api.isRegistrationNumberSupported === true && !tool.registrationCountry) {
    out.push(
      `Partner Center accepts a registration ID in ${country}; the tool sends one only in the 24 registration countries and leaves it out here`,
    );
  } else if (api.isRegistrationNumberSupported === false && tool.registrationCountry) {
    out.push(
      `Partner Center does not accept a registration ID in ${country}; the tool requires and sends one (update src/data/registration-countries.json)`,
    );
  }
  const cultures = api.supportedCulturesList ?? [];
  if (cultures.length > 0 && !includesFolded(cultures, tool.defaultCulture)) {
    out.push(
      `the tool's default culture for ${country}, ${tool.defaultCulture}, is not one Partner Center supports there (${cultures.join(", ")})`,
    );
  } else if (
    api.defaultCulture !== undefined &&
    api.defaultCulture.toLowerCase() !== tool.defaultCulture.toLowerCase()
  ) {
    out.push(
      `Partner Center's default culture for ${country} is ${api.defaultCulture}; the tool's is ${tool.defaultCulture}`,
    );
  }
  return out;
}

/** What Partner Center's rules say of one row the tool accepted. */
export interface RowVersusCountryRules {
  /** What Partner Center would refuse (a required value missing). */
  refusals: string[];
  /** Values that do not match Partner Center's patterns or lists (the address validation may still accept them). */
  doubts: string[];
}

/**
 * Checks a row's record against its country's rules from Partner Center. `sendsRegistrationId`: whether the import
 * sends the row's registration ID there (only in the registration countries).
 */
export function checkAgainstCountryRules(
  r: CustomerRecord,
  api: CountryRules,
  sendsRegistrationId: boolean,
): RowVersusCountryRules {
  const country = r.country ?? "";
  const refusals: string[] = [];
  const doubts: string[] = [];
  const need = (rule: boolean | undefined, value: string | undefined, what: string): void => {
    if (rule === true && (value === undefined || value.trim() === "")) {
      refusals.push(`Partner Center requires ${what} in ${country}, the row has none`);
    }
  };
  need(api.isStateRequired, r.state, "a state");
  need(api.isPostalCodeRequired, r.postal_code, "a postal code");
  need(api.isCityRequired, r.city, "a city");
  need(api.isPhoneNumberRequired, r.phone, "a company phone number (600051)");
  if (api.isRegistrationNumberRequired === true) {
    if (r.registration_id === undefined) {
      refusals.push(`Partner Center requires a registration ID in ${country} (600049), the row has none`);
    } else if (!sendsRegistrationId) {
      refusals.push(
        `Partner Center requires a registration ID in ${country} (600049), and the tool does not send one there`,
      );
    }
  }
  const pattern = (source: string | undefined, value: string | undefined, what: string): void => {
    if (source === undefined || value === undefined) return;
    const re = compile(source);
    if (re !== undefined && !re.test(value)) {
      doubts.push(`${what} '${value}' does not match Partner Center's pattern for ${country} (${source})`);
    }
  };
  pattern(api.postalCodeRegex, r.postal_code, "postal code");
  pattern(api.phoneNumberRegex, r.phone, "phone number");
  const states = api.supportedStatesList ?? [];
  if (r.state !== undefined && states.length > 0 && !includesFolded(states, r.state)) {
    doubts.push(`state '${r.state}' is not in Partner Center's list for ${country}`);
  }
  const cultures = api.supportedCulturesList ?? [];
  if (r.culture !== undefined && cultures.length > 0 && !includesFolded(cultures, r.culture)) {
    doubts.push(`culture ${r.culture} is not one Partner Center supports in ${country} (${cultures.join(", ")})`);
  }
  return { refusals, doubts };
}

function includesFolded(list: readonly string[], value: string): boolean {
  const v = value.toLowerCase();
  return list.some((x) => x.toLowerCase() === v);
}

const compiled = new Map<string, RegExp | undefined>();

/** Partner Center's patterns are .NET regular expressions: one JavaScript cannot read is skipped, not fatal. */
function compile(source: string): RegExp | undefined {
  if (!compiled.has(source)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(source);
    } catch {
      re = undefined;
    }
    compiled.set(source, re);
  }
  return compiled.get(source);
}
