import type { Rule } from "../types.js";
import { nameCountryKey } from "./keys.js";
import { markText, q, rowMark } from "./util.js";

export const EXTERNAL_ID_DUPLICATE: Rule = {
  code: "EXTERNAL_ID_DUPLICATE",
  severity: "error",
  fields: ["external_id"],
  title: "Each external_id appears once in the file (it is the row's key across runs)",
  source: "input contract (external_id)",
  scope: "both",
  check(row, ctx) {
    const id = row.record.external_id;
    if (id === undefined) return undefined;
    const mark = rowMark(row);
    const first = ctx.seen.externalIds.firstSeen(id, mark);
    if (first === undefined || first === mark) return undefined;
    return {
      field: "external_id",
      message: `expected an external_id not used before in this file, found ${q(id)}, first used on ${markText(row, first)}`,
    };
  },
};

export const NAME_COUNTRY_DUPLICATE: Rule = {
  code: "NAME_COUNTRY_DUPLICATE",
  severity: "warning",
  fields: ["company_name", "country"],
  title: "The same legal name in the same country appears once in the file (legal forms, case and accents aside)",
  source: "issue 3 rule 12 (duplicates)",
  scope: "customer",
  check(row, ctx) {
    const { company_name: name, country } = row.record;
    if (name === undefined || country === undefined) return undefined;
    const mark = rowMark(row);
    const first = ctx.seen.nameCountry.firstSeen(nameCountryKey(name, country), mark);
    if (first === undefined || first === mark) return undefined;
    return {
      field: "company_name",
      message: `expected one row per customer, found ${q(name)} in ${country} again, first on ${markText(row, first)}: a likely duplicate`,
    };
  },
};

export const NAME_MATCHES_EXISTING: Rule = {
  code: "NAME_MATCHES_EXISTING",
  severity: "warning",
  fields: ["company_name", "country"],
  title: "The legal name and country are not those of an existing customer (--existing)",
  source: "how-to consideration 4 (existing customers)",
  scope: "customer",
  check(row, ctx) {
    const { company_name: name, country } = row.record;
    if (name === undefined || country === undefined || ctx.existingNames === undefined) return undefined;
    if (!ctx.existingNames.has(nameCountryKey(name, country))) return undefined;
    return {
      field: "company_name",
      message: `expected a new customer, found ${q(name)} in ${country} among the existing customers (--existing): a likely duplicate; give its customer_tenant_id for a relationship request instead`,
    };
  },
};
