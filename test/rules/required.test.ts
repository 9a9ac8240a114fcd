import { describe, expect, it } from "vitest";
import { REQUIRED } from "../../src/rules/checks/required.js";
import { CELL_ERROR, ROW_FIELD_COUNT } from "../../src/rules/checks/reader.js";
import { EXISTING_CUSTOMER, TENANT_ID_INVALID, isRelationshipRow } from "../../src/rules/checks/relationship.js";
import { findings, flagged, ruleContext, ruleRow } from "./helpers.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

describe("REQUIRED", () => {
  it.each([
    [{}, []],
    [{ company_name: undefined }, ["company_name"]],
    [{ company_name: "  \u00a0 " }, ["company_name"]],
    [{ email: undefined, city: "" }, ["email", "city"]],
    // a value that could not be read is present: its own rule reports it
    [{ country: "Narnia", email: "nope" }, []],
  ])("%j -> %j", (overrides, expected) => {
    expect(flagged(REQUIRED, ruleRow(overrides))).toEqual(expected);
  });

  it("asks only the contact e-mail of a relationship request", () => {
    const base = { customer_tenant_id: TENANT, email: "it@klant.nl" };
    expect(findings(REQUIRED, ruleRow({}, { base }))).toEqual([]);
    expect(findings(REQUIRED, ruleRow({ email: undefined }, { base }))).toEqual([
      { field: "email", message: "expected the contact e-mail, found nothing" },
    ]);
  });

  it("says which field is missing", () => {
    expect(findings(REQUIRED, ruleRow({ city: undefined }))).toEqual([
      { field: "city", message: "expected a value for city, found nothing" },
    ]);
  });
});

describe("relationship rows", () => {
  it.each([
    [{ customer_tenant_id: TENANT }, true],
    [{ customer_tenant_id: "not a guid" }, true],
    [{ domain: "existing" }, true],
    [{}, false],
  ])("isRelationshipRow(%j) = %s", (overrides, expected) => {
    const ctx = ruleContext({ existingDomains: new Set(["existing"]) });
    expect(isRelationshipRow(ruleRow(overrides), ctx)).toBe(expected);
  });

  it.each([
    [TENANT, []],
    [TENANT.toUpperCase(), []],
    ["not a guid", ["customer_tenant_id"]],
  ])("TENANT_ID_INVALID %s -> %j", (id, expected) => {
    expect(flagged(TENANT_ID_INVALID, ruleRow({ customer_tenant_id: id }))).toEqual(expected);
    expect(TENANT_ID_INVALID.scope).toBe("relationship");
  });

  it("warns that an existing customer's domain makes a relationship request", () => {
    const ctx = ruleContext({ existingDomains: new Set(["bakkerijjansen"]) });
    expect(flagged(EXISTING_CUSTOMER, ruleRow(), ctx)).toEqual(["domain"]);
    expect(flagged(EXISTING_CUSTOMER, ruleRow({ customer_tenant_id: TENANT }), ctx)).toEqual([]);
    expect(flagged(EXISTING_CUSTOMER, ruleRow())).toEqual([]);
  });
});

describe("reader problems", () => {
  const headers = ["Bedrijfsnaam", "E-mail", "Land"];
  it("reports a ragged record and an error cell under their column", () => {
    const row = ruleRow(
      {},
      {
        headers,
        problems: [
          { kind: "field-count", message: "expected 3 fields, found 4", value: "extra" },
          {
            kind: "cell-error",
            column: 1,
            message: "expected a value, found the spreadsheet error #N/A",
            value: "#N/A",
          },
        ],
      },
    );
    expect(findings(ROW_FIELD_COUNT, row, ruleContext())).toEqual([
      { message: "expected 3 fields, found 4", value: "extra" },
    ]);
    expect(findings(CELL_ERROR, row, ruleContext())).toEqual([
      { message: "expected a value, found the spreadsheet error #N/A", value: "#N/A", column: "E-mail" },
    ]);
    expect(findings(CELL_ERROR, ruleRow())).toEqual([]);
  });
});
