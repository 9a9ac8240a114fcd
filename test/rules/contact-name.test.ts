import { describe, expect, it } from "vitest";
import {
  CONTACT_NAME_INITIAL,
  CONTACT_NAME_LONG,
  CONTACT_NAME_PLACEHOLDER,
  CONTACT_NAME_TOO_LONG,
} from "../../src/rules/checks/contact-name.js";
import { findings, flagged, ruleRow } from "./helpers.js";

const RULES = [CONTACT_NAME_TOO_LONG, CONTACT_NAME_LONG, CONTACT_NAME_INITIAL, CONTACT_NAME_PLACEHOLDER];

function codes(first: string, last = "de Vries"): string[] {
  const row = ruleRow({ first_name: first, last_name: last });
  return RULES.filter((r) => findings(r, row).length > 0).map((r) => r.code);
}

describe("contact name rules", () => {
  it.each([["Anna"], ["Jan-Willem"], ["Özil"], ["Li"], ["J.P."], ["Anne Marie"], ["x".repeat(40)]])(
    "accepts %s",
    (name) => {
      expect(codes(name)).toEqual([]);
    },
  );

  it.each([
    ["J", ["CONTACT_NAME_INITIAL"]],
    ["J.", ["CONTACT_NAME_INITIAL"]],
    ["test", ["CONTACT_NAME_PLACEHOLDER"]],
    ["Admin", ["CONTACT_NAME_PLACEHOLDER"]],
    ["Voornaam", ["CONTACT_NAME_PLACEHOLDER"]],
    ["Test User", ["CONTACT_NAME_PLACEHOLDER"]],
    ["-", ["CONTACT_NAME_PLACEHOLDER"]],
    ["123", ["CONTACT_NAME_PLACEHOLDER"]],
    ["x".repeat(41), ["CONTACT_NAME_LONG"]],
    ["x".repeat(50), ["CONTACT_NAME_LONG"]],
    ["x".repeat(51), ["CONTACT_NAME_TOO_LONG"]],
  ])("%s -> %j", (name, expected) => {
    expect(codes(name)).toEqual(expected);
  });

  it("checks last names and the MCA signer's names too", () => {
    const row = ruleRow({ last_name: "X", mca_signer_first_name: "admin", mca_signer_last_name: "Jansen" });
    expect(flagged(CONTACT_NAME_INITIAL, row)).toEqual(["last_name"]);
    expect(flagged(CONTACT_NAME_PLACEHOLDER, row)).toEqual(["mca_signer_first_name"]);
  });

  it("says expected and found", () => {
    expect(findings(CONTACT_NAME_TOO_LONG, ruleRow({ first_name: "x".repeat(51) }))).toEqual([
      { field: "first_name", message: "expected a first name of at most 50 characters, found 51" },
    ]);
    expect(findings(CONTACT_NAME_INITIAL, ruleRow({ last_name: "V." }))).toEqual([
      { field: "last_name", message: "expected the full last name, found the initial 'V.'" },
    ]);
  });
});
