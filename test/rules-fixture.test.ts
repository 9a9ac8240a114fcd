import { readdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import countries from "i18n-iso-countries/index.js";
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { beforeAll, describe, expect, it } from "vitest";
import { buildLookup, headerScorer, mapColumns, toRawRow } from "../src/mapping/mapping.js";
import type { RawRow } from "../src/model/fields.js";
import type { CustomerRecord } from "../src/model/record.js";
import { cleaned } from "../src/normalize/record.js";
import { RULES } from "../src/rules/catalogue.js";
import { openSource } from "../src/run/open-source.js";
import { runCli, type CliResult } from "./helpers/cli.js";
import { readJsonl, tempDir } from "./helpers/customers.js";

const UPDATE = process.env.UPDATE_EXPECTED === "1";

interface Run extends CliResult {
  out: string;
}

// Each fixture is validated once and its outputs shared by the tests that read them (a CLI run costs a second).
const runs = new Map<string, Promise<Run>>();
function validate(file: string, ...flags: string[]): Promise<Run> {
  const key = [file, ...flags].join(" ");
  let run = runs.get(key);
  if (run === undefined) {
    run = (async () => {
      const out = await tempDir("rules-fixture-");
      return { ...(await runCli(["validate", file, "--out", out, "--quiet", ...flags])), out };
    })();
    runs.set(key, run);
  }
  return run;
}

interface IssueLine {
  row: number;
  code: string;
}

async function codesByRow(run: Run): Promise<Map<number, Set<string>>> {
  const byRow = new Map<number, Set<string>>();
  for (const { row, code } of await readJsonl<IssueLine>(join(run.out, "errors.jsonl"))) {
    let codes = byRow.get(row);
    if (codes === undefined) byRow.set(row, (codes = new Set()));
    codes.add(code);
  }
  return byRow;
}

// 1. The rule fixtures: every code of the catalogue, one row per case (fixtures/rules/make_fixture.py).

const RULE_FIXTURES = [
  // An indirect provider with a reseller registry, existing customers, an offer catalogue and both attestations.
  ["customers", "fixtures/rules/config.json"],
  // An indirect reseller without attestations: the codes that exclude the indirect provider's.
  ["indirect-reseller", "fixtures/rules/indirect-reseller.config.json"],
] as const;

/** The spreadsheet-only codes (a CSV cell holds no Excel error, nor a cell beside the header): the shipped workbook has them. */
const CELL_ERROR_FIXTURE = "fixtures/xlsx/customers-openpyxl.xlsx";
const SPREADSHEET_ONLY = new Set(["CELL_ERROR", "CELL_ERROR_UNUSED", "CELL_OUTSIDE_COLUMNS", "ROW_HIDDEN"]);

function runRuleFixture(name: string, config: string): Promise<Run> {
  return validate(`fixtures/rules/${name}.csv`, "--config", config);
}

/** The fixture's cases in row order: the `case` and `expected_codes` columns. */
async function cases(name: string): Promise<{ name: string; codes: string[] }[]> {
  // relax_quotes: the row-quotes-broken case is written with broken quotes on purpose.
  const table = parse(await readFile(`fixtures/rules/${name}.csv`), { relax_column_count: true, relax_quotes: true });
  const [header = [], ...rows] = table;
  const caseAt = header.indexOf("case");
  const codesAt = header.indexOf("expected_codes");
  if (caseAt < 0 || codesAt < 0) throw new Error(`fixtures/rules/${name}.csv: no case or expected_codes column`);
  return rows.map((cells) => ({
    name: cells[caseAt] ?? "",
    codes: (cells[codesAt] ?? "").split(" ").filter((c) => c !== ""),
  }));
}

/** errors.csv without what changes from day to day: the date of "today" in a message. */
function stable(errorsCsv: string): string {
  return errorsCsv.replace(/\btoday \(\d{4}-\d{2}-\d{2}\)/g, "today (<today>)");
}

describe("the rule fixtures (the real CLI with a config file)", () => {
  it.each(RULE_FIXTURES)("%s: errors.csv as expected, the run complete", async (name, config) => {
    const run = await runRuleFixture(name, config);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const summary = JSON.parse(await readFile(join(run.out, "summary.json"), "utf8")) as { complete: boolean };
    expect(summary.complete).toBe(true);
    const actual = stable(await readFile(join(run.out, "errors.csv"), "utf8"));
    const expectedPath = `fixtures/rules/${name}.expected/errors.csv`;
    if (UPDATE) {
      await mkdir(join(expectedPath, ".."), { recursive: true });
      await writeFile(expectedPath, actual);
    }
    expect(actual).toBe(await readFile(expectedPath, "utf8"));
  });

  it.each(RULE_FIXTURES)("%s: each row gets exactly the codes of its expected_codes column", async (name, config) => {
    const [run, expected] = await Promise.all([runRuleFixture(name, config), cases(name)]);
    const byRow = await codesByRow(run);
    expect(Math.max(0, ...byRow.keys())).toBeLessThanOrEqual(expected.length);
    expected.forEach((c, i) => {
      const got = [...(byRow.get(i + 1) ?? [])].sort();
      expect([c.name, got]).toEqual([c.name, [...c.codes].sort()]);
    });
  });

  it("together they trigger every code of the catalogue (a new rule needs a fixture row)", async () => {
    const seen = new Set<string>();
    for (const [name, config] of RULE_FIXTURES) {
      for (const codes of (await codesByRow(await runRuleFixture(name, config))).values()) {
        for (const code of codes) seen.add(code);
      }
    }
    for (const codes of (await codesByRow(await validate(CELL_ERROR_FIXTURE))).values()) {
      for (const code of codes) if (SPREADSHEET_ONLY.has(code)) seen.add(code);
    }
    const all = RULES.map((r) => r.code);
    expect(new Set(all).size).toBe(all.length);
    expect([...seen].sort()).toEqual([...all].sort());
  });
});

// 2. The shipped fixtures: every accepted record carries normalized country, phone, postal code, culture, language.

const SHIPPED = [
  ...readdirSync("fixtures/csv")
    .filter((f) => f.endsWith(".csv"))
    .map((f) => `fixtures/csv/${f}`),
  ...readdirSync("fixtures/xlsx")
    .filter((f) => /^customers-.*\.xlsx$/.test(f))
    .map((f) => `fixtures/xlsx/${f}`),
  "fixtures/demo/customers.csv",
  "fixtures/registration-ids/customers.csv",
].sort();

/**
 * Each country's postal code as its postal service writes it (UPU formats), for the countries of the shipped
 * fixtures; written out here rather than taken from the normalizer, so the two check each other.
 */
const POSTAL_CODE_SHAPES: Readonly<Record<string, RegExp>> = {
  AM: /^\d{4}$/,
  AZ: /^AZ \d{4}$/,
  BE: /^\d{4}$/,
  BR: /^\d{5}-\d{3}$/,
  BY: /^\d{6}$/,
  DE: /^\d{5}$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/,
  HU: /^\d{4}$/,
  IN: /^\d{6}$/,
  IQ: /^\d{5}$/,
  KG: /^\d{6}$/,
  KZ: /^\d{6}$/,
  MD: /^MD-\d{4}$/,
  MM: /^\d{5}$/,
  NL: /^\d{4} [A-Z]{2}$/,
  PL: /^\d{2}-\d{3}$/,
  RU: /^\d{6}$/,
  SA: /^\d{5}(-\d{4})?$/,
  TH: /^\d{5}$/,
  TJ: /^\d{6}$/,
  TR: /^\d{5}$/,
  UA: /^\d{5}$/,
  US: /^\d{5}(-\d{4})?$/,
  UZ: /^\d{6}$/,
  VE: /^\d{4}$/,
  VN: /^\d{5}$/,
  ZA: /^\d{4}$/,
};

// The runs are independent: started together they take about half the time they take one after another.
beforeAll(async () => {
  await Promise.all([
    ...RULE_FIXTURES.map(([name, config]) => runRuleFixture(name, config)),
    ...SHIPPED.map((file) => validate(file)),
  ]);
});

const E164 = /^\+[1-9]\d{6,14}$/;
const CULTURE = /^([a-z]{2,3})-([A-Z]{2})$/;
/** Partner Center's culture where it bills in none of the country's languages. */
const FALLBACK_CULTURE = "en-US";

interface AcceptedEntry {
  row: number;
  source: { line?: number; sheetRow?: number };
  record: CustomerRecord;
  warnings: { code: string }[];
}

/** The source's rows as read and mapped, by data row number: what each accepted record was made from. */
async function rawRows(file: string): Promise<Map<number, { raw: RawRow; line?: number; sheetRow?: number }>> {
  const lookup = buildLookup();
  const source = await openSource(file, { headerScore: headerScorer(lookup) });
  const rows = new Map<number, { raw: RawRow; line?: number; sheetRow?: number }>();
  try {
    const mapping = mapColumns(source.headers, lookup, file);
    let row = 0;
    for await (const record of source.records) {
      rows.set(++row, { raw: toRawRow(record.values, mapping), ...record.position });
    }
  } finally {
    await source.close();
  }
  return rows;
}

/** What is wrong with one accepted record's normalized fields; empty when nothing is. */
function problems(entry: AcceptedEntry, raw: RawRow): string[] {
  const found: string[] = [];
  const r = entry.record;
  const warned = (code: string) => entry.warnings.some((w) => w.code === code);
  const country = r.country;
  if (country === undefined || !/^[A-Z]{2}$/.test(country) || !countries.isValid(country)) {
    found.push(`country: expected ISO alpha-2, found ${String(country)} from '${String(raw.country)}'`);
    return found;
  }

  const phoneGiven = cleaned(raw, "phone");
  if (phoneGiven !== undefined) {
    const parsed = r.phone === undefined ? undefined : parsePhoneNumberFromString(r.phone);
    const calling = isSupportedCountry(country) ? getCountryCallingCode(country) : undefined;
    if (r.phone === undefined || !E164.test(r.phone) || parsed?.isValid() !== true) {
      found.push(`phone: expected E.164, found ${String(r.phone)} from '${phoneGiven}'`);
    } else if (parsed.countryCallingCode !== calling) {
      found.push(`phone: expected a number of ${country} (+${String(calling)}), found ${r.phone}`);
    }
  } else if (r.phone !== undefined) {
    found.push(`phone: none given, found ${r.phone}`);
  }

  const postalGiven = cleaned(raw, "postal_code");
  if (postalGiven !== undefined) {
    const shape = POSTAL_CODE_SHAPES[country];
    if (shape === undefined) found.push(`postal code: add ${country}'s format to POSTAL_CODE_SHAPES`);
    else if (r.postal_code === undefined || !shape.test(r.postal_code)) {
      found.push(`postal code: expected ${country}'s form ${String(shape)}, found ${String(r.postal_code)}`);
    }
  }

  const culture = r.culture === undefined ? undefined : CULTURE.exec(r.culture);
  if (culture === undefined || culture === null) {
    found.push(`culture: expected language-REGION, found ${String(r.culture)}`);
  } else {
    const [, cultureLanguage, region] = culture;
    if (region !== country && r.culture !== FALLBACK_CULTURE && !warned("CULTURE_COUNTRY_MISMATCH")) {
      found.push(`culture: expected one of ${country} or ${FALLBACK_CULTURE}, found ${String(r.culture)}`);
    }
    if (r.language !== cultureLanguage && !warned("LANGUAGE_CULTURE_MISMATCH")) {
      found.push(
        `language: expected ${String(cultureLanguage)} (of ${String(r.culture)}), found ${String(r.language)}`,
      );
    }
  }
  return found;
}

describe("every accepted record of the shipped fixtures is normalized", () => {
  it.each(SHIPPED)("%s", async (file) => {
    const [run, rows] = await Promise.all([validate(file), rawRows(file)]);
    expect(run.stderr).toBe("");
    const accepted = await readJsonl<AcceptedEntry>(join(run.out, "accepted.jsonl"));
    expect(accepted.length).toBeGreaterThan(0);
    for (const entry of accepted) {
      const source = rows.get(entry.row);
      expect(source, `row ${entry.row}`).toBeDefined();
      if (source === undefined) continue;
      expect([entry.source.line, entry.source.sheetRow]).toEqual([source.line, source.sheetRow]);
      expect([entry.row, problems(entry, source.raw)]).toEqual([entry.row, []]);
    }
  });

  it("the shipped fixtures give phones and postal codes to check", async () => {
    let phones = 0;
    let postalCodes = 0;
    for (const file of SHIPPED) {
      for (const { record } of await readJsonl<AcceptedEntry>(join((await validate(file)).out, "accepted.jsonl"))) {
        if (record.phone !== undefined) phones++;
        if (record.postal_code !== undefined) postalCodes++;
      }
    }
    expect(phones).toBeGreaterThanOrEqual(20);
    expect(postalCodes).toBeGreaterThanOrEqual(20);
  });
});
