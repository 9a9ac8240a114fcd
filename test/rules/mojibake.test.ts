import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { TEXT_CHARACTERS_LOST, TEXT_ENCODED_TWICE } from "../../src/rules/checks/mojibake.js";
import { findings, ruleRow } from "./helpers.js";

/** What a UTF-8 text looks like once read as Windows-1252. */
const twice = (text: string): string => iconv.decode(Buffer.from(text, "utf8"), "windows-1252");

describe("TEXT_ENCODED_TWICE", () => {
  it.each([
    ["Amélie"],
    ["Müller & Söhne GmbH"],
    ["Françoise"],
    ["Žižek"],
    ["São Paulo"],
    ["Straße 5"],
    ["Dubois-Lefèvre"],
    ["Über Fietsen"],
  ])("finds %s encoded twice and names the text it was", (text) => {
    const [finding] = findings(TEXT_ENCODED_TWICE, ruleRow({ city: twice(text) }));
    expect(finding?.field).toBe("city");
    expect(finding?.message).toContain(`(probably '${text}')`);
  });

  it("flags without a guess what cannot be read back cleanly (an 'à' whose second byte became a space)", () => {
    const [finding] = findings(TEXT_ENCODED_TWICE, ruleRow({ company_name: "CafÃ© Ã  la carte" }));
    expect(finding?.message).toMatch(/^expected the text as written, found 'CafÃ© Ã +la carte': UTF-8 read as/);
  });

  it.each([["Åsa Lindqvist"], ["Ängelholm"], ["Bakkerij Jansen"], ["Øresund"], ["Ærø"], ["Â la mode"]])(
    "accepts %s",
    (text) => {
      expect(findings(TEXT_ENCODED_TWICE, ruleRow({ company_name: text }))).toEqual([]);
    },
  );
});

describe("TEXT_CHARACTERS_LOST", () => {
  /** What Excel's plain "CSV" save on Western-European Windows writes for a text. */
  const saved = (text: string): string => iconv.decode(iconv.encode(text, "windows-1252"), "windows-1252");

  it.each([
    ["Piekarnia Wiśniewski Sp.k.", "company_name"],
    ["Łukasz", "first_name"],
    ["Łącki", "last_name"],
    ["ulica Długa 5", "address_line1"],
    ["Łódź", "city"],
    ["Ярослав Петренко ТОВ", "company_name"],
    ["Αθήνα", "city"],
  ] as const)("finds %s saved as Windows-1252 (the letters become '?')", (text, field) => {
    const value = saved(text);
    expect(value).toContain("?");
    const [finding] = findings(TEXT_CHARACTERS_LOST, ruleRow({ [field]: value }));
    expect(finding?.field).toBe(field);
    expect(finding?.message).toContain('save the file as "CSV UTF-8"');
  });

  it.each([["Why Not? B.V."], ["Wat Nu?"], ["Bakkerij (?) Jansen"], ["Jansen B.V."], ["Vraag & Antwoord ? B.V."]])(
    "accepts %s (a question mark that stands for no letter)",
    (text) => {
      expect(findings(TEXT_CHARACTERS_LOST, ruleRow({ company_name: text }))).toEqual([]);
    },
  );
});
