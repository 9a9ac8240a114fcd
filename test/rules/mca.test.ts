import { describe, expect, it } from "vitest";
import {
  MCA_DATE_FUTURE,
  MCA_DATE_INVALID,
  MCA_SIGNER_REQUIRED,
  ORDER_NEEDS_ATTESTATION,
} from "../../src/rules/checks/mca.js";
import { findings, flagged, ruleContext, ruleRow } from "./helpers.js";

const ORDER = { offer_id: "CFQ7TTC0LH18:0001", quantity: "10" };
const SIGNED = {
  mca_signer_first_name: "Anna",
  mca_signer_last_name: "de Vries",
  mca_signer_email: "anna@bakkerijjansen.nl",
  mca_accepted_on: "2026-01-10",
};

describe("MCA and attestation rules", () => {
  it.each([
    [{}, []],
    [{ ...ORDER, ...SIGNED }, []],
    [ORDER, ["mca_signer_first_name", "mca_signer_last_name", "mca_signer_email", "mca_accepted_on"]],
    [{ ...ORDER, ...SIGNED, mca_signer_email: undefined }, ["mca_signer_email"]],
    [{ offers: "junk", ...SIGNED, mca_accepted_on: undefined }, ["mca_accepted_on"]],
  ])("MCA_SIGNER_REQUIRED %j -> %j", (overrides, expected) => {
    expect(flagged(MCA_SIGNER_REQUIRED, ruleRow(overrides))).toEqual(expected);
  });

  it.each([
    ["2026-01-15", [], []],
    ["15-01-2026", [], []],
    ["2026-01-16", [], ["expected a date not after today (2026-01-15), found 2026-01-16"]],
    ["31-02-2026", ["expected a date as YYYY-MM-DD or dd-mm-yyyy (day first), found '31-02-2026'"], []],
  ])("MCA_DATE_INVALID / MCA_DATE_FUTURE %s", (date, invalid, future) => {
    const row = ruleRow({ ...ORDER, ...SIGNED, mca_accepted_on: date });
    const ctx = ruleContext({ today: "2026-01-15" });
    expect(findings(MCA_DATE_INVALID, row, ctx).map((f) => f.message)).toEqual(invalid);
    expect(findings(MCA_DATE_FUTURE, row, ctx).map((f) => f.message)).toEqual(future);
  });

  it.each([
    [{}, []],
    [ORDER, ["offer_id"]],
    [{ offers: "CFQ7TTC0LH18:0001*2" }, ["offers"]],
  ])("ORDER_NEEDS_ATTESTATION %j -> %j", (overrides, expected) => {
    expect(flagged(ORDER_NEEDS_ATTESTATION, ruleRow(overrides))).toEqual(expected);
    expect(ORDER_NEEDS_ATTESTATION.severity).toBe("warning");
  });

  it("is silent when the run confirms both attestations", () => {
    expect(flagged(ORDER_NEEDS_ATTESTATION, ruleRow(ORDER), ruleContext({ attested: true }))).toEqual([]);
  });

  it("asks for the attestations in words", () => {
    expect(findings(ORDER_NEEDS_ATTESTATION, ruleRow(ORDER))[0]?.message).toMatch(
      /attestations .* --attest-partner-role and --attest-no-affiliate-resale/,
    );
  });
});
