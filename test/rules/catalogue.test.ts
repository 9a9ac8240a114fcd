import { describe, expect, it } from "vitest";
import { FIELDS } from "../../src/model/fields.js";
import { RULES } from "../../src/rules/catalogue.js";
import { findings, ruleContext, ruleRow } from "./helpers.js";

describe("the rule catalogue", () => {
  it("has unique, stable UPPER_SNAKE codes", () => {
    const codes = RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
  });

  it("describes every rule", () => {
    for (const rule of RULES) {
      expect(rule.title.length, rule.code).toBeGreaterThan(10);
      expect(rule.source.length, rule.code).toBeGreaterThan(3);
      for (const field of rule.fields) expect(FIELDS, rule.code).toContain(field);
    }
  });

  it("finds nothing wrong in a valid row", () => {
    const ctx = ruleContext();
    const row = ruleRow();
    expect(RULES.flatMap((r) => findings(r, row, ctx).map((f) => `${r.code}: ${f.message}`))).toEqual([]);
  });

  it("finds nothing wrong in a complete ordering row of an indirect provider", () => {
    const ctx = ruleContext({ partnerType: "indirect-provider" });
    const row = ruleRow({
      reseller_id: "1234567",
      additional_reseller_ids: "2345678",
      offers: "CFQ7TTC0LH18:0001*10",
      term_duration: "P1Y",
      billing_cycle: "annual",
      mca_signer_first_name: "Anna",
      mca_signer_last_name: "de Vries",
      mca_signer_email: "anna@bakkerijjansen.nl",
      mca_accepted_on: "2026-01-02",
      education: "ja",
      education_segment: "K12",
      website: "www.bakkerijjansen.nl",
      external_id: "CRM-1",
      enable_gdap_default: "nee",
    });
    expect(
      RULES.flatMap((r) => findings(r, row, ctx).map((f) => `${r.severity} ${r.code}: ${f.message}`)).filter((s) =>
        s.startsWith("error"),
      ),
    ).toEqual([]);
  });
});
