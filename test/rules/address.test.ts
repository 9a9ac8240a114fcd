import { describe, expect, it } from "vitest";
import {
  ADDRESS_LINE_TOO_LONG,
  POSTAL_CODE_INVALID,
  POSTAL_CODE_REQUIRED,
  STATE_REQUIRED,
  STATE_UNKNOWN,
} from "../../src/rules/checks/address.js";
import { findings, flagged, ruleRow } from "./helpers.js";

describe("address rules", () => {
  it.each([
    [{ address_line1: "x".repeat(200) }, []],
    [{ address_line1: "x".repeat(201) }, ["address_line1"]],
    [{ address_line2: "x".repeat(201) }, ["address_line2"]],
    [{ address_line1: "x".repeat(201), address_line2: "y".repeat(300) }, ["address_line1", "address_line2"]],
  ])("ADDRESS_LINE_TOO_LONG %#", (overrides, expected) => {
    expect(flagged(ADDRESS_LINE_TOO_LONG, ruleRow(overrides))).toEqual(expected);
  });

  it.each([
    [{ country: "US", state: "California", postal_code: "98052" }, []],
    [{ country: "US", state: undefined, postal_code: "98052" }, ["state"]],
    [{ country: "Canada", state: undefined, postal_code: "K1A 0B1" }, ["state"]],
    [{ country: "IN", state: undefined, postal_code: "110001" }, ["state"]],
    [{ country: "NL", state: undefined }, []],
    [{ country: "Narnia", state: undefined }, []],
  ])("STATE_REQUIRED %#", (overrides, expected) => {
    expect(flagged(STATE_REQUIRED, ruleRow(overrides))).toEqual(expected);
  });

  it.each([
    [{ country: "US", state: "TX", postal_code: "73301" }, []],
    [{ country: "US", state: "Cali", postal_code: "98052" }, ["state"]],
    [{ country: "CA", state: "Texas", postal_code: "K1A 0B1" }, ["state"]],
    [{ country: "NL", state: "Whatever" }, []],
  ])("STATE_UNKNOWN %#", (overrides, expected) => {
    expect(flagged(STATE_UNKNOWN, ruleRow(overrides))).toEqual(expected);
  });

  it("names the country's states in its message", () => {
    expect(findings(STATE_UNKNOWN, ruleRow({ country: "US", state: "Cali", postal_code: "98052" }))[0]?.message).toBe(
      "expected one of the 62 states or provinces of US by name or code (e.g. 'Alabama' or 'AL'), found 'Cali'",
    );
  });

  it.each([
    [{ postal_code: undefined }, ["postal_code"]],
    [{ country: "AE", postal_code: undefined, phone: undefined }, []],
    [{ country: "IE", postal_code: undefined, phone: undefined }, []],
    [{ country: "KE", postal_code: undefined, phone: undefined }, []],
    [{ country: "US", state: "CA", postal_code: undefined }, ["postal_code"]],
  ])("POSTAL_CODE_REQUIRED %#", (overrides, expected) => {
    expect(flagged(POSTAL_CODE_REQUIRED, ruleRow(overrides))).toEqual(expected);
  });

  it.each([
    [{ postal_code: "1012lg" }, []],
    [{ postal_code: "1012" }, ["postal_code"]],
    [{ country: "US", state: "MA", postal_code: "2134" }, []],
    [{ country: "US", state: "MA", postal_code: "ABCDE" }, ["postal_code"]],
    [{ country: "Narnia", postal_code: "ABCDE" }, []],
  ])("POSTAL_CODE_INVALID %#", (overrides, expected) => {
    expect(flagged(POSTAL_CODE_INVALID, ruleRow(overrides))).toEqual(expected);
  });

  it("gives the format and an example", () => {
    expect(findings(POSTAL_CODE_INVALID, ruleRow({ postal_code: "1234" }))).toEqual([
      { field: "postal_code", message: "postal code '1234' does not match NL format '1234 AB' (e.g. '1012 AB')" },
    ]);
    expect(findings(POSTAL_CODE_REQUIRED, ruleRow({ postal_code: undefined }))).toEqual([
      { field: "postal_code", message: "expected a postal code of NL (1234 AB, e.g. 1012 AB), found nothing" },
    ]);
  });
});
