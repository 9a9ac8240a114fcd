import { describe, expect, it } from "vitest";
import {
  EDUCATION_FREE_EMAIL,
  EMAIL_INVALID,
  EMAIL_MICROSOFT,
  EMAIL_PARTNER_DOMAIN,
} from "../../src/rules/checks/email.js";
import { isFreeMailDomain } from "../../src/rules/checks/free-mail.js";
import { findings, flagged, ruleContext, ruleRow } from "./helpers.js";

describe("e-mail rules", () => {
  it.each([
    [{ email: "jan@kpn.com" }, []],
    [{ email: "jan" }, ["email"]],
    [{ email: "jan@kpn" }, ["email"]],
    [{ mca_signer_email: "piet@" }, ["mca_signer_email"]],
    [{ email: "a@", mca_signer_email: "b@" }, ["email", "mca_signer_email"]],
  ])("EMAIL_INVALID %j -> %j", (overrides, expected) => {
    expect(flagged(EMAIL_INVALID, ruleRow(overrides))).toEqual(expected);
  });

  it("checks the contact e-mail of a relationship request too", () => {
    expect(EMAIL_INVALID.scope).toBe("both");
    expect(
      findings(EMAIL_INVALID, ruleRow({ email: "nope", customer_tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47" })),
    ).toEqual([{ field: "email", message: "expected an e-mail address like name@example.com, found 'nope'" }]);
  });

  it.each([
    [{ email: "jan@microsoft.com" }, ["email"]],
    [{ email: "jan@europe.microsoft.com" }, ["email"]],
    [{ email: "jan@notmicrosoft.com" }, []],
    [{ mca_signer_email: "x@Microsoft.com" }, ["mca_signer_email"]],
  ])("EMAIL_MICROSOFT %j -> %j", (overrides, expected) => {
    expect(flagged(EMAIL_MICROSOFT, ruleRow(overrides))).toEqual(expected);
  });

  it.each([
    [{ email: "jan@partner.nl" }, ["email"]],
    [{ email: "jan@mail.partner.nl" }, ["email"]],
    [{ email: "jan@mypartner.nl" }, []],
    [{ email: "jan@klant.nl" }, []],
  ])("EMAIL_PARTNER_DOMAIN %j -> %j", (overrides, expected) => {
    const ctx = ruleContext({ partnerDomains: new Set(["partner.nl"]) });
    expect(flagged(EMAIL_PARTNER_DOMAIN, ruleRow(overrides), ctx)).toEqual(expected);
  });

  it("names the partner's domain", () => {
    const ctx = ruleContext({ partnerDomains: new Set(["partner.nl"]) });
    expect(findings(EMAIL_PARTNER_DOMAIN, ruleRow({ email: "jan@partner.nl" }), ctx)[0]?.message).toBe(
      "expected the customer's own e-mail address, found 'jan@partner.nl' at the partner's domain partner.nl",
    );
  });

  it.each([
    [{ education: "yes", email: "school@gmail.com" }, ["email"]],
    [{ education: "yes", email: "admin@ziggo.nl" }, ["email"]],
    [{ education: "yes", email: "it@uva.nl" }, []],
    [{ education: "yes", email: "it@stanford.edu" }, []],
    [{ education: "no", email: "school@gmail.com" }, []],
    [{ email: "school@gmail.com" }, []],
  ])("EDUCATION_FREE_EMAIL %j -> %j", (overrides, expected) => {
    expect(flagged(EDUCATION_FREE_EMAIL, ruleRow(overrides))).toEqual(expected);
  });

  it.each([
    ["gmail.com", true],
    ["outlook.com", true],
    ["hotmail.nl", true],
    ["ziggo.nl", true],
    ["kpn.com", false],
    ["uva.nl", false],
    // listed as free by free-email-domains-list, corrected: academic domains are the institutions' own
    ["stanford.edu", false],
    ["columbia.edu", false],
    ["nus.edu.sg", false],
    ["live.ucl.ac.uk", false],
  ])("isFreeMailDomain(%s) = %s", (domain, expected) => {
    expect(isFreeMailDomain(domain)).toBe(expected);
  });
});
