import { describe, expect, it } from "vitest";
import {
  BILLING_CYCLE_INVALID,
  OFFER_INVALID,
  OFFER_NOT_IN_CATALOG,
  QUANTITY_INVALID,
  QUANTITY_OUT_OF_RANGE,
  TERM_BILLING_MISMATCH,
  TERM_INVALID,
} from "../../src/rules/checks/offers.js";
import type { OfferCatalogEntry } from "../../src/rules/types.js";
import { findings, flagged, ruleContext, ruleRow } from "./helpers.js";

const catalog = new Map<string, OfferCatalogEntry>([
  ["CFQ7TTC0LH18:0001", { productId: "CFQ7TTC0LH18", skuId: "0001", minQuantity: 1, maxQuantity: 300 }],
  ["CFQ7TTC0LHSF:0001", { productId: "CFQ7TTC0LHSF", skuId: "0001", minQuantity: 5 }],
]);

describe("offer rules", () => {
  it.each([
    [{}, []],
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "10" }, []],
    [{ offers: "CFQ7TTC0LH18:0001*10;CFQ7TTC0LHSF:0001*5" }, []],
    [{ offer_id: "Microsoft 365 E3", quantity: "10" }, ["offer_id"]],
    [{ offers: "CFQ7TTC0LH18:0001*10;junk" }, ["offers"]],
    [{ offers: "a*1;b*2" }, ["offers", "offers"]],
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "1", offers: "CFQ7TTC0LHSF:0001*5" }, ["offer_id"]],
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "zero" }, []],
  ])("OFFER_INVALID %j -> %j", (overrides, expected) => {
    expect(flagged(OFFER_INVALID, ruleRow(overrides))).toEqual(expected);
  });

  it("shows the expected shape", () => {
    expect(findings(OFFER_INVALID, ruleRow({ offer_id: "E3", quantity: "1" }))).toEqual([
      {
        field: "offer_id",
        message: "expected an offer_id PRODUCT:SKU or PRODUCT:SKU:AVAILABILITY (e.g. CFQ7TTC0LH18:0001), found 'E3'",
      },
    ]);
  });

  it.each([
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "10" }, []],
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "0" }, ["expected a whole number >= 1, found '0'"]],
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "2.5" }, ["expected a whole number >= 1, found '2.5'"]],
    [{ offer_id: "CFQ7TTC0LH18:0001" }, ["expected a quantity (a whole number >= 1) for the offer, found nothing"]],
    [{ offers: "CFQ7TTC0LH18:0001*0" }, []],
  ])("QUANTITY_INVALID %j", (overrides, messages) => {
    expect(findings(QUANTITY_INVALID, ruleRow(overrides)).map((f) => f.message)).toEqual(messages);
  });

  it.each([
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "10" }, [], []],
    [{ offer_id: "CFQ7TTC0LH18:0001:CFQ7TTC0K5KD", quantity: "10" }, [], []],
    [{ offer_id: "CFQ7TTC0ZZZZ:0001", quantity: "10" }, ["offer_id"], []],
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "301" }, [], ["quantity"]],
    [{ offers: "CFQ7TTC0LH18:0001*10;CFQ7TTC0LHSF:0001*2" }, [], ["offers"]],
  ])("OFFER_NOT_IN_CATALOG / QUANTITY_OUT_OF_RANGE %j", (overrides, notIn, range) => {
    const ctx = ruleContext({ offersCatalog: catalog });
    expect(flagged(OFFER_NOT_IN_CATALOG, ruleRow(overrides), ctx)).toEqual(notIn);
    expect(flagged(QUANTITY_OUT_OF_RANGE, ruleRow(overrides), ctx)).toEqual(range);
  });

  it("gives the catalogue's range", () => {
    const ctx = ruleContext({ offersCatalog: catalog });
    const row = ruleRow({ offers: "CFQ7TTC0LH18:0001*301;CFQ7TTC0LHSF:0001*2" });
    expect(findings(QUANTITY_OUT_OF_RANGE, row, ctx).map((f) => f.message)).toEqual([
      "expected a quantity of 1 to 300 for CFQ7TTC0LH18:0001, found 301",
      "expected a quantity of at least 5 for CFQ7TTC0LHSF:0001, found 2",
    ]);
    expect(findings(OFFER_NOT_IN_CATALOG, ruleRow({ offer_id: "CFQ7TTC0ZZZZ:0001", quantity: "1" }))).toEqual([]);
  });

  it.each([
    [{ term_duration: "P1Y" }, [], []],
    [{ term_duration: "P2Y" }, ["term_duration"], []],
    [{ billing_cycle: "weekly" }, [], ["billing_cycle"]],
    [{ offer_id: "CFQ7TTC0LH18:0001", quantity: "1", term_duration: "1 jaar", billing_cycle: "jaarlijks" }, [], []],
  ])("TERM_INVALID / BILLING_CYCLE_INVALID %j", (overrides, term, billing) => {
    expect(flagged(TERM_INVALID, ruleRow(overrides))).toEqual(term);
    expect(flagged(BILLING_CYCLE_INVALID, ruleRow(overrides))).toEqual(billing);
  });

  it.each([
    ["P1M", "monthly", []],
    ["P1M", "annual", ["expected a billing cycle of monthly for term P1M, found 'annual'"]],
    ["P1Y", "annual", []],
    ["P1Y", "triennial", ["expected a billing cycle of monthly or annual for term P1Y, found 'triennial'"]],
    ["P3Y", "triennial", []],
  ])("TERM_BILLING_MISMATCH %s %s", (term, billing, messages) => {
    const row = ruleRow({ offer_id: "CFQ7TTC0LH18:0001", quantity: "1", term_duration: term, billing_cycle: billing });
    expect(findings(TERM_BILLING_MISMATCH, row).map((f) => f.message)).toEqual(messages);
  });
});
