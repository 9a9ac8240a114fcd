import { BILLING_CYCLES, TERM_DURATIONS } from "../../model/record.js";
import { OFFER_ID, normalizeQuantity, offerLine } from "../../normalize/offers.js";
import { ordersOffers } from "../../normalize/record.js";
import type { Finding, Rule, RuleRow } from "../types.js";
import { given, q } from "./util.js";

const OFFER_SHAPE = "PRODUCT:SKU or PRODUCT:SKU:AVAILABILITY (e.g. CFQ7TTC0LH18:0001)";
const OFFERS_SHAPE = "PRODUCT:SKU*quantity items separated by ';' (e.g. CFQ7TTC0LH18:0001*10;CFQ7TTC0LHSF:0001*5)";
const ITEM_SEPARATOR = /\s*;\s*/;
const ITEM = /^(.+?)\s*\*\s*(\S+)$/;
/** Billing cycles each term allows in new commerce: a monthly term bills monthly, a 1-year term monthly or annually. */
const BILLING_FOR_TERM: Readonly<Record<string, readonly string[]>> = {
  P1M: ["monthly"],
  P1Y: ["monthly", "annual"],
  P3Y: ["monthly", "annual", "triennial"],
};

/** What is wrong with a row's offers, one message per problem; empty when they are fine or absent. */
function offerProblems(row: RuleRow): { offer: string[]; quantity: string[] } {
  const offer: string[] = [];
  const quantity: string[] = [];
  const offerId = given(row, "offer_id");
  const offers = given(row, "offers");
  const qty = given(row, "quantity");
  if (offerId !== undefined && offers !== undefined) {
    offer.push(`expected either offer_id with quantity or offers, found both ${q(offerId)} and ${q(offers)}`);
  } else if (offerId !== undefined) {
    if (!OFFER_ID.test(offerId.toUpperCase())) offer.push(`expected an offer_id ${OFFER_SHAPE}, found ${q(offerId)}`);
    if (qty === undefined) quantity.push("expected a quantity (a whole number >= 1) for the offer, found nothing");
    else if (normalizeQuantity(qty) === undefined) quantity.push(`expected a whole number >= 1, found ${q(qty)}`);
  } else if (offers !== undefined) {
    const items = offers.split(ITEM_SEPARATOR).filter((item) => item !== "");
    for (const item of items) {
      const m = ITEM.exec(item);
      if (m === null || offerLine(m[1] ?? "", m[2] ?? "") === undefined) {
        offer.push(`expected offers as ${OFFERS_SHAPE}, found the item ${q(item)}`);
      }
    }
    if (items.length === 0) offer.push(`expected at least one offer item, found ${q(offers)}`);
  }
  return { offer, quantity };
}

export const OFFER_INVALID: Rule = {
  code: "OFFER_INVALID",
  severity: "error",
  fields: ["offer_id", "offers"],
  title: "offer_id is PRODUCT:SKU[:AVAILABILITY]; offers is PRODUCT:SKU*quantity;...; not both",
  source: "input contract (offer_id, offers); API cart catalogItemId",
  scope: "customer",
  check(row) {
    if (row.record.offers !== undefined || !ordersOffers(row.raw)) return undefined;
    const field = given(row, "offer_id") !== undefined ? "offer_id" : "offers";
    const findings: Finding[] = offerProblems(row).offer.map((message) => ({ field, message }));
    return findings.length > 0 ? findings : undefined;
  },
};

export const QUANTITY_INVALID: Rule = {
  code: "QUANTITY_INVALID",
  severity: "error",
  fields: ["quantity"],
  title: "The quantity of an offer_id is a whole number >= 1",
  source: "input contract (quantity); API cart lineItems.quantity",
  scope: "customer",
  check(row) {
    if (row.record.offers !== undefined || given(row, "offer_id") === undefined) return undefined;
    const findings: Finding[] = offerProblems(row).quantity.map((message) => ({ field: "quantity", message }));
    return findings.length > 0 ? findings : undefined;
  },
};

export const OFFER_NOT_IN_CATALOG: Rule = {
  code: "OFFER_NOT_IN_CATALOG",
  severity: "error",
  fields: ["offer_id", "offers"],
  title: "Each ordered PRODUCT:SKU is in the offer catalogue (--offers-catalog), when one is given",
  source: "input contract (offers catalogue)",
  scope: "customer",
  check(row, ctx) {
    const lines = row.record.offers;
    if (lines === undefined || ctx.offersCatalog === undefined) return undefined;
    const field = given(row, "offer_id") !== undefined ? "offer_id" : "offers";
    let findings: Finding[] | undefined;
    for (const line of lines) {
      const key = `${line.productId}:${line.skuId}`;
      if (!ctx.offersCatalog.has(key)) {
        (findings ??= []).push({
          field,
          message: `expected an offer of the catalogue (--offers-catalog), found ${q(key)}`,
        });
      }
    }
    return findings;
  },
};

export const QUANTITY_OUT_OF_RANGE: Rule = {
  code: "QUANTITY_OUT_OF_RANGE",
  severity: "error",
  fields: ["quantity", "offers"],
  title: "Each quantity lies within the offer's minimum and maximum (--offers-catalog)",
  source: "input contract (offers catalogue); API cart lineItems.quantity",
  scope: "customer",
  check(row, ctx) {
    const lines = row.record.offers;
    if (lines === undefined || ctx.offersCatalog === undefined) return undefined;
    const field = given(row, "offer_id") !== undefined ? "quantity" : "offers";
    let findings: Finding[] | undefined;
    for (const line of lines) {
      const key = `${line.productId}:${line.skuId}`;
      const entry = ctx.offersCatalog.get(key);
      if (entry === undefined) continue;
      const min = entry.minQuantity ?? 1;
      const max = entry.maxQuantity ?? Number.POSITIVE_INFINITY;
      if (line.quantity >= min && line.quantity <= max) continue;
      const range = Number.isFinite(max) ? `${min} to ${max}` : `at least ${min}`;
      (findings ??= []).push({ field, message: `expected a quantity of ${range} for ${key}, found ${line.quantity}` });
    }
    return findings;
  },
};

export const TERM_INVALID: Rule = {
  code: "TERM_INVALID",
  severity: "error",
  fields: ["term_duration"],
  title: `term_duration is a new-commerce term (${TERM_DURATIONS.join(", ")})`,
  source: "input contract; API cart lineItems.termDuration",
  scope: "customer",
  check(row) {
    const text = given(row, "term_duration");
    if (text === undefined || row.record.term_duration !== undefined) return undefined;
    return { field: "term_duration", message: `expected ${TERM_DURATIONS.join(", ")}, found ${q(text)}` };
  },
};

export const BILLING_CYCLE_INVALID: Rule = {
  code: "BILLING_CYCLE_INVALID",
  severity: "error",
  fields: ["billing_cycle"],
  title: `billing_cycle is a new-commerce billing cycle (${BILLING_CYCLES.join(", ")})`,
  source: "input contract; API cart lineItems.billingCycle",
  scope: "customer",
  check(row) {
    const text = given(row, "billing_cycle");
    if (text === undefined || row.record.billing_cycle !== undefined) return undefined;
    return { field: "billing_cycle", message: `expected ${BILLING_CYCLES.join(", ")}, found ${q(text)}` };
  },
};

export const TERM_BILLING_MISMATCH: Rule = {
  code: "TERM_BILLING_MISMATCH",
  severity: "error",
  fields: ["term_duration", "billing_cycle"],
  title: "The billing cycle fits the term (P1M: monthly; P1Y: monthly or annual; P3Y: any)",
  source: "API cart lineItems (new-commerce term and billing combinations)",
  scope: "customer",
  check(row) {
    const { term_duration: term, billing_cycle: billing } = row.record;
    if (term === undefined || billing === undefined || row.record.offers === undefined) return undefined;
    const allowed = BILLING_FOR_TERM[term];
    if (allowed === undefined || allowed.includes(billing)) return undefined;
    return {
      field: "billing_cycle",
      message: `expected a billing cycle of ${allowed.join(" or ")} for term ${term}, found ${q(billing)}`,
    };
  },
};
