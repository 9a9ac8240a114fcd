import { describe, expect, it } from "vitest";
import {
  EXTERNAL_ID_DUPLICATE,
  NAME_COUNTRY_DUPLICATE,
  NAME_MATCHES_EXISTING,
} from "../../src/rules/checks/duplicates.js";
import { nameCountryKey } from "../../src/rules/checks/keys.js";
import { findings, ruleContext, ruleRow } from "./helpers.js";

describe("nameCountryKey", () => {
  it.each([
    ["KPN B.V.", "NL", "kpn|NL"],
    ["kpn bv", "NL", "kpn|NL"],
    ["KPN", "NL", "kpn|NL"],
    ["Müller GmbH & Co. KG", "DE", "muller|DE"],
    ["MÜLLER gmbh", "DE", "muller|DE"],
    ["Stichting Het Rijksmuseum", "NL", "het rijksmuseum|NL"],
    ["De Vries & Zonen V.O.F.", "NL", "de vries zonen|NL"],
    ["B.V.", "NL", "bv|NL"],
  ])("%s in %s -> %s", (name, country, key) => {
    expect(nameCountryKey(name, country)).toBe(key);
  });
});

describe("duplicate rules", () => {
  it("rejects a repeated external_id naming the first row", () => {
    const ctx = ruleContext();
    expect(findings(EXTERNAL_ID_DUPLICATE, ruleRow({ external_id: "CRM-1" }, { row: 1 }), ctx)).toEqual([]);
    expect(findings(EXTERNAL_ID_DUPLICATE, ruleRow({ external_id: "CRM-2" }, { row: 2 }), ctx)).toEqual([]);
    expect(findings(EXTERNAL_ID_DUPLICATE, ruleRow({ external_id: " CRM-1 " }, { row: 5 }), ctx)).toEqual([
      {
        field: "external_id",
        message: "expected an external_id not used before in this file, found 'CRM-1', first used on row 1",
      },
    ]);
    expect(EXTERNAL_ID_DUPLICATE.severity).toBe("error");
  });

  it.each([
    [{ file: "k.csv", line: 27 }, { file: "k.csv", line: 31 }, "line 27"],
    [
      { file: "k.xlsx", sheet: "Klanten", sheetRow: 27 },
      { file: "k.xlsx", sheet: "Klanten", sheetRow: 31 },
      "sheet row 27",
    ],
  ])("names the first row as the user finds it in the file: %j -> %s", (first, again, words) => {
    const ctx = ruleContext();
    const at = (position: typeof first, row: number) => ({
      ...ruleRow({ external_id: "CRM-1" }, { row }),
      at: position,
    });
    expect(findings(EXTERNAL_ID_DUPLICATE, at(first, 24), ctx)).toEqual([]);
    expect(findings(EXTERNAL_ID_DUPLICATE, at(again, 28), ctx)[0]?.message).toMatch(
      new RegExp(`first used on ${words}$`),
    );
  });

  it("warns on the same legal name in the same country", () => {
    const ctx = ruleContext();
    expect(findings(NAME_COUNTRY_DUPLICATE, ruleRow({ company_name: "KPN B.V." }, { row: 2 }), ctx)).toEqual([]);
    expect(
      findings(NAME_COUNTRY_DUPLICATE, ruleRow({ company_name: "KPN B.V.", country: "BE" }, { row: 3 }), ctx),
    ).toEqual([]);
    expect(findings(NAME_COUNTRY_DUPLICATE, ruleRow({ company_name: "kpn bv" }, { row: 7 }), ctx)).toEqual([
      {
        field: "company_name",
        message: "expected one row per customer, found 'kpn bv' in NL again, first on row 2: a likely duplicate",
      },
    ]);
    expect(NAME_COUNTRY_DUPLICATE.severity).toBe("warning");
  });

  it("warns on a legal name and country of an existing customer", () => {
    const ctx = ruleContext({ existingNames: new Set([nameCountryKey("Bakkerij Jansen BV", "NL")]) });
    expect(findings(NAME_MATCHES_EXISTING, ruleRow(), ctx)).toHaveLength(1);
    expect(findings(NAME_MATCHES_EXISTING, ruleRow({ country: "BE" }), ctx)).toEqual([]);
    expect(findings(NAME_MATCHES_EXISTING, ruleRow())).toEqual([]);
    expect(NAME_MATCHES_EXISTING.severity).toBe("warning");
  });
});
