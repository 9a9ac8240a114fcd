import { describe, expect, it } from "vitest";
import {
  COMPANY_NAME_ACRONYM,
  COMPANY_NAME_GENERIC,
  COMPANY_NAME_LEGAL_FORM_ONLY,
  COMPANY_NAME_NO_LETTERS,
  COMPANY_NAME_REPEATED_CHARS,
  COMPANY_NAME_SPACED_CHARS,
  COMPANY_NAME_TEST,
  COMPANY_NAME_TEST_WORD,
  COMPANY_NAME_TOO_LONG,
  COMPANY_NAME_TOO_SHORT,
  COMPANY_NAME_WEB_DOMAIN,
  WEB_DOMAIN,
} from "../../src/rules/checks/company-name.js";
import { RULES } from "../../src/rules/catalogue.js";
import { findings, ruleContext, ruleRow } from "./helpers.js";

const NAME_RULES = RULES.filter((r) => r.code.startsWith("COMPANY_NAME_"));

/** The codes of every company-name rule that fires on `name`. */
function codes(name: string): string[] {
  const row = ruleRow({ company_name: name });
  return NAME_RULES.filter((r) => findings(r, row, ruleContext()).length > 0).map((r) => r.code);
}

describe("company name rules", () => {
  it.each([
    ["KPN B.V."],
    ["+31 Holding B.V."],
    ["Bakkerij Jansen B.V."],
    ["Koninklijke Philips N.V."],
    ["Stichting Het Rijksmuseum"],
    ["De Vries & Zonen V.O.F."],
    ["Müller GmbH & Co. KG"],
    ["3M Nederland B.V."],
    ["ASML Holding N.V."],
    ["Jansen Bouw B.V."],
    ["Vereniging van Eigenaars Damrak 1"],
    ["DE VRIES TRANSPORT"],
    ["Testament Notarissen B.V."],
    ["J.de Vries Installatietechniek"],
    ["Bouwbedrijf Co.KG Nord GmbH"],
  ])("accepts %s without findings", (name) => {
    expect(codes(name)).toEqual([]);
  });

  it.each([
    ["Test BV", ["COMPANY_NAME_TEST"]],
    ["Demo Klant", ["COMPANY_NAME_TEST"]],
    ["Sample Inc", ["COMPANY_NAME_TEST"]],
    ["asdf", ["COMPANY_NAME_TEST"]],
    ["Testklant B.V.", ["COMPANY_NAME_TEST"]],
    ["Test 123", ["COMPANY_NAME_TEST"]],
    ["Stichting Test", ["COMPANY_NAME_TEST"]],
    ["The Test Company Ltd", ["COMPANY_NAME_TEST"]],
    ["BV", ["COMPANY_NAME_LEGAL_FORM_ONLY"]],
    ["B.V.", ["COMPANY_NAME_LEGAL_FORM_ONLY"]],
    ["LLC", ["COMPANY_NAME_LEGAL_FORM_ONLY"]],
    ["Inc", ["COMPANY_NAME_LEGAL_FORM_ONLY"]],
    ["GmbH", ["COMPANY_NAME_LEGAL_FORM_ONLY"]],
    ["GmbH & Co. KG", ["COMPANY_NAME_LEGAL_FORM_ONLY"]],
    ["Sp. z o.o.", ["COMPANY_NAME_LEGAL_FORM_ONLY"]],
    ["A", ["COMPANY_NAME_TOO_SHORT"]],
    ["&", ["COMPANY_NAME_TOO_SHORT"]],
    ["&&&", ["COMPANY_NAME_NO_LETTERS"]],
    ["- / -", ["COMPANY_NAME_NO_LETTERS"]],
    ["Test-Aankoop", ["COMPANY_NAME_TEST_WORD"]],
    ["Test Valley Borough Council", ["COMPANY_NAME_TEST_WORD"]],
    ["Klant BV", ["COMPANY_NAME_GENERIC"]],
    ["KPN", ["COMPANY_NAME_ACRONYM"]],
    ["I.B.M.", ["COMPANY_NAME_ACRONYM"]],
    ["Booking.com B.V.", ["COMPANY_NAME_WEB_DOMAIN"]],
    ["www.bakkerij.nl", ["COMPANY_NAME_WEB_DOMAIN"]],
    ["Bakkerij (WWW.Jansen.NL)", ["COMPANY_NAME_WEB_DOMAIN"]],
    ["Jansen.Online B.V.", ["COMPANY_NAME_WEB_DOMAIN"]],
    ["https://jansen B.V.", ["COMPANY_NAME_WEB_DOMAIN"]],
    ["999", ["COMPANY_NAME_REPEATED_CHARS"]],
    ["999 B.V.", ["COMPANY_NAME_REPEATED_CHARS"]],
    ["aaa", ["COMPANY_NAME_REPEATED_CHARS"]],
    ["1 2 3", ["COMPANY_NAME_SPACED_CHARS"]],
    ["A B C BV", ["COMPANY_NAME_SPACED_CHARS"]],
  ])("%s -> %j", (name, expected) => {
    expect(codes(name)).toEqual(expected);
  });

  it("passes over without the pattern only names the pattern would not match (the quick check never hides one)", () => {
    const parts = [
      "Jansen",
      ".",
      "www",
      "com",
      "Com",
      "NL",
      "nl",
      "online",
      "onlinex",
      "B.V.",
      " ",
      "-",
      "é",
      "://",
      "1",
    ];
    const pattern = WEB_DOMAIN;
    let seed = 7;
    const pick = (): string => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return parts[seed % parts.length] ?? "";
    };
    for (let i = 0; i < 20_000; i++) {
      const name = `${pick()}${pick()}${pick()}${pick()}${pick()}`;
      const flagged = codes(name).includes("COMPANY_NAME_WEB_DOMAIN");
      expect([name, flagged]).toEqual([name, pattern.test(name)]);
    }
  });

  it("rejects names over 255 characters", () => {
    expect(codes(`${"Bakkerij ".repeat(30)}B.V.`)).toEqual(["COMPANY_NAME_TOO_LONG"]);
    expect(codes(`${"Bakkerij ".repeat(27)}B.V.`)).toEqual([]);
  });

  it("says what was expected and what was found", () => {
    const [finding] = findings(COMPANY_NAME_TEST, ruleRow({ company_name: "Demo Klant" }));
    expect(finding).toEqual({
      field: "company_name",
      message: "expected the exact legal name as in official documents, found a test name 'Demo Klant'",
    });
    expect(findings(COMPANY_NAME_TEST_WORD, ruleRow({ company_name: "Test-Aankoop" }))[0]?.message).toContain(
      "the test word 'test'",
    );
  });

  it("are errors where Partner Center rejects, warnings where it warns", () => {
    const errors = [
      COMPANY_NAME_TOO_SHORT,
      COMPANY_NAME_TOO_LONG,
      COMPANY_NAME_NO_LETTERS,
      COMPANY_NAME_LEGAL_FORM_ONLY,
      COMPANY_NAME_TEST,
    ];
    const warnings = [
      COMPANY_NAME_TEST_WORD,
      COMPANY_NAME_GENERIC,
      COMPANY_NAME_ACRONYM,
      COMPANY_NAME_WEB_DOMAIN,
      COMPANY_NAME_REPEATED_CHARS,
      COMPANY_NAME_SPACED_CHARS,
    ];
    expect(errors.map((r) => r.severity)).toEqual(errors.map(() => "error"));
    expect(warnings.map((r) => r.severity)).toEqual(warnings.map(() => "warning"));
    expect(NAME_RULES).toHaveLength(errors.length + warnings.length);
  });
});
