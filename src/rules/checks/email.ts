import type { Field } from "../../model/fields.js";
import { emailDomain } from "../../normalize/email.js";
import type { Finding, Rule, RuleContext, RuleRow } from "../types.js";
import { isFreeMailDomain } from "./free-mail.js";
import { given, q, withFinding } from "./util.js";

const EMAIL_FIELDS = ["email", "mca_signer_email"] as const satisfies readonly Field[];

function eachEmail(
  row: RuleRow,
  ctx: RuleContext,
  test: (email: string, domain: string, ctx: RuleContext) => string | undefined,
): Finding[] | undefined {
  // Each field by name: a load by a computed name costs several times more.
  const findings = emailFinding(row.record.email, "email", ctx, test, undefined);
  return emailFinding(row.record.mca_signer_email, "mca_signer_email", ctx, test, findings);
}

function emailFinding(
  email: string | undefined,
  field: Field,
  ctx: RuleContext,
  test: (email: string, domain: string, ctx: RuleContext) => string | undefined,
  findings: Finding[] | undefined,
): Finding[] | undefined {
  return email === undefined ? findings : withFinding(findings, field, test(email, emailDomain(email), ctx));
}

/** Whether `domain` is `parent` or one of its subdomains. */
function within(domain: string, parent: string): boolean {
  return domain === parent || (domain.endsWith(parent) && domain.charAt(domain.length - parent.length - 1) === ".");
}

export const EMAIL_INVALID: Rule = {
  code: "EMAIL_INVALID",
  severity: "error",
  fields: EMAIL_FIELDS,
  title: "E-mail addresses have the shape name@domain.tld",
  source: "input contract; API BillingProfile.Email",
  scope: "both",
  check(row) {
    // Only an address that did not normalize can be invalid: most rows end at these two loads.
    const { email, mca_signer_email: signer } = row.record;
    if (email !== undefined && signer !== undefined) return undefined;
    let findings: Finding[] | undefined;
    for (const field of EMAIL_FIELDS) {
      if (row.record[field] !== undefined) continue;
      const text = given(row, field);
      if (text !== undefined) {
        (findings ??= []).push({
          field,
          message: `expected an e-mail address like name@example.com, found ${q(text)}`,
        });
      }
    }
    return findings;
  },
};

export const EMAIL_MICROSOFT: Rule = {
  code: "EMAIL_MICROSOFT",
  severity: "error",
  fields: EMAIL_FIELDS,
  title: "The customer's e-mail is not at microsoft.com",
  source: "API name checks (e-mail not at microsoft.com)",
  scope: "customer",
  check: (row, ctx) => eachEmail(row, ctx, atMicrosoft),
};

// Functions of their own, not arrows in `check`: those would be made anew for every row.
function atMicrosoft(email: string, domain: string): string | undefined {
  return within(domain, "microsoft.com")
    ? `expected the customer's own e-mail address, found ${q(email)} at Microsoft`
    : undefined;
}

export const EMAIL_PARTNER_DOMAIN: Rule = {
  code: "EMAIL_PARTNER_DOMAIN",
  severity: "error",
  fields: EMAIL_FIELDS,
  title: "The customer's e-mail is not at one of the partner's own domains (--partner-domains)",
  source: "API name checks (e-mail not at the partner's domain)",
  scope: "customer",
  check: (row, ctx) => (ctx.partnerDomains.size === 0 ? undefined : eachEmail(row, ctx, atPartner)),
};

function atPartner(email: string, domain: string, ctx: RuleContext): string | undefined {
  for (const partner of ctx.partnerDomains) {
    if (within(domain, partner))
      return `expected the customer's own e-mail address, found ${q(email)} at the partner's domain ${partner}`;
  }
  return undefined;
}

export const EDUCATION_FREE_EMAIL: Rule = {
  code: "EDUCATION_FREE_EMAIL",
  severity: "error",
  fields: ["email"],
  title: "An education customer's e-mail is not at a free mail provider",
  source: "how-to consideration 7 (education: non-free e-mail)",
  scope: "customer",
  check(row) {
    const email = row.record.email;
    if (row.record.education !== true || email === undefined) return undefined;
    const domain = emailDomain(email);
    if (!isFreeMailDomain(domain)) return undefined;
    return {
      field: "email",
      message: `expected an e-mail address at the institution's own domain, found ${q(email)} at the free mail provider ${domain}`,
    };
  },
};
