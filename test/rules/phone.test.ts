import { describe, expect, it } from "vitest";
import { PHONE_INVALID } from "../../src/rules/checks/phone.js";
import { PHONE_REQUIRED, REGISTRATION_ID_REQUIRED } from "../../src/rules/checks/local-requirements.js";
import type { PartnerType } from "../../src/rules/types.js";
import { findings, flagged, ruleContext, ruleRow } from "./helpers.js";

const BRAZIL = {
  country: "Brasil",
  state: "SP",
  postal_code: "01310-100",
  phone: "11 98765-4321",
  registration_id: "11.222.333/0001-81",
};

describe("phone rules", () => {
  it.each([
    [{ phone: "020-1234567" }, []],
    [{ phone: "+31 6 12345678" }, []],
    [{ phone: undefined }, []],
    [{ phone: "123" }, ["phone"]],
    [{ phone: "+32 470 12 34 56" }, ["phone"]],
    [{ mca_signer_phone: "06-1234" }, ["mca_signer_phone"]],
    [{ country: "Narnia", phone: "0612345678" }, []],
    [{ country: "Narnia", phone: "+999 1" }, ["phone"]],
  ])("PHONE_INVALID %j -> %j", (overrides, expected) => {
    expect(flagged(PHONE_INVALID, ruleRow(overrides))).toEqual(expected);
  });

  it("says expected and found", () => {
    expect(findings(PHONE_INVALID, ruleRow({ phone: "+32 470 12 34 56" }))[0]?.message).toMatch(
      /^expected a phone number of NL such as \+31 6 .*; '\+32 470 12 34 56' is a number of BE, not of NL$/,
    );
  });
});

describe("the 24 countries", () => {
  it.each([
    ["direct", {}, [], []],
    ["direct", BRAZIL, [], []],
    ["direct", { ...BRAZIL, phone: undefined }, ["phone"], []],
    ["direct", { ...BRAZIL, registration_id: undefined }, [], ["registration_id"]],
    ["indirect-provider", { ...BRAZIL, phone: undefined, registration_id: undefined }, ["phone"], ["registration_id"]],
    ["indirect-reseller", { ...BRAZIL, phone: undefined, registration_id: undefined }, [], []],
    ["direct", { phone: undefined, registration_id: undefined }, [], []],
  ])("%s %j", (partnerType, overrides, phone, registration) => {
    const ctx = ruleContext({ partnerType: partnerType as PartnerType });
    expect(flagged(PHONE_REQUIRED, ruleRow(overrides), ctx)).toEqual(phone);
    expect(flagged(REGISTRATION_ID_REQUIRED, ruleRow(overrides), ctx)).toEqual(registration);
  });

  it("names the country and who must give it", () => {
    expect(findings(REGISTRATION_ID_REQUIRED, ruleRow({ ...BRAZIL, registration_id: undefined }))).toEqual([
      {
        field: "registration_id",
        message:
          "expected the company's registration ID (required in BR for direct-bill partners and indirect providers), found nothing",
      },
    ]);
  });
});
