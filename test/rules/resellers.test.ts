import { describe, expect, it } from "vitest";
import {
  ADDITIONAL_RESELLER_REPEATED,
  ADDITIONAL_RESELLERS_OUTSIDE_EU,
  ADDITIONAL_RESELLERS_TOO_MANY,
  ADDITIONAL_RESELLERS_WITHOUT_RESELLER,
  RESELLER_ID_INVALID,
  RESELLER_NO_MPA,
  RESELLER_NOT_ALLOWED,
  RESELLER_UNKNOWN,
  isEuEfta,
} from "../../src/rules/checks/resellers.js";
import type { Reseller } from "../../src/rules/types.js";
import { findings, flagged, ruleContext, ruleRow } from "./helpers.js";

const SIGNED: Reseller = { partnerId: "1234567", tenantId: "11111111-1111-1111-1111-111111111111", mpaSigned: true };
const OTHER: Reseller = { partnerId: "2345678", tenantId: "22222222-2222-2222-2222-222222222222", mpaSigned: true };
const UNSIGNED: Reseller = { partnerId: "7654321", tenantId: "33333333-3333-3333-3333-333333333333", mpaSigned: false };
const registry = new Map<string, Reseller>(
  [SIGNED, OTHER, UNSIGNED].flatMap((r) => [
    [r.partnerId, r],
    [r.tenantId, r],
  ]),
);
const provider = ruleContext({ partnerType: "indirect-provider", resellers: registry });

describe("reseller rules", () => {
  it.each([
    ["direct", { reseller_id: "1234567" }, ["reseller_id"]],
    ["indirect-reseller", { additional_reseller_ids: "1234567" }, ["additional_reseller_ids"]],
    ["indirect-provider", { reseller_id: "1234567" }, []],
    ["direct", {}, []],
  ] as const)("RESELLER_NOT_ALLOWED for %s %j -> %j", (partnerType, overrides, expected) => {
    expect(flagged(RESELLER_NOT_ALLOWED, ruleRow(overrides), ruleContext({ partnerType }))).toEqual(expected);
  });

  it("says why a reseller is not allowed", () => {
    expect(findings(RESELLER_NOT_ALLOWED, ruleRow({ reseller_id: "1234567" }))[0]?.message).toBe(
      "expected no reseller for partner type direct (resellers are for indirect providers), found '1234567'",
    );
  });

  it.each([
    [{ reseller_id: "1234567" }, []],
    [{ reseller_id: "11111111-1111-1111-1111-111111111111" }, []],
    [{ reseller_id: "acme" }, ["reseller_id"]],
    [{ reseller_id: "1234567", additional_reseller_ids: "2345678; nope" }, ["additional_reseller_ids"]],
  ])("RESELLER_ID_INVALID %j -> %j", (overrides, expected) => {
    expect(flagged(RESELLER_ID_INVALID, ruleRow(overrides), provider)).toEqual(expected);
  });

  it("names the malformed additional reseller", () => {
    expect(
      findings(
        RESELLER_ID_INVALID,
        ruleRow({ reseller_id: "1234567", additional_reseller_ids: "2345678; nope" }),
        provider,
      )[0]?.message,
    ).toBe("expected a PartnerID (digits) or a reseller tenant ID (GUID) for each additional reseller, found 'nope'");
  });

  it.each([
    [{ reseller_id: "1234567" }, [], []],
    [{ reseller_id: "11111111-1111-1111-1111-111111111111" }, [], []],
    [{ reseller_id: "9999999" }, ["reseller_id"], []],
    [{ reseller_id: "7654321" }, [], ["reseller_id"]],
    [
      { reseller_id: "1234567", additional_reseller_ids: "9999999;7654321" },
      ["additional_reseller_ids"],
      ["additional_reseller_ids"],
    ],
  ])("RESELLER_UNKNOWN / RESELLER_NO_MPA %j", (overrides, unknown, unsigned) => {
    const row = ruleRow(overrides);
    expect(flagged(RESELLER_UNKNOWN, row, provider)).toEqual(unknown);
    expect(flagged(RESELLER_NO_MPA, row, provider)).toEqual(unsigned);
  });

  it("does not look resellers up without a registry", () => {
    const ctx = ruleContext({ partnerType: "indirect-provider" });
    expect(findings(RESELLER_UNKNOWN, ruleRow({ reseller_id: "9999999" }), ctx)).toEqual([]);
  });

  it.each([
    [{ reseller_id: "1234567", additional_reseller_ids: "2345678" }, []],
    [{ country: "CH", postal_code: "8001", reseller_id: "1234567", additional_reseller_ids: "2345678" }, []],
    [
      { country: "US", state: "WA", postal_code: "98052", reseller_id: "1234567", additional_reseller_ids: "2345678" },
      ["additional_reseller_ids"],
    ],
  ])("ADDITIONAL_RESELLERS_OUTSIDE_EU %j -> %j", (overrides, expected) => {
    expect(flagged(ADDITIONAL_RESELLERS_OUTSIDE_EU, ruleRow(overrides), provider)).toEqual(expected);
  });

  it.each([
    [{ reseller_id: "1234567", additional_reseller_ids: "2345678" }, []],
    [{ additional_reseller_ids: "2345678" }, ["additional_reseller_ids"]],
  ])("ADDITIONAL_RESELLERS_WITHOUT_RESELLER %j -> %j", (overrides, expected) => {
    expect(flagged(ADDITIONAL_RESELLERS_WITHOUT_RESELLER, ruleRow(overrides), provider)).toEqual(expected);
  });

  it.each([
    ["1000001;1000002;1000003;1000004;1000005", []],
    ["1000001;1000002;1000003;1000004;1000005;1000006", ["additional_reseller_ids"]],
    ["1000001;1000002;1000003;1000004;1000005;nope", ["additional_reseller_ids"]],
  ])("ADDITIONAL_RESELLERS_TOO_MANY %s -> %j", (ids, expected) => {
    const row = ruleRow({ reseller_id: "1234567", additional_reseller_ids: ids });
    expect(flagged(ADDITIONAL_RESELLERS_TOO_MANY, row, provider)).toEqual(expected);
  });

  it.each([
    ["2345678", []],
    ["2345678;2345678", ["expected each additional reseller once, found '2345678' again"]],
    ["1234567", ["expected additional resellers other than the initial reseller_id, found '1234567'"]],
    // the same reseller by tenant ID, through the registry
    [
      "11111111-1111-1111-1111-111111111111",
      [
        "expected additional resellers other than the initial reseller_id, found '11111111-1111-1111-1111-111111111111'",
      ],
    ],
    [
      "2345678;22222222-2222-2222-2222-222222222222",
      ["expected each additional reseller once, found '22222222-2222-2222-2222-222222222222' again"],
    ],
  ])("ADDITIONAL_RESELLER_REPEATED %s", (ids, messages) => {
    const row = ruleRow({ reseller_id: "1234567", additional_reseller_ids: ids });
    expect(findings(ADDITIONAL_RESELLER_REPEATED, row, provider).map((f) => f.message)).toEqual(messages);
  });

  it.each([
    ["NL", true],
    ["NO", true],
    ["CH", true],
    ["LI", true],
    ["GB", false],
    ["US", false],
  ])("isEuEfta(%s) = %s", (country, expected) => {
    expect(isEuEfta(country)).toBe(expected);
  });
});
