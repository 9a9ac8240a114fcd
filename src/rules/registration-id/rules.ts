import type { Finding, Rule, RuleRow } from "../types.js";
import { classifyRegistrationId, countryName, type Verdict } from "./classify.js";
import required from "../../data/registration-countries.json" with { type: "json" };

/** The countries where Partner Center requires a registration ID, as Microsoft lists them (data, not code). */
export const REGISTRATION_COUNTRIES: readonly string[] = required.countries;

const REQUIRED: ReadonlySet<string> = new Set(REGISTRATION_COUNTRIES);

/** Every code the registration-ID rules report. */
export const REGISTRATION_ID_CODES = [
  "REGISTRATION_ID_INVALID",
  "REGISTRATION_ID_PERSONAL",
  "REGISTRATION_ID_SOLE_TRADER",
  "REGISTRATION_ID_NL_AMBIGUOUS",
  "REGISTRATION_ID_NOT_SENT",
] as const;
export type RegistrationIdCode = (typeof REGISTRATION_ID_CODES)[number];

// The five rules classify the same row in turn: keep the last verdict rather than classify five times.
let last: { value: string; country: string; verdict: Verdict } | undefined;

function verdictOf(row: RuleRow): { verdict: Verdict; country: string; found: string } | undefined {
  const value = row.record.registration_id;
  const country = row.record.country;
  if (value === undefined || value === "" || country === undefined) return undefined;
  if (last?.value !== value || last.country !== country) {
    last = { value, country, verdict: classifyRegistrationId(value, country) };
  }
  return { verdict: last.verdict, country, found: row.raw.registration_id?.trim() ?? value };
}

function rule(
  code: RegistrationIdCode,
  severity: Rule["severity"],
  title: string,
  source: string,
  find: (verdict: Verdict, country: string, found: string) => string | undefined,
): Rule {
  return {
    code,
    severity,
    fields: ["registration_id"],
    title,
    source,
    scope: "customer",
    check(row): Finding | undefined {
      const v = verdictOf(row);
      if (v === undefined) return undefined;
      const message = find(v.verdict, v.country, v.found);
      return message === undefined ? undefined : { field: "registration_id", message };
    },
  };
}

/** The registration-ID rules; REGISTRATION_ID_REQUIRED (missing in the 24 countries) lives with the required fields. */
export const registrationIdRules: Rule[] = [
  rule(
    "REGISTRATION_ID_INVALID",
    "error",
    "The registration ID has the format and checksum of a business ID of the customer's country",
    "How-to consideration 1; API error 600050 (registration ID format)",
    (v, country, found) =>
      v.kind === "invalid"
        ? `registration ID '${found}' is not a valid business ID for ${countryName(country)} (${v.reason}); expected ${v.expected}`
        : undefined,
  ),
  rule(
    "REGISTRATION_ID_PERSONAL",
    "error",
    "The registration ID is not a person's ID number",
    "How-to consideration 1 (the business's ID, never a personal ID)",
    (v, _country, found) =>
      v.kind === "personal" && !v.soleTrader
        ? `registration ID '${found}' looks like a person's ID (${v.type}: ${v.label}), not the business's; expected ${v.expected}`
        : undefined,
  ),
  rule(
    "REGISTRATION_ID_SOLE_TRADER",
    "error",
    "The registration ID is not a personal-format tax number, which only sole traders may use",
    "How-to consideration 1; sole traders' tax numbers (RU 12-digit INN, UA RNOKPP, KZ IIN and alike)",
    (v, _country, found) =>
      v.kind === "personal" && v.soleTrader
        ? `registration ID '${found}' is a person's tax number (${v.type}: ${v.label}); a company's is ${v.expected}. ` +
          `If this customer is a sole trader, accept such rows with "rules": { "REGISTRATION_ID_SOLE_TRADER": "warning" } ` +
          `in the --config file`
        : undefined,
  ),
  rule(
    "REGISTRATION_ID_NL_AMBIGUOUS",
    "error",
    "A Dutch registration ID is not a bare 9-digit number (RSIN or BSN)",
    "How-to consideration 1; RSIN and BSN share the 11-test",
    (v, _country, found) =>
      v.kind === "ambiguous-nl"
        ? `registration ID '${found}' is a bare 9-digit number: a company's RSIN and a person's BSN share this ` +
          `11-test shape and cannot be told apart, and neither is a Dutch VAT number ` +
          `(NL + 9 digits + B + 2 digits, e.g. NL004495445B01); enter the company's VAT number`
        : undefined,
  ),
  rule(
    "REGISTRATION_ID_NOT_SENT",
    "warning",
    "A registration ID outside the countries that require one is kept but not sent",
    "API error 600002 (registration ID not supported in the country)",
    (v, country, found) => {
      if (REQUIRED.has(country.toUpperCase()) || (v.kind !== "business" && v.kind !== "unchecked")) return undefined;
      const what = v.kind === "business" ? `a valid ${v.type}` : `not checked: no known format for ${country}`;
      return (
        `registration ID '${found}' (${what}) is kept in the record but not sent: Partner Center takes one only in ` +
        `the ${REGISTRATION_COUNTRIES.length} countries that require it and rejects it for ${country} (error 600002)`
      );
    },
  ),
];
