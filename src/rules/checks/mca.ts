import type { Field } from "../../model/fields.js";
import { ordersOffers } from "../../normalize/record.js";
import { isAmbiguousDate, normalizeDate } from "../../normalize/date.js";
import type { Finding, Rule } from "../types.js";
import { given, present, q } from "./util.js";

const SIGNER_FIELDS = [
  "mca_signer_first_name",
  "mca_signer_last_name",
  "mca_signer_email",
  "mca_accepted_on",
] as const satisfies readonly Field[];

export const MCA_SIGNER_REQUIRED: Rule = {
  code: "MCA_SIGNER_REQUIRED",
  severity: "error",
  fields: SIGNER_FIELDS,
  title: "A row that orders gives the Microsoft Customer Agreement acceptance: signer names, e-mail and date",
  source: "how-to consideration 3; API error 13605 (order without confirmed MCA)",
  scope: "customer",
  check(row) {
    // A row that gives all four, as most that order do, has nothing to report (loaded by name: cheaper).
    const r = row.record;
    const all =
      r.mca_signer_first_name !== undefined &&
      r.mca_signer_last_name !== undefined &&
      r.mca_signer_email !== undefined &&
      r.mca_accepted_on !== undefined;
    if (all || !ordersOffers(row.raw)) return undefined;
    let findings: Finding[] | undefined;
    for (const field of SIGNER_FIELDS) {
      if (present(row, field)) continue;
      (findings ??= []).push({
        field,
        message: `expected ${field} (the customer's Microsoft Customer Agreement acceptance) for a row that orders offers, found nothing`,
      });
    }
    return findings;
  },
};

export const MCA_DATE_INVALID: Rule = {
  code: "MCA_DATE_INVALID",
  severity: "error",
  fields: ["mca_accepted_on"],
  title:
    "mca_accepted_on is a date (YYYY-MM-DD, a spreadsheet date, or dd-mm-yyyy and dd/mm/yyyy: day first unless --date-order mdy)",
  source: "API agreements dateAgreed",
  scope: "customer",
  check(row, ctx) {
    const text = given(row, "mca_accepted_on");
    if (text === undefined || row.record.mca_accepted_on !== undefined) return undefined;
    const order = ctx.dateOrder ?? "dmy";
    const other = normalizeDate(text, order === "dmy" ? "mdy" : "dmy");
    const hint =
      other === undefined
        ? ""
        : order === "dmy"
          ? `; it is a date month first (${other}): if the file writes dates month first, run with --date-order mdy`
          : `; it is a date day first (${other}): if the file writes dates day first, run with --date-order dmy`;
    const expected = order === "dmy" ? "dd-mm-yyyy (day first)" : "mm/dd/yyyy (month first, --date-order mdy)";
    return {
      field: "mca_accepted_on",
      message: `expected a date as YYYY-MM-DD or ${expected}, found ${q(text)}${hint}`,
    };
  },
};

export const MCA_DATE_AMBIGUOUS: Rule = {
  code: "MCA_DATE_AMBIGUOUS",
  severity: "warning",
  fields: ["mca_accepted_on"],
  title:
    "mca_accepted_on written as 10/01/2026 is read day first unless the run says how (--date-order dmy or mdy): month first it is another date",
  source: "input contract (mca_accepted_on); US files write dates month first",
  scope: "customer",
  check(row, ctx) {
    if (ctx.dateOrder !== undefined) return undefined;
    const date = row.record.mca_accepted_on;
    const text = row.raw.mca_accepted_on?.trim();
    if (date === undefined || text === undefined || !isAmbiguousDate(text)) return undefined;
    return {
      field: "mca_accepted_on",
      message:
        `expected a date that reads one way, found ${q(text)}: read day first as ${date}, month first it would be ` +
        `${normalizeDate(text, "mdy") ?? "?"}; say how the file writes dates with --date-order dmy or mdy (or ` +
        `"dateOrder" under "defaults" in the config file), or write YYYY-MM-DD`,
    };
  },
};

export const MCA_DATE_FUTURE: Rule = {
  code: "MCA_DATE_FUTURE",
  severity: "error",
  fields: ["mca_accepted_on"],
  title: "mca_accepted_on is not in the future",
  source: "API agreements dateAgreed (not in the future)",
  scope: "customer",
  check(row, ctx) {
    const date = row.record.mca_accepted_on;
    if (date === undefined || date <= ctx.today) return undefined;
    return { field: "mca_accepted_on", message: `expected a date not after today (${ctx.today}), found ${date}` };
  },
};

export const ORDER_NEEDS_ATTESTATION: Rule = {
  code: "ORDER_NEEDS_ATTESTATION",
  severity: "warning",
  fields: ["offer_id", "offers"],
  title: "A row that orders needs the partner's two attestations, and the run does not confirm them",
  source: "how-to consideration 8 (attestations); API PartnerOnRecordAttestationAccepted",
  scope: "customer",
  check(row, ctx) {
    if (ctx.attested === true || !ordersOffers(row.raw)) return undefined;
    return {
      field: given(row, "offer_id") !== undefined ? "offer_id" : "offers",
      message:
        "this order needs the partner's attestations (acting as indirect partner when a reseller is chosen, direct otherwise; no resale to partners affiliated with the parent organization): confirm them with --attest-partner-role and --attest-no-affiliate-resale (or the config file), else import creates the customer without ordering",
    };
  },
};
