import { describe, expect, it } from "vitest";
import {
  MCA_DATE_AMBIGUOUS,
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
    [
      "09/15/2025",
      [
        "expected a date as YYYY-MM-DD or dd-mm-yyyy (day first), found '09/15/2025'; it is a date month first " +
          "(2025-09-15): if the file writes dates month first, run with --date-order mdy",
      ],
      [],
    ],
  ])("MCA_DATE_INVALID / MCA_DATE_FUTURE %s", (date, invalid, future) => {
    const row = ruleRow({ ...ORDER, ...SIGNED, mca_accepted_on: date });
    const ctx = ruleContext({ today: "2026-01-15" });
    expect(findings(MCA_DATE_INVALID, row, ctx).map((f) => f.message)).toEqual(invalid);
    expect(findings(MCA_DATE_FUTURE, row, ctx).map((f) => f.message)).toEqual(future);
  });

  it("MCA_DATE_INVALID reads month first when the run says so, and names the other reading", () => {
    const ctx = ruleContext({ today: "2026-01-15", dateOrder: "mdy" });
    const row = (date: string) => ({ ...ruleRow({ ...ORDER, ...SIGNED, mca_accepted_on: date }) });
    // (ruleRow normalizes day first: the record is what a run with --date-order mdy would not have)
    const us = row("09/15/2025");
    expect(findings(MCA_DATE_INVALID, { ...us, record: { ...us.record, mca_accepted_on: "2025-09-15" } }, ctx)).toEqual(
      [],
    );
    const eu = row("15/09/2025");
    expect(findings(MCA_DATE_INVALID, { ...eu, record: { ...eu.record, mca_accepted_on: undefined } }, ctx)).toEqual([
      {
        field: "mca_accepted_on",
        message:
          "expected a date as YYYY-MM-DD or mm/dd/yyyy (month first, --date-order mdy), found '15/09/2025'; it is a " +
          "date day first (2025-09-15): if the file writes dates day first, run with --date-order dmy",
      },
    ]);
  });

  it.each([
    ["10/01/2026", undefined, ["mca_accepted_on"]],
    ["1/2/2026", undefined, ["mca_accepted_on"]],
    ["10/01/2026", "dmy", []],
    ["10/01/2026", "mdy", []],
    ["15/01/2026", undefined, []],
    ["10-01-2026", undefined, []],
    ["2026-01-10", undefined, []],
  ] as const)("MCA_DATE_AMBIGUOUS %s with date order %s -> %j", (date, order, expected) => {
    const row = ruleRow({ ...ORDER, ...SIGNED, mca_accepted_on: date });
    const ctx = ruleContext(order === undefined ? {} : { dateOrder: order });
    expect(flagged(MCA_DATE_AMBIGUOUS, row, ctx)).toEqual(expected);
    expect(MCA_DATE_AMBIGUOUS.severity).toBe("warning");
  });

  it("MCA_DATE_AMBIGUOUS gives both readings and the way to say which", () => {
    const row = ruleRow({ ...ORDER, ...SIGNED, mca_accepted_on: "10/01/2026" });
    expect(findings(MCA_DATE_AMBIGUOUS, row)[0]?.message).toBe(
      "expected a date that reads one way, found '10/01/2026': read day first as 2026-01-10, month first it would be " +
        '2026-10-01; say how the file writes dates with --date-order dmy or mdy (or "dateOrder" under "defaults" in ' +
        "the config file), or write YYYY-MM-DD",
    );
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
