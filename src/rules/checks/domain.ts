import { domainPrefixOf } from "../../normalize/domain.js";
import type { Rule } from "../types.js";
import { given, markText, q, rowMark } from "./util.js";

const MAX = 27;
const NOT_ALNUM = /[^a-z0-9]/;

export const DOMAIN_INVALID: Rule = {
  code: "DOMAIN_INVALID",
  severity: "error",
  fields: ["domain"],
  title: `The domain prefix (<prefix>.onmicrosoft.com) is letters and digits only, at most ${MAX}`,
  source: "input contract; API CompanyProfile.Domain (Microsoft 365 initial domain rules)",
  scope: "customer",
  check(row) {
    if (row.record.domain !== undefined) return undefined;
    const text = given(row, "domain");
    if (text === undefined) return undefined;
    const prefix = domainPrefixOf(text);
    const expected = `expected the prefix of <prefix>.onmicrosoft.com (letters and digits, at most ${MAX})`;
    if (prefix.includes(".")) {
      return {
        field: "domain",
        message: `${expected}, found the domain name ${q(text)}: a custom domain cannot be used`,
      };
    }
    if (prefix.length > MAX) {
      return { field: "domain", message: `${expected}, found ${prefix.length} characters in ${q(prefix)}` };
    }
    const bad = NOT_ALNUM.exec(prefix)?.[0];
    return { field: "domain", message: `${expected}, found ${q(text)}${bad === undefined ? "" : ` with '${bad}'`}` };
  },
};

export const DOMAIN_DUPLICATE: Rule = {
  code: "DOMAIN_DUPLICATE",
  severity: "error",
  fields: ["domain"],
  title: "Each domain prefix appears once in the file (it is the customer's permanent identity)",
  source: "input contract; API CompanyProfile.Domain (unique, permanent)",
  scope: "customer",
  check(row, ctx) {
    const domain = row.record.domain;
    if (domain === undefined) return undefined;
    const mark = rowMark(row);
    const first = ctx.seen.domains.firstSeen(domain, mark);
    if (first === undefined || first === mark) return undefined;
    return {
      field: "domain",
      message: `expected a domain not used before in this file, found ${q(domain)}, first used on ${markText(row, first)}`,
    };
  },
};
