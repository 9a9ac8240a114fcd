import type { Field } from "../../model/fields.js";
import { describePhoneProblem, examplePhone } from "../../normalize/phone.js";
import type { Finding, Rule } from "../types.js";
import { given } from "./util.js";

const PHONE_FIELDS = ["phone", "mca_signer_phone"] as const satisfies readonly Field[];
const INTERNATIONAL = /^(?:\+|00)/;

export const PHONE_INVALID: Rule = {
  code: "PHONE_INVALID",
  severity: "error",
  fields: PHONE_FIELDS,
  title: "A phone number, when given, is a valid number of the customer's country (sent as E.164)",
  source: "input contract; API DefaultAddress.PhoneNumber (countryvalidationrules phoneNumberRegex)",
  scope: "customer",
  check(row) {
    let findings: Finding[] | undefined;
    for (const field of PHONE_FIELDS) {
      if (row.record[field] !== undefined) continue;
      const text = given(row, field);
      if (text === undefined) continue;
      const country = row.record.country;
      // Without a known country a national number cannot be read; COUNTRY_UNKNOWN already rejects the row.
      if (country === undefined && !INTERNATIONAL.test(text)) continue;
      const example = country === undefined ? undefined : examplePhone(country);
      (findings ??= []).push({
        field,
        message: `expected a phone number of ${country ?? "the country"}${example === undefined ? "" : ` such as ${example}`}; ${describePhoneProblem(text, country)}`,
      });
    }
    return findings;
  },
};
