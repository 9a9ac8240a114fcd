import type { Rule, RuleContext, RuleRow } from "../types.js";
import { given, q } from "./util.js";

/**
 * Whether a row asks for a relationship with an existing customer instead of creating one: it gives a
 * `customer_tenant_id`, or its domain belongs to a customer in the `--existing` list.
 */
export function isRelationshipRow(row: RuleRow, ctx: RuleContext): boolean {
  if (given(row, "customer_tenant_id") !== undefined) return true;
  const domain = row.record.domain;
  return domain !== undefined && ctx.existingDomains?.has(domain) === true;
}

export const TENANT_ID_INVALID: Rule = {
  code: "TENANT_ID_INVALID",
  severity: "error",
  fields: ["customer_tenant_id"],
  title: "customer_tenant_id is a tenant ID (GUID)",
  source: "how-to consideration 4 (existing customers); input contract",
  scope: "relationship",
  check(row) {
    const text = given(row, "customer_tenant_id");
    if (text === undefined || row.record.customer_tenant_id !== undefined) return undefined;
    return {
      field: "customer_tenant_id",
      message: `expected a tenant ID (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47), found ${q(text)}`,
    };
  },
};

export const EXISTING_CUSTOMER: Rule = {
  code: "EXISTING_CUSTOMER",
  severity: "warning",
  fields: ["domain"],
  title: "A domain of an existing customer (--existing) makes the row a relationship request",
  source: "how-to consideration 4 (existing customers)",
  scope: "both",
  check(row, ctx) {
    const domain = row.record.domain;
    if (domain === undefined || ctx.existingDomains?.has(domain) !== true) return undefined;
    if (given(row, "customer_tenant_id") !== undefined) return undefined;
    return {
      field: "domain",
      message: `domain ${q(domain)} belongs to an existing customer (--existing): expected a new customer, found an existing one; handled as a relationship request`,
    };
  },
};
