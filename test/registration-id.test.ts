import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { RawRow } from "../src/model/fields.js";
import type { CustomerRecord } from "../src/model/record.js";
import { COUNTRY_SPECS } from "../src/rules/registration-id/countries.js";
import {
  classifyRegistrationId,
  normalizeRegistrationId,
  REGISTRATION_COUNTRIES,
  REGISTRATION_ID_CODES,
  REGISTRATION_ID_COVERAGE,
  registrationIdRules,
  type Verdict,
} from "../src/rules/registration-id/index.js";
import type { RuleContext, RuleRow } from "../src/rules/types.js";
import { KeyIndex } from "../src/util/key-index.js";

// Vectors: python-stdnum's test files (numbers "found online"), stdnum-js's specs, and the specifications' own
// examples; synthetic personal numbers are built with the published check-digit algorithm.

type Kind = Verdict["kind"];
/** [country, value as written, verdict kind, type name (business, personal) or reason fragment (invalid)] */
type Case = [string, string, Kind, string?];

const CASES: Case[] = [
  // Armenia: TIN 8 digits (no public checksum), public service number 10 digits.
  ["AM", "02571234", "business", "TIN (ՀՎՀՀ)"],
  ["AM", "AM 0257 1234", "business", "TIN (ՀՎՀՀ)"],
  ["AM", "1234567890", "personal", "public service number (ՀԾՀ)"],
  ["AM", "0257123", "invalid", "found 7 digits"],
  // Azerbaijan: VÖEN, 10th digit 1 legal person, 2 natural person.
  ["AZ", "1400057421", "business", "VÖEN"],
  ["AZ", "140 155 5071", "business", "VÖEN"],
  ["AZ", "300725011", "business", "VÖEN"],
  ["AZ", "0400198812", "personal", "VÖEN of a natural person"],
  ["AZ", "1400057424", "invalid", "found 10 digits"],
  ["AZ", "2AB3CD4", "personal", "FIN"],
  // Belarus: UNP, numeric for organizations (region 1-7), letters for individuals.
  ["BY", "100217336", "business", "UNP"],
  ["BY", "УНП 591705582", "business", "UNP"],
  ["BY", "UNP 191682495", "business", "UNP"],
  ["BY", "200988542", "invalid", "UNP: check digit"],
  ["BY", "991705588", "invalid", "region code"],
  ["BY", "МА1953684", "personal", "UNP of an individual"],
  ["BY", "3140680A001PB1", "personal", "identification number"],
  ["BY", "10021733", "invalid", "found 8 digits"],
  // Brazil: CNPJ (including the alphanumeric CNPJ of 2026) vs CPF.
  ["BR", "12.345.678/0001-95", "business", "CNPJ"],
  ["BR", "12345678000195", "business", "CNPJ"],
  ["BR", "12 345 678 0001 95", "business", "CNPJ"],
  ["BR", "BR 16.727.230/0001-97", "business", "CNPJ"],
  ["BR", "12.ABC.345/01DE-35", "business", "CNPJ"],
  ["BR", "12abc34501de35", "business", "CNPJ"],
  ["BR", "16.727.230/0001-98", "invalid", "CNPJ: check digit"],
  ["BR", "16.727.230/0001-9", "invalid", "found 13 digits"],
  ["BR", "390.533.447-05", "personal", "CPF"],
  ["BR", "39053344705", "personal", "CPF"],
  ["BR", "231.002.999-00", "invalid", "found 11 digits"],
  // Hungary: adószám (11 digits), EU VAT (HU + 8), a person's adóazonosító jel.
  ["HU", "12892312-2-42", "business", "adószám"],
  ["HU", "12892312 2 42", "business", "adószám"],
  ["HU", "HU12892312", "business", "EU VAT number"],
  ["HU", "HU-12892312", "business", "EU VAT number"],
  ["HU", "12892312", "business", "EU VAT number"],
  ["HU", "12892313-2-42", "invalid", "adószám: check digit"],
  ["HU", "12892312-7-42", "invalid", "VAT status"],
  ["HU", "12892312-2-99", "invalid", "county code"],
  ["HU", "HU12892313", "invalid", "EU VAT number: check digit"],
  ["HU", "HU1289231", "invalid", "found HU + 7 digits"],
  ["HU", "8123456786", "personal", "adóazonosító jel"],
  ["HU", "8123456787", "invalid", "found 10 digits"],
  // India: GSTIN, PAN (4th character: holder type), CIN vs a person's PAN and Aadhaar.
  ["IN", "27AAPFU0939F1ZV", "business", "GSTIN"],
  ["IN", "27 AAPFU 0939 F1ZV", "business", "GSTIN"],
  ["IN", "IN27AAPFU0939F1ZV", "business", "GSTIN"],
  ["IN", "38AAPFU0939F1ZS", "business", "GSTIN"],
  ["IN", "27AAPFU0939F1Z0", "invalid", "GSTIN: check character"],
  ["IN", "40AAPFU0939F1ZV", "invalid", "GST state code"],
  ["IN", "27AAPFU0939F1Z", "invalid", "found 14 characters"],
  ["IN", "AAACR5055K", "business", "PAN"],
  ["IN", "aaacr-5055-k", "business", "PAN"],
  ["IN", "ABMXA3211G", "invalid", "holder type"],
  ["IN", "L17110MH1973PLC019786", "business", "CIN"],
  ["IN", "ACUPA7085R", "personal", "PAN of an individual"],
  ["IN", "2341 2341 2346", "personal", "Aadhaar"],
  ["IN", "234123412347", "invalid", "found 12 digits"],
  // Iraq, South Sudan: no public format.
  ["IQ", "123456", "unchecked"],
  ["SS", "ABC-123", "unchecked"],
  // Kazakhstan: BIN vs IIN (same checksum, told apart by the 5th digit).
  ["KZ", "940140000385", "business", "BIN"],
  ["KZ", "990 140 004 654", "business", "BIN"],
  ["KZ", "БИН 210740028187", "business", "BIN"],
  ["KZ", "KZ 180840015606", "business", "BIN"],
  ["KZ", "940140000386", "invalid", "BIN: check digit"],
  ["KZ", "941340000385", "invalid", "month of registration"],
  ["KZ", "940149000385", "invalid", "6th digit"],
  ["KZ", "94014000038", "invalid", "found 11 digits"],
  ["KZ", "900101301233", "personal", "IIN"],
  ["KZ", "ИИН 850612404568", "personal", "IIN"],
  ["KZ", "900101301234", "invalid", "found 12 digits"],
  // Kyrgyzstan: INN of an organization starts with 0; a person's with 1 or 2 and the birth date.
  ["KG", "02208201010137", "business", "INN"],
  ["KG", "21503199000123", "personal", "INN of an individual"],
  ["KG", "21513199000123", "invalid", "found 14 digits"],
  ["KG", "0220820101013", "invalid", "found 13 digits"],
  // Moldova: IDNO (enterprises, starting with 1) vs IDNP.
  ["MD", "1008600038413", "business", "IDNO"],
  ["MD", "1002 6000 0028 3", "business", "IDNO"],
  ["MD", "1008600038412", "invalid", "IDNO: check digit"],
  ["MD", "2001234567890", "personal", "IDNP"],
  // Myanmar: only a person's NRC is known.
  ["MM", "12/OUKAMA(N)123456", "personal", "NRC"],
  ["MM", "123456789", "unchecked"],
  // Poland: NIP (also as EU VAT), REGON vs PESEL.
  ["PL", "526-102-54-21", "business", "EU VAT number"],
  ["PL", "5261025421", "business", "EU VAT number"],
  ["PL", "PL 526 102 54 21", "business", "EU VAT number"],
  ["PL", "NIP: 584-030-44-72", "business", "EU VAT number"],
  ["PL", "8567346216", "invalid", "EU VAT number: check digit"],
  ["PL", "PL856734621", "invalid", "found PL + 9 digits"],
  ["PL", "192598184", "business", "REGON"],
  ["PL", "12345678512347", "business", "REGON"],
  ["PL", "192598183", "invalid", "REGON: check digit"],
  ["PL", "44051401359", "personal", "PESEL"],
  ["PL", "44051401358", "invalid", "found 11 digits"],
  // Russia: INN, 10 digits for an organization, 12 for a person or sole trader.
  ["RU", "7707083893", "business", "INN"],
  ["RU", "ИНН 7707083893", "business", "INN"],
  ["RU", "INN: 7736207543", "business", "INN"],
  ["RU", "RU 7736 050 003", "business", "INN"],
  ["RU", "1234567895", "invalid", "INN: check digit"],
  ["RU", "123456789047", "personal", "INN of an individual"],
  ["RU", "366220664163", "personal", "INN of an individual"],
  ["RU", "123456789037", "invalid", "found 12 digits"],
  ["RU", "77070838931", "invalid", "found 11 digits"],
  // Saudi Arabia: VAT number 15 digits starting and ending with 3; national ID and iqama (Luhn).
  ["SA", "399999999900003", "business", "VAT number"],
  ["SA", "3999 9999 9900 003", "business", "VAT number"],
  ["SA", "7001234567", "business", "unified national number"],
  ["SA", "399999999900004", "invalid", "found 15 digits"],
  ["SA", "1012345672", "personal", "national ID or iqama"],
  ["SA", "2109876546", "personal", "national ID or iqama"],
  // South Africa: company registration YYYY/NNNNNN/NN, VAT, tax reference vs the 13-digit identity number.
  ["ZA", "1999/012345/07", "business", "company registration number"],
  ["ZA", "1999 012345 07", "business", "company registration number"],
  ["ZA", "4999999999", "business", "VAT number"],
  ["ZA", "ZA 499 9999 999", "business", "VAT number"],
  ["ZA", "0001339050", "business", "income tax reference number"],
  ["ZA", "2449/494/16/0", "invalid", "income tax reference number: check digit"],
  ["ZA", "7611055077082", "personal", "identity number"],
  ["ZA", "761105 5077 08 2", "personal", "identity number"],
  ["ZA", "7611055077083", "invalid", "found 13 digits"],
  ["ZA", "1999/01234/07", "invalid", "found 11 digits"],
  // Tajikistan: INN, 9 digits.
  ["TJ", "020025789", "business", "INN"],
  ["TJ", "02002578", "invalid", "found 8 digits"],
  // Thailand: tax ID of a juristic person (starting with 0) vs the national ID number.
  ["TH", "0105543000153", "business", "tax ID of a juristic person"],
  ["TH", "0-10-5-554-04636-2", "business", "tax ID of a juristic person"],
  ["TH", "0-99-4-000-61772-8", "invalid", "check digit"],
  ["TH", "1-1101-00152-64-1", "personal", "national ID number"],
  ["TH", "3 5099 00736 90 7", "personal", "national ID number"],
  ["TH", "9234545678781", "invalid", "found 13 digits"],
  // Türkiye: VKN vs T.C. Kimlik No.
  ["TR", "4540536920", "business", "VKN"],
  ["TR", "TR 0010213576", "business", "VKN"],
  ["TR", "4540536921", "invalid", "VKN: check digit"],
  ["TR", "17291716060", "personal", "T.C. Kimlik No"],
  ["TR", "17291716050", "invalid", "found 11 digits"],
  // Ukraine: EDRPOU vs RNOKPP (sole traders).
  ["UA", "32855961", "business", "EDRPOU"],
  ["UA", "ЄДРПОУ 00022438", "business", "EDRPOU"],
  ["UA", "UA 14282829", "business", "EDRPOU"],
  ["UA", "32855968", "invalid", "EDRPOU: check digit"],
  ["UA", "1759013776", "personal", "RNOKPP"],
  ["UA", "25 30 41 40 71", "personal", "RNOKPP"],
  ["UA", "1759013770", "invalid", "found 10 digits"],
  // United Arab Emirates: TRN vs Emirates ID (Luhn).
  ["AE", "100123456700003", "business", "TRN"],
  ["AE", "TRN 100-1234-5670-0003", "business", "TRN"],
  ["AE", "784-1987-1234567-1", "personal", "Emirates ID"],
  ["AE", "784199001234568", "personal", "Emirates ID"],
  ["AE", "784-1987-1234567-2", "invalid", "found 15 digits"],
  ["AE", "10012345670000", "invalid", "found 14 digits"],
  // Uzbekistan: INN 9 digits vs PINFL.
  ["UZ", "302563482", "business", "INN (STIR)"],
  ["UZ", "31503900123456", "personal", "PINFL"],
  ["UZ", "31513900123456", "invalid", "found 14 digits"],
  // Venezuela: RIF, J/G for companies and government, V/E/P for persons.
  ["VE", "J-00002967-9", "business", "RIF"],
  ["VE", "J000029679", "business", "RIF"],
  ["VE", "VE J-00002967-9", "business", "RIF"],
  ["VE", "J-00002967-8", "invalid", "RIF: check digit"],
  ["VE", "V-11470283-4", "personal", "RIF of a natural person"],
  ["VE", "O-11470283-3", "invalid", "found 10 characters"],
  // Vietnam: MST, 10 digits or 13 for a branch; a person's 12-digit CCCD.
  ["VN", "0100233488", "business", "MST"],
  ["VN", "0312 68 78 78 - 001", "business", "MST"],
  ["VN", "01.00.112.437", "business", "MST"],
  ["VN", "0100233480", "invalid", "MST: check digit"],
  ["VN", "0314409058-000", "invalid", "MST"],
  ["VN", "001090012345", "personal", "citizen ID number (CCCD)"],
  // Netherlands: VAT number; a bare 9-digit number is an RSIN or a BSN.
  ["NL", "NL004495445B01", "business", "EU VAT number"],
  ["NL", "NL 8225.69.759 b01", "business", "EU VAT number"],
  ["NL", "4495445B01", "business", "EU VAT number"],
  ["NL", "NL123456789B90", "invalid", "EU VAT number: check digit"],
  ["NL", "NL 001241643801", "invalid", "found NL + 12 digits"],
  ["NL", "111222333", "ambiguous-nl"],
  ["NL", "1112.22.333", "ambiguous-nl"],
  ["NL", "123456789", "invalid", "11-test"],
  ["NL", "69599084", "business", "KvK number"],
  // EU members: the VAT number with or without prefix; national personal numbers refused when bare.
  ["AT", "ATU 142 43 102", "business", "EU VAT number"],
  ["AT", "U13585627", "business", "EU VAT number"],
  ["AT", "ATU 143 43 102", "invalid", "check digit"],
  ["BE", "BE 0428.759.497", "business", "EU VAT number"],
  ["BE", "0428759497", "business", "EU VAT number"],
  ["BE", "BE 0406.139.583", "invalid", "check digit"],
  ["BE", "85.07.30-033.28", "personal", "national number"],
  ["BG", "BG 175 074 752", "business", "EU VAT number"],
  ["BG", "BG7523169263", "business", "EU VAT number"],
  ["BG", "BG 1037735942", "invalid", "check digit"],
  ["BG", "7523169263", "personal", "EGN"],
  ["CY", "CY-10259033P", "business", "EU VAT number"],
  ["CY", "CY10246672F", "invalid", "check digit"],
  ["CZ", "CZ 25123891", "business", "EU VAT number"],
  ["CZ", "CZ 640903926", "business", "EU VAT number"],
  ["CZ", "CZ 736028/5163", "business", "EU VAT number"],
  ["CZ", "CZ 25557481", "invalid", "check digit"],
  ["CZ", "710319/2745", "personal", "rodné číslo"],
  ["DE", "DE 136 308 783", "business", "EU VAT number"],
  ["DE", "136308783", "business", "EU VAT number"],
  ["DE", "DE 125014855", "invalid", "check digit"],
  ["DE", "DE12501485", "invalid", "found DE + 8 digits"],
  ["DE", "36 574 261 809", "personal", "Steuer-IdNr"],
  ["DK", "DK 10 15 08 17", "business", "EU VAT number"],
  ["DK", "DK10159817", "invalid", "check digit"],
  ["DK", "211062-5629", "personal", "CPR"],
  ["EE", "EE 100 931 558", "business", "EU VAT number"],
  ["EE", "EE100525487", "invalid", "check digit"],
  ["EE", "36805280109", "personal", "isikukood"],
  ["ES", "ES A-78109592", "business", "EU VAT number"],
  ["ES", "ES 54362315K", "business", "EU VAT number"],
  ["ES", "B-58378431", "business", "EU VAT number"],
  ["ES", "ES 54362415K", "invalid", "check"],
  ["ES", "54362315-K", "personal", "DNI"],
  ["ES", "X-2482300-W", "personal", "NIE"],
  ["FI", "FI 2077 4740", "business", "EU VAT number"],
  ["FI", "2094606-3", "business", "EU VAT number"],
  ["FI", "131052-308T", "personal", "henkilötunnus"],
  ["FI", "131052A308T", "personal", "henkilötunnus"],
  ["FR", "FR 40 303 265 045", "business", "EU VAT number"],
  ["FR", "FR 04409414264", "invalid", "check"],
  ["FR", "552 008 443", "business", "SIREN"],
  ["FR", "732 829 320 00074", "business", "SIRET"],
  ["FR", "2 95 10 99 126 111 93", "personal", "NIR"],
  ["GR", "EL 094279805", "business", "EU VAT number"],
  ["GR", "GR 094279805", "business", "EU VAT number"],
  ["GR", "EL 094013834", "invalid", "check digit"],
  ["GR", "01013099997", "personal", "AMKA"],
  ["HR", "HR 33392005961", "business", "EU VAT number"],
  ["HR", "33392005962", "invalid", "check digit"],
  ["IE", "IE 6388047V", "business", "EU VAT number"],
  ["IE", "IE 8D79739I", "business", "EU VAT number"],
  ["IE", "IE 4731823H", "invalid", "check"],
  ["IT", "IT 00743110157", "business", "EU VAT number"],
  ["IT", "IT 00743110158", "invalid", "check digit"],
  ["IT", "RCCMNL83S18D969H", "personal", "codice fiscale"],
  ["LT", "LT 119511515", "business", "EU VAT number"],
  ["LT", "LT 100001919017", "business", "EU VAT number"],
  ["LT", "33309240064", "personal", "asmens kodas"],
  ["LU", "LU 150 274 42", "business", "EU VAT number"],
  ["LU", "LU15027443", "invalid", "check digit"],
  ["LV", "LV 4000 3521 600", "business", "EU VAT number"],
  ["LV", "LV 40003189715", "invalid", "check"],
  ["LV", "161175-19997", "personal", "personas kods"],
  ["MT", "MT 1167-9112", "business", "EU VAT number"],
  ["MT", "MT11679113", "invalid", "check digit"],
  ["PT", "PT 501 964 843", "business", "EU VAT number"],
  ["PT", "501964843", "business", "EU VAT number"],
  ["PT", "123456789", "personal", "NIF of a person"],
  ["PT", "PT123456789", "business", "EU VAT number"],
  ["RO", "RO 185 472 90", "business", "EU VAT number"],
  ["RO", "RO 1630615123457", "business", "EU VAT number"],
  ["RO", "1630615123457", "personal", "CNP"],
  ["SE", "SE 556043606401", "business", "EU VAT number"],
  ["SE", "556036-0793", "business", "organisationsnummer"],
  ["SE", "880320-0016", "personal", "personnummer"],
  ["SI", "SI 5022 3054", "business", "EU VAT number"],
  ["SI", "SI50223055", "invalid", "check digit"],
  ["SI", "0101006500006", "personal", "EMŠO"],
  ["SK", "SK 202 274 96 19", "business", "EU VAT number"],
  ["SK", "SK1078449064", "business", "EU VAT number"],
  ["SK", "SK 2010 237 945", "invalid", "3rd digit"],
  ["SK", "SK 2020457679", "invalid", "check digit"],
  ["SK", "710319/2745", "personal", "rodné číslo"],
  // Countries without a known format.
  ["US", "12-3456789", "unchecked"],
  ["CH", "CHE-123.456.788", "unchecked"],
];

describe("classifyRegistrationId", () => {
  it.each(CASES)("%s '%s' is %s (%s)", (country, written, kind, detail) => {
    const verdict = classifyRegistrationId(written, country);
    expect(verdict.kind).toBe(kind);
    if (detail === undefined) return;
    if (verdict.kind === "business" || verdict.kind === "personal") expect(verdict.type).toBe(detail);
    if (verdict.kind === "invalid") expect(verdict.reason).toContain(detail);
  });

  it.each([
    ["RU", "123456789047", true],
    ["UA", "1759013776", true],
    ["KZ", "900101301233", true],
    ["AZ", "0400198812", true],
    ["BR", "39053344705", false],
    ["PL", "44051401359", false],
    ["TR", "17291716060", false],
  ])("%s %s: soleTrader %s", (country, value, soleTrader) => {
    expect(classifyRegistrationId(value, country)).toMatchObject({ kind: "personal", soleTrader });
  });

  it("says what the business ID looks like", () => {
    expect(classifyRegistrationId("390.533.447-05", "BR")).toMatchObject({
      expected: "a CNPJ: 14 digits, written 12.345.678/0001-95",
    });
    expect(classifyRegistrationId("111222333", "NL")).toMatchObject({
      expected: "an EU VAT number: NL + 9 digits, B and 2 digits, e.g. NL004495445B01",
    });
  });
});

const VARIANTS: [string, (s: string) => string][] = [
  ["spaces", (s) => s.replace(/(.{3})(?=.)/g, "$1 ")],
  ["dots", (s) => s.replace(/(.{3})(?=.)/g, "$1.")],
  ["dashes", (s) => s.replace(/(.{4})(?=.)/g, "$1-")],
  ["slashes", (s) => s.replace(/(.{5})(?=.)/g, "$1/")],
  ["lower case", (s) => s.toLowerCase()],
  ["padding", (s) => `  ${s}\u00a0`],
  ["full-width digits", (s) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))],
];

// Every covered type's example, written in every way, classifies as that type with one normalized form.
const EXAMPLES = Object.entries(COUNTRY_SPECS).flatMap(([country, spec]) =>
  [...(spec.vat === undefined ? [] : [spec.vat.type]), ...spec.types].map((t) => [country, t] as const),
);

describe("writings", () => {
  it.each(EXAMPLES.map(([country, t]) => [country, t.name, t.example, t.holder]))(
    "%s %s: %s in every writing",
    (country, name, example, holder) => {
      const normalized = normalizeRegistrationId(example, country);
      for (const [, write] of VARIANTS) {
        const written = write(normalized);
        expect(normalizeRegistrationId(written, country), written).toBe(normalized);
        const verdict = classifyRegistrationId(written, country);
        expect(verdict.kind, written).toBe(holder === "business" ? "business" : "personal");
        if (verdict.kind === "business" || verdict.kind === "personal") expect(verdict.type).toBe(name);
      }
      const hasPrefix = COUNTRY_SPECS[country]?.vat?.prefix;
      if (hasPrefix === undefined && /^\d/.test(normalized)) {
        expect(normalizeRegistrationId(`${country} ${example}`, country)).toBe(normalized);
      }
    },
  );
});

describe("normalizeRegistrationId", () => {
  it.each([
    ["12.345.678/0001-95", "BR", "12345678000195"],
    ["BR12.345.678/0001-95", "BR", "12345678000195"],
    ["nl 8225.69.759 b01", "NL", "NL822569759B01"],
    ["NL4495445B01", "NL", "NL004495445B01"],
    ["4495445B01", "NL", "NL004495445B01"],
    ["U13585627", "AT", "ATU13585627"],
    ["GR 094279805", "GR", "EL094279805"],
    ["DE 136 308 783", "DE", "DE136308783"],
    ["PL 526-102-54-21", "PL", "PL5261025421"],
    ["HU-12892312", "HU", "HU12892312"],
    ["VAT no.: DE 136 308 783", "DE", "DE136308783"],
    ["ИНН 7707083893", "RU", "7707083893"],
    ["RU7707083893", "RU", "7707083893"],
    ["VE J-00002967-9", "VE", "J000029679"],
    ["УНП МА1953684", "BY", "MA1953684"],
    ["300725012", "AZ", "0300725012"],
    ["1999/012345/07", "ZA", "199901234507"],
    ["'0105543000153", "TH", "0105543000153"],
    ["12/OUKAMA(N)123456", "MM", "12OUKAMA(N)123456"],
    ["  12 - 34  ", undefined, "1234"],
    ["US12-3456789", "US", "US123456789"],
  ])("%s (%s) -> %s", (value, country, expected) => {
    expect(normalizeRegistrationId(value, country)).toBe(expected);
  });

  it("is idempotent", () => {
    for (const [country, written] of CASES) {
      const once = normalizeRegistrationId(written, country);
      expect(normalizeRegistrationId(once, country), written).toBe(once);
    }
  });
});

// Numbers found online (python-stdnum's test files): all valid business IDs.
const FOUND_ONLINE: Record<string, string> = {
  KZ: `940140000385 171140900016 011140004703 981240000488 031140003104 980740000057 050540004455 011140001654
    100240019642 181141900093 991240015834 200240900095 210840900029 930440000156 101241001053 061241010270
    150440002169 941240000341 190740015218 131040003151 140640004517 030840002763 160740009199 930340000261
    220140006999 110140001589 960240007379 090440007304 961040000685 910940000091 990740001453 081240013779
    141040030110 981140001105 020440002422 180840019420 040840002339 091240012910 150340016393 000140001813`,
  UA: `00022438 00022496 00032945 00100227 00130694 01056273 02010669 03114017 04013755 05379487 07904041 08027576
    13857564 14038383 19350062 20001303 21045573 22518134 23226362 24283333 25042882 26112972 30327425 31394728
    32000106 33124015 34201058 35264255 36041214 37107050 38004897 39034697 40046124 41399586 42258617 43808820`,
  VN: `0100112437 0100112437011 0101245486 0102182292 0102641429-066 0102721191-001 0200747399 0300533351 0311592398
    0314409058-002 0401958914 1201480559 1300440846-008 2000102580-005 3500748818 4000107409 5200327611 8463763902`,
  TH: `0105544046602 0105559136432 0105560073601 0125551012131 0103541017375 0105518001893 0703536000782
    0992002502899 0105530041751 0115555008901 0245541000066 0505544003519 0992001526719`,
  TR: `0010213576 0010441520 0080463579 1050060784 2280560506 3130285045 3250423480 4000209998 5200337887 6080300655
    7080351714 8010405749 9030505934 9990112519`,
  BY: `100217336 100693551 100864035 101288529 101541947 190658169 190960352 191453533 192035780 200019773 290380347
    400051902 490127567 500037201 591705582 690314863 691631805 791022114`,
  MD: `1002600000283 1003600004015 1004600024988 1007601000160 1008600038413 1011620003730 1013620000043 1018600006266`,
  AZ: `1400057421 1401555071 0200432771 1303392331 1005196511 9900051231 2005090691 1403575391 6100585341`,
  RU: `7707083893 7736207543 7736050003 7708004767 1234567894`,
  AT: `ATU14243102 ATU15159209 ATU28560205 ATU46080404 ATU61195628 ATU65480455`,
  BE: `BE0468561072 BE0202239951 BE0897290877 BE444503092 BE0428759497 BE697449992`,
  BG: `BG103873594 BG124551319 BG175186242 BG200950556 BG7111042925 BG7542011030 BG8032056031`,
  CY: `CY10246672X CY10263870R CY10008489A CY00632993F`,
  CZ: `CZ25123891 CZ60727772 CZ6956220612 CZ654123789 CZ682127228 CZ00023205 CZ7652046248`,
  DE: `DE113866163 DE231969187 DE811363057 DE813113875 DE129390950 DE812847601`,
  DK: `DK10503280 DK11975658 DK25662202 DK28107773 DK21599336`,
  EE: `EE100931558 EE100523487 EE101031389 EE101256753`,
  ES: `ESQ0818001J ESA28184661 ESB64717838 ESF13005293 ESJ99216582 ESR9600075G ESW4003922D ESX5253868R ESY5277343F`,
  FI: `FI02459042 FI09826511 FI20194885 FI20946063 FI22291240`,
  FR: `FR04409414364 FR11424872836 FR21432146546 FRK7399859412 FR01712030113 FR16000063601 FR96000110899`,
  GR: `EL039868210 EL094012834 EL94051189 EL998386804 EL800179925`,
  HU: `HU12509403 HU10672101 HU64241281 HU13852467`,
  IE: `IE0005306C IE4550159S IE6433435IH IE6433435OA IE6599001W IE9Y71814N`,
  IT: `IT01404480202 IT00618280499 IT00595000217 IT12920760159 IT02331250163`,
  LT: `LT100001354118 LT100005929611 LT119511515 LT757118413 LT290068995116`,
  LU: `LU10059929 LU10967628 LU22221268 LU24870640 LU19980500`,
  LV: `LV40003521600 LV43603009384 LV50003993021 LV90000528023 LV42103048183`,
  MT: `MT10396417 MT14658213 MT17025737 MT20630321`,
  NL: `NL001241643B01 NL806753742B01 NL822569759B01 NL001162938B28 NL002455799B11 NL4495445B01 NL68357370B01`,
  PL: `PL5211355116 PL5840304472 PL6450006750 PL7642305489 PL9511577768 PL5261025421`,
  PT: `PT500019720 PT500135495 PT502448911 PT509284930 PT505856468`,
  RO: `RO11358544 RO1630615123457 RO1822964 RO2413020 RO573768 RO15071875`,
  SE: `SE202100500001 SE390806051401 SE556200077701 SE556383740901 SE720522241201 SE556666443801`,
  SI: `SI26808498 SI36097152 SI92351069 SI89036999`,
  SK: `SK1078449064 SK2022749619 SK2020237945 SK2021685820 SK2022193459`,
};

// The same numbers mangled so their check digit is wrong (python-stdnum's test files).
const MANGLED: Record<string, string> = {
  AT: `ATU14343102 ATU15169209 ATU46080904 ATU61191628`,
  BE: `BE0406139583 BE0793013186 BE456973432 BE697449982`,
  BG: `BG1037735942 BG131172009 BG147147471 BG200940556`,
  CY: `CY10246672F CY10009489A CY10257074Y CY00632893F`,
  CZ: `CZ25557481 CZ48207726 CZ640913926 CZ8058018314`,
  DE: `DE125014855 DE246495415 DE813913875 DE266297673`,
  DK: `DK11965658 DK25652202 DK27996592 DK10159817`,
  EE: `EE100941558 EE100525487 EE101586639 EE101256754`,
  ES: `ES54362415K ESK2814015F ESX2322300W ESA48951310`,
  GR: `EL094013834 EL094068733 EL094501140 EL094269805`,
  FR: `FR04409414264 FR21326565603 FRK7399859312 FRL7399859412`,
  IE: `IE4731823H IE6323421C IE5339273F IE8D79729I`,
  LV: `LV40003189715 LV90000528022 LV10103241337 LV42103048181`,
  SK: `SK1078449164 SK3022749619 SK2030237945 SK2020457679`,
  KZ: `940140000386 171140900017 011140004704`,
  UA: `32855968 00022439`,
  TR: `4540536921 0010213577`,
};

describe("vectors found online", () => {
  it.each(Object.entries(FOUND_ONLINE).flatMap(([cc, list]) => list.split(/\s+/).map((v) => [cc, v])))(
    "%s %s is a valid business ID",
    (country, value) => {
      expect(classifyRegistrationId(value, country)).toMatchObject({ kind: "business" });
    },
  );
  it.each(Object.entries(MANGLED).flatMap(([cc, list]) => list.split(/\s+/).map((v) => [cc, v])))(
    "%s %s (wrong check digit) is invalid",
    (country, value) => {
      expect(classifyRegistrationId(value, country)).toMatchObject({ kind: "invalid" });
    },
  );
});

describe("coverage", () => {
  it("covers the 24 countries and the EU members", () => {
    const covered = new Set(REGISTRATION_ID_COVERAGE.map((c) => c.country));
    const eu = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"];
    const eu2 = ["IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];
    for (const cc of [...REGISTRATION_COUNTRIES, ...eu, ...eu2]) expect(covered, cc).toContain(cc);
    expect(REGISTRATION_COUNTRIES).toHaveLength(24);
    expect(REGISTRATION_ID_COVERAGE.filter((c) => c.required)).toHaveLength(24);
  });

  it("lists each country's accepted and refused types", () => {
    expect(REGISTRATION_ID_COVERAGE.find((c) => c.country === "BR")).toMatchObject({
      name: "Brazil",
      required: true,
      business: [{ name: "CNPJ", verified: "checksum" }],
      personal: [{ name: "CPF", soleTrader: false }],
    });
    expect(REGISTRATION_ID_COVERAGE.find((c) => c.country === "RU")?.personal).toMatchObject([
      { name: "INN of an individual", soleTrader: true },
    ]);
  });

  it.each(EXAMPLES.map(([country, t]) => [country, t.name, t.verified, t.check !== undefined]))(
    "%s %s: verified '%s' matches whether a check exists (%s)",
    (_country, _name, verified, hasCheck) => {
      expect(verified !== "format").toBe(hasCheck);
    },
  );
});

// ---- the rules ----

const ctx: RuleContext = {
  partnerType: "direct",
  partnerDomains: new Set(),
  today: "2026-01-15",
  seen: { domains: new KeyIndex(), externalIds: new KeyIndex(), nameCountry: new KeyIndex() },
};

function rowOf(raw: RawRow, record: CustomerRecord): RuleRow {
  return { row: 1, raw, record, problems: [], headers: [] };
}

function findings(value: string | undefined, country: string | undefined) {
  const raw: RawRow = value === undefined ? {} : { registration_id: value };
  const record: CustomerRecord = {};
  if (value !== undefined) record.registration_id = normalizeRegistrationId(value, country);
  if (country !== undefined) record.country = country;
  return registrationIdRules.flatMap((rule) => {
    const result = rule.check(rowOf(raw, record), ctx);
    const list = result === undefined ? [] : Array.isArray(result) ? result : [result];
    return list.map((f) => ({ code: rule.code, severity: rule.severity, field: f.field, message: f.message }));
  });
}

describe("registrationIdRules", () => {
  it("have stable codes, one field and the customer scope", () => {
    expect(registrationIdRules.map((r) => r.code)).toEqual([...REGISTRATION_ID_CODES]);
    for (const rule of registrationIdRules) {
      expect(rule.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(rule.fields).toEqual(["registration_id"]);
      expect(rule.scope).toBe("customer");
    }
    expect(registrationIdRules.find((r) => r.code === "REGISTRATION_ID_NOT_SENT")?.severity).toBe("warning");
  });

  it.each([
    ["BR", "12.345.678/0001-95", []],
    ["BR", "16.727.230/0001-98", ["REGISTRATION_ID_INVALID"]],
    ["BR", "390.533.447-05", ["REGISTRATION_ID_PERSONAL"]],
    ["RU", "123456789047", ["REGISTRATION_ID_SOLE_TRADER"]],
    ["UA", "1759013776", ["REGISTRATION_ID_SOLE_TRADER"]],
    ["KZ", "900101301233", ["REGISTRATION_ID_SOLE_TRADER"]],
    ["NL", "111222333", ["REGISTRATION_ID_NL_AMBIGUOUS"]],
    ["NL", "NL004495445B01", ["REGISTRATION_ID_NOT_SENT"]],
    ["NL", "123456789", ["REGISTRATION_ID_INVALID"]],
    ["DE", "DE136308783", ["REGISTRATION_ID_NOT_SENT"]],
    ["DE", "36574261809", ["REGISTRATION_ID_PERSONAL"]],
    ["US", "12-3456789", ["REGISTRATION_ID_NOT_SENT"]],
    ["PL", "PL5261025421", []],
    ["HU", "12892312-2-42", []],
    ["IQ", "anything", []],
    ["IN", "ABCDE", ["REGISTRATION_ID_INVALID"]],
  ])("%s '%s' -> %j", (country, value, codes) => {
    const found = findings(value, country);
    expect(found.map((f) => f.code)).toEqual(codes);
    for (const f of found) expect(f.field).toBe("registration_id");
  });

  it("do nothing without a value or a country", () => {
    expect(findings(undefined, "BR")).toEqual([]);
    expect(findings("390.533.447-05", undefined)).toEqual([]);
  });

  it("say what was found and what was expected", () => {
    const [invalid] = findings("16.727.230/0001-98", "BR");
    expect(invalid?.message).toBe(
      "registration ID '16.727.230/0001-98' is not a valid business ID for Brazil (CNPJ: check digit does not match); " +
        "expected a CNPJ: 14 digits, written 12.345.678/0001-95",
    );
    const [personal] = findings("390.533.447-05", "BR");
    expect(personal?.message).toContain("looks like a person's ID (CPF");
    expect(personal?.message).toContain("expected a CNPJ: 14 digits, written 12.345.678/0001-95");
    const [sole] = findings("123456789047", "RU");
    expect(sole?.message).toContain('"rules": { "REGISTRATION_ID_SOLE_TRADER": "warning" }');
    expect(sole?.message).toContain("--config");
    const [nl] = findings("111222333", "NL");
    expect(nl?.message).toContain("RSIN");
    expect(nl?.message).toContain("BSN");
    expect(nl?.message).toContain("NL + 9 digits + B + 2 digits");
    const [notSent] = findings("DE 136 308 783", "DE");
    expect(notSent?.message).toContain("600002");
    expect(notSent?.message).toContain("'DE 136 308 783'");
  });
});

// ---- the fixture ----

describe("fixtures/registration-ids", () => {
  const dir = new URL("../fixtures/registration-ids/", import.meta.url);
  const rows = parse<Record<string, string>>(readFileSync(new URL("customers.csv", dir)), {
    columns: true,
    bom: true,
  });
  const expected = JSON.parse(readFileSync(new URL("expected-codes.json", dir), "utf8")) as Record<string, string[]>;

  it("has one expectation per row", () => {
    expect(rows.map((r) => r.external_id).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(rows.map((r) => [r.external_id ?? "", r.country ?? "", r.registration_id ?? ""]))(
    "%s (%s '%s') gets the expected registration-ID codes",
    (id, country, value) => {
      const codes = value === "" ? [] : findings(value, country).map((f) => f.code);
      // REGISTRATION_ID_REQUIRED (an empty ID in the 24 countries) is the catalogue's, not these rules'.
      expect(codes).toEqual((expected[id] ?? []).filter((c) => c !== "REGISTRATION_ID_REQUIRED"));
    },
  );
});
