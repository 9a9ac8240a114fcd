import { describe, expect, it } from "vitest";
import { DOMAIN_DUPLICATE, DOMAIN_INVALID } from "../../src/rules/checks/domain.js";
import { findings, ruleContext, ruleRow } from "./helpers.js";

describe("domain rules", () => {
  it.each([
    ["contoso", undefined],
    ["Contoso.onmicrosoft.com", undefined],
    [
      "contoso.com",
      "expected the prefix of <prefix>.onmicrosoft.com (letters and digits, at most 27), found the domain name 'contoso.com': a custom domain cannot be used",
    ],
    [
      "con-toso",
      "expected the prefix of <prefix>.onmicrosoft.com (letters and digits, at most 27), found 'con-toso' with '-'",
    ],
    [
      "abcdefghijklmnopqrstuvwxyz12",
      "expected the prefix of <prefix>.onmicrosoft.com (letters and digits, at most 27), found 28 characters in 'abcdefghijklmnopqrstuvwxyz12'",
    ],
  ])("DOMAIN_INVALID %s", (domain, message) => {
    const result = findings(DOMAIN_INVALID, ruleRow({ domain }));
    expect(result).toEqual(message === undefined ? [] : [{ field: "domain", message }]);
  });

  it("rejects a domain seen before, naming the first row", () => {
    const ctx = ruleContext();
    expect(findings(DOMAIN_DUPLICATE, ruleRow({ domain: "contoso" }, { row: 3 }), ctx)).toEqual([]);
    expect(findings(DOMAIN_DUPLICATE, ruleRow({ domain: "fabrikam" }, { row: 4 }), ctx)).toEqual([]);
    expect(findings(DOMAIN_DUPLICATE, ruleRow({ domain: "Contoso.onmicrosoft.com" }, { row: 9 }), ctx)).toEqual([
      {
        field: "domain",
        message: "expected a domain not used before in this file, found 'contoso', first used on row 3",
      },
    ]);
    expect(findings(DOMAIN_DUPLICATE, ruleRow({ domain: "CONTOSO" }, { row: 12 }), ctx)[0]?.message).toContain("row 3");
  });

  it("ignores a domain it could not read", () => {
    const ctx = ruleContext();
    expect(findings(DOMAIN_DUPLICATE, ruleRow({ domain: "a-b" }, { row: 1 }), ctx)).toEqual([]);
    expect(findings(DOMAIN_DUPLICATE, ruleRow({ domain: "a-b" }, { row: 2 }), ctx)).toEqual([]);
  });
});
