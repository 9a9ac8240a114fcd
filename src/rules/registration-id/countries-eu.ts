import { bgEgn, bgVat, czDicSpecial, fiHetu, sePersonnummer, skDph, type CheckResult } from "./checks.js";
import { euExpected, std, vat, type CountrySpec, type IdType, type VatSpec } from "./spec.js";

function euSpecs(): Record<string, CountrySpec> {
  const specs: Record<string, CountrySpec> = {};
  const eu = (country: string, name: string, v: VatSpec, types: IdType[] = [], note?: string): void => {
    specs[country] = { name, expected: euExpected(v), vat: v, types, ...(note === undefined ? {} : { note }) };
  };
  const person = (
    name: string,
    label: string,
    format: string,
    shape: RegExp,
    check: (value: string) => CheckResult,
    example: string,
  ): IdType => ({ name, label, format, holder: "personal", verified: "checksum", shape, check, example });

  const beNn = std("BE", "nn");
  const beBis = std("BE", "bis");
  const czRc = std("CZ", "rc");

  eu("AT", "Austria", vat("AT", "U and 8 digits", /^U\d{8}$/, std("AT", "uid"), "ATU13585627"));
  eu("BE", "Belgium", vat("BE", "10 digits starting with 0 or 1", /^[01]?\d{9}$/, std("BE", "vat"), "BE0428759497"), [
    person(
      "national number",
      "a person's national register or BIS number",
      "11 digits",
      /^\d{11}$/,
      (v) => beNn(v) === true || beBis(v),
      "85073003328",
    ),
  ]);
  eu("BG", "Bulgaria", vat("BG", "9 digits (10 for a person)", /^\d{9,10}$/, bgVat, "BG175074752"), [
    person("EGN", "a person's civil number", "10 digits", /^\d{10}$/, bgEgn, "7523169263"),
  ]);
  eu("CY", "Cyprus", vat("CY", "8 digits and a letter", /^\d{8}[A-Z]$/, std("CY", "vat"), "CY10259033P"));
  eu(
    "CZ",
    "Czechia",
    vat(
      "CZ",
      "8 digits (9-10 for a person)",
      /^\d{8,10}$/,
      (v) => (v.length === 8 || (v.length === 9 && v.startsWith("6")) ? czDicSpecial(v) : czRc(v)),
      "CZ25123891",
    ),
    [person("rodné číslo", "a person's birth number", "9 or 10 digits", /^\d{9,10}$/, czRc, "7103192745")],
  );
  eu("DE", "Germany", vat("DE", "9 digits", /^\d{9}$/, std("DE", "vat"), "DE136308783"), [
    person(
      "Steuer-IdNr",
      "a person's tax identification number",
      "11 digits",
      /^\d{11}$/,
      std("DE", "idnr"),
      "36574261809",
    ),
  ]);
  eu("DK", "Denmark", vat("DK", "8 digits (the CVR)", /^\d{8}$/, std("DK", "cvr"), "DK10150817"), [
    person("CPR", "a person's civil registration number", "10 digits", /^\d{10}$/, std("DK", "cpr"), "2110625629"),
  ]);
  eu("EE", "Estonia", vat("EE", "9 digits", /^\d{9}$/, std("EE", "kmkr"), "EE100931558"), [
    person("isikukood", "a person's identity code", "11 digits", /^[1-6]\d{10}$/, std("EE", "ik"), "36805280109"),
  ]);
  eu("ES", "Spain", vat("ES", "9 letters and digits", /^[0-9A-Z]\d{7}[0-9A-Z]$/, std("ES", "nif"), "ESA78109592"), [
    person(
      "DNI",
      "a citizen's identity number",
      "8 digits and a letter",
      /^\d{8}[A-Z]$/,
      std("ES", "dni"),
      "54362315K",
    ),
    person(
      "NIE",
      "a foreigner's identity number",
      "X, Y or Z, 7 digits and a letter",
      /^[XYZ]\d{7}[A-Z]$/,
      std("ES", "nie"),
      "X2482300W",
    ),
  ]);
  eu("FI", "Finland", vat("FI", "8 digits (the Y-tunnus)", /^\d{8}$/, std("FI", "alv"), "FI20774740"), [
    person(
      "henkilötunnus",
      "a person's identity code",
      "DDMMYY, century sign, 3 digits, check character",
      /^\d{6}[+A-FU-Y]?\d{3}[0-9A-Y]$/,
      fiHetu,
      "131052-308T",
    ),
  ]);
  eu(
    "FR",
    "France",
    vat("FR", "2 check characters and the 9-digit SIREN", /^[0-9A-Z]{2}\d{9}$/, std("FR", "tva"), "FR40303265045"),
    [
      {
        name: "SIREN",
        label: "company identification number",
        format: "9 digits",
        holder: "business",
        verified: "checksum",
        shape: /^\d{9}$/,
        check: std("FR", "siren"),
        example: "552 008 443",
      },
      {
        name: "SIRET",
        label: "establishment identification number",
        format: "14 digits",
        holder: "business",
        verified: "checksum",
        shape: /^\d{14}$/,
        check: std("FR", "siret"),
        example: "732 829 320 00074",
      },
      person(
        "NIR",
        "a person's social security number",
        "15 characters",
        /^\d{5}[0-9AB]\d{9}$/,
        std("FR", "nir"),
        "2 95 10 99 126 111 93",
      ),
      person(
        "numéro fiscal",
        "a person's tax number",
        "13 digits starting with 0-3",
        /^[0-3]\d{12}$/,
        std("FR", "nif"),
        "3023217600053",
      ),
    ],
  );
  eu("GR", "Greece", vat("EL", "9 digits", /^\d{8,9}$/, std("GR", "vat"), "EL094279805"), [
    person("AMKA", "a person's social security number", "11 digits", /^\d{11}$/, std("GR", "amka"), "01013099997"),
  ]);
  eu(
    "HR",
    "Croatia",
    vat("HR", "11 digits (the OIB)", /^\d{11}$/, std("HR", "oib"), "HR33392005961"),
    [],
    "The OIB identifies persons and companies alike: it is accepted.",
  );
  eu(
    "IE",
    "Ireland",
    vat("IE", "7 digits and 1-2 letters", /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, std("IE", "vat"), "IE6388047V"),
    [],
    "A person's PPS number has the VAT number's format: it is accepted.",
  );
  eu("IT", "Italy", vat("IT", "11 digits", /^\d{11}$/, std("IT", "iva"), "IT00743110157"), [
    person(
      "codice fiscale",
      "a person's tax code",
      "16 letters and digits",
      /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/,
      std("IT", "codicefiscale"),
      "RCCMNL83S18D969H",
    ),
  ]);
  eu("LT", "Lithuania", vat("LT", "9 or 12 digits", /^(\d{9}|\d{12})$/, std("LT", "pvm"), "LT119511515"), [
    person(
      "asmens kodas",
      "a person's personal code",
      "11 digits",
      /^[1-6]\d{10}$/,
      std("LT", "asmens"),
      "33309240064",
    ),
  ]);
  eu("LU", "Luxembourg", vat("LU", "8 digits", /^\d{8}$/, std("LU", "tva"), "LU15027442"));
  eu("LV", "Latvia", vat("LV", "11 digits", /^\d{11}$/, std("LV", "pvn"), "LV40003521600"), [
    person(
      "personas kods",
      "a person's personal code",
      "11 digits starting with 0-3",
      /^[0-3]\d{10}$/,
      std("LV", "pvn"),
      "161175-19997",
    ),
  ]);
  eu("MT", "Malta", vat("MT", "8 digits", /^\d{8}$/, std("MT", "vat"), "MT11679112"));
  eu(
    "NL",
    "Netherlands",
    vat("NL", "9 digits, B and 2 digits", /^\d{9}B\d{2}$/, std("NL", "btw"), "NL004495445B01"),
    [
      {
        name: "KvK number",
        label: "Chamber of Commerce registration number",
        format: "8 digits",
        holder: "business",
        verified: "format",
        shape: /^\d{8}$/,
        example: "69599084",
      },
    ],
    "A bare 9-digit number is an RSIN or a BSN, which share the 11-test: it is refused as ambiguous.",
  );
  eu("PT", "Portugal", vat("PT", "9 digits", /^\d{9}$/, std("PT", "nif"), "PT501964843"), [
    person(
      "NIF of a person",
      "a person's tax number (starting with 1, 2, 3 or 45)",
      "9 digits",
      /^([123]\d|45)\d{7}$/,
      std("PT", "nif"),
      "123456789",
    ),
  ]);
  eu("RO", "Romania", vat("RO", "2 to 10 digits", /^(\d{2,10}|\d{13})$/, std("RO", "cif"), "RO18547290"), [
    person("CNP", "a person's personal numeric code", "13 digits", /^[1-9]\d{12}$/, std("RO", "cnp"), "1630615123457"),
  ]);
  eu("SE", "Sweden", vat("SE", "12 digits ending in 01", /^\d{10}01$/, std("SE", "vat"), "SE556043606401"), [
    {
      name: "organisationsnummer",
      label: "organization number",
      format: "10 digits, written 556036-0793",
      holder: "business",
      verified: "checksum",
      shape: /^\d{10}$/,
      check: std("SE", "orgnr"),
      example: "556036-0793",
    },
    person(
      "personnummer",
      "a person's identity number",
      "10 or 12 digits",
      /^(\d{2})?\d{10}$/,
      sePersonnummer,
      "880320-0016",
    ),
  ]);
  eu("SI", "Slovenia", vat("SI", "8 digits", /^\d{8}$/, std("SI", "ddv"), "SI50223054"), [
    person(
      "EMŠO",
      "a person's unique master citizen number",
      "13 digits",
      /^\d{13}$/,
      std("SI", "jmbg"),
      "0101006500006",
    ),
  ]);
  eu("SK", "Slovakia", vat("SK", "10 digits", /^\d{10}$/, skDph, "SK2022749619"), [
    person("rodné číslo", "a person's birth number", "9 or 10 digits", /^\d{9,10}$/, std("SK", "rc"), "7103192745"),
  ]);
  return specs;
}

/** The EU members other than PL and HU (which are among the 24): the EU VAT number, national personal numbers. */
export const EU_COUNTRY_SPECS: Readonly<Record<string, CountrySpec>> = euSpecs();
