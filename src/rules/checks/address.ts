import type { Field } from "../../model/fields.js";
import { postalCodeRule } from "../../normalize/postal-code.js";
import { stateRequired, statesOf } from "../../normalize/state.js";
import type { Finding, Rule } from "../types.js";
import { charCount, given, present, q } from "./util.js";

const MAX_LINE = 200;
const LINES = ["address_line1", "address_line2"] as const satisfies readonly Field[];

export const ADDRESS_LINE_TOO_LONG: Rule = {
  code: "ADDRESS_LINE_TOO_LONG",
  severity: "error",
  fields: LINES,
  title: `Address lines are at most ${MAX_LINE} characters`,
  source: "API DefaultAddress.AddressLine1/AddressLine2 (1-200, 0-200)",
  scope: "customer",
  check(row) {
    let findings: Finding[] | undefined;
    for (const field of LINES) {
      const line = row.record[field];
      if (line === undefined || line.length <= MAX_LINE) continue;
      const n = charCount(line);
      if (n > MAX_LINE)
        (findings ??= []).push({ field, message: `expected at most ${MAX_LINE} characters, found ${n}` });
    }
    return findings;
  },
};

export const STATE_REQUIRED: Rule = {
  code: "STATE_REQUIRED",
  severity: "error",
  fields: ["state"],
  title: "A state or province where the country requires one (US, CA, AU, BR, MX, IN, CN)",
  source: "how-to consideration 6 (complete address); API countryvalidationrules isStateRequired",
  scope: "customer",
  check(row) {
    const country = row.record.country;
    if (country === undefined || !stateRequired(country) || present(row, "state")) return undefined;
    return { field: "state", message: `expected a state or province of ${country}, found nothing` };
  },
};

export const STATE_UNKNOWN: Rule = {
  code: "STATE_UNKNOWN",
  severity: "error",
  fields: ["state"],
  title: "The state is one of the country's states or provinces (by name or code)",
  source: "how-to consideration 6; API error 27002 (invalid state)",
  scope: "customer",
  check(row) {
    const country = row.record.country;
    if (country === undefined || row.record.state !== undefined) return undefined;
    const text = given(row, "state");
    if (text === undefined) return undefined;
    const states = statesOf(country);
    if (states === undefined) return undefined;
    const [code, name] = states.entries().next().value ?? ["", ""];
    return {
      field: "state",
      message: `expected one of the ${states.size} states or provinces of ${country} by name or code (e.g. '${name}' or '${code}'), found ${q(text)}`,
    };
  },
};

export const POSTAL_CODE_REQUIRED: Rule = {
  code: "POSTAL_CODE_REQUIRED",
  severity: "error",
  fields: ["postal_code"],
  title: "A postal code where the country has postal codes",
  source: "how-to consideration 6 (complete address); API countryvalidationrules isPostalCodeRequired",
  scope: "customer",
  check(row) {
    const country = row.record.country;
    if (country === undefined || present(row, "postal_code")) return undefined;
    const rule = postalCodeRule(country);
    if (!rule.required) return undefined;
    const format = rule.format === undefined ? "" : ` (${rule.format}, e.g. ${rule.example ?? rule.format})`;
    return { field: "postal_code", message: `expected a postal code of ${country}${format}, found nothing` };
  },
};

export const POSTAL_CODE_INVALID: Rule = {
  code: "POSTAL_CODE_INVALID",
  severity: "error",
  fields: ["postal_code"],
  title: "The postal code has the country's format",
  source: "how-to consideration 6; API countryvalidationrules postalCodeRegex",
  scope: "customer",
  check(row) {
    const country = row.record.country;
    if (country === undefined || row.record.postal_code !== undefined) return undefined;
    const text = given(row, "postal_code");
    if (text === undefined) return undefined;
    const rule = postalCodeRule(country);
    const format =
      rule.format === undefined ? `the postal code format of ${country}` : `${country} format '${rule.format}'`;
    const example = rule.example === undefined ? "" : ` (e.g. '${rule.example}')`;
    return { field: "postal_code", message: `postal code ${q(text)} does not match ${format}${example}` };
  },
};
