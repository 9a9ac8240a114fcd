import markets from "../../data/markets.json" with { type: "json" };
import type { Rule } from "../types.js";
import { given, q } from "./util.js";

const EMBARGOED = markets.embargoed as Record<string, string | undefined>;
const SUSPENDED = markets.suspended as Record<string, string | undefined>;

export const COUNTRY_UNKNOWN: Rule = {
  code: "COUNTRY_UNKNOWN",
  severity: "error",
  fields: ["country"],
  title: "The country is a country name (English, Dutch, German, French) or an ISO code",
  source: "input contract; API DefaultAddress.Country (ISO alpha-2)",
  scope: "customer",
  check(row) {
    if (row.record.country !== undefined) return undefined;
    const text = given(row, "country");
    if (text === undefined) return undefined;
    return { field: "country", message: `expected a country name or ISO code, found ${q(text)}` };
  },
};

export const COUNTRY_EMBARGOED: Rule = {
  code: "COUNTRY_EMBARGOED",
  severity: "error",
  fields: ["country"],
  title: "The country is one where Microsoft sells (not embargoed)",
  source: "markets (data/markets.json)",
  scope: "customer",
  check(row) {
    const country = row.record.country;
    const reason = country === undefined ? undefined : EMBARGOED[country];
    if (reason === undefined || country === undefined) return undefined;
    return { field: "country", message: `expected a country where Microsoft sells, found ${country}: ${reason}` };
  },
};

export const COUNTRY_SUSPENDED: Rule = {
  code: "COUNTRY_SUSPENDED",
  severity: "warning",
  fields: ["country"],
  title: "The country is not one where Microsoft has suspended new sales",
  source: "markets (data/markets.json)",
  scope: "customer",
  check(row) {
    const country = row.record.country;
    const reason = country === undefined ? undefined : SUSPENDED[country];
    if (reason === undefined || country === undefined) return undefined;
    return { field: "country", message: `expected a country open to new Microsoft sales, found ${country}: ${reason}` };
  },
};
