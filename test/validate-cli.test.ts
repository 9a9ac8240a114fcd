import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { sha256File } from "../src/util/sha256-file.js";
import { tempDir } from "./helpers/customers.js";

interface Summary {
  rows: number;
  accepted: number;
  rejected: number;
  relationship: number;
  exitCode: number;
  complete: boolean;
  issuesByCode: Record<string, number>;
  error?: { code: string; message: string };
}

const UPDATE = process.env.UPDATE_EXPECTED === "1";

async function validate(file: string, ...flags: string[]) {
  const out = await tempDir("validate-out-");
  const result = await runCli(["validate", file, "--out", out, "--quiet", ...flags]);
  const summaryPath = join(out, "summary.json");
  const summary = existsSync(summaryPath) ? (JSON.parse(await readFile(summaryPath, "utf8")) as Summary) : undefined;
  return { ...result, out, summary };
}

/** Compares an output with the expected copy beside the fixture (UPDATE_EXPECTED=1 rewrites the copies). */
async function expectSameAs(actualPath: string, expectedPath: string): Promise<void> {
  const actual = await readFile(actualPath, "utf8");
  if (UPDATE) {
    await mkdir(join(expectedPath, ".."), { recursive: true });
    await writeFile(expectedPath, actual);
  }
  expect(actual).toBe(await readFile(expectedPath, "utf8"));
}

const FIXTURES = [
  ["fixtures/csv/excel-nl-windows1252.csv", []],
  ["fixtures/csv/crm-utf8-bom.csv", []],
  ["fixtures/xlsx/customers-openpyxl.xlsx", []],
  ["fixtures/xlsx/customers-libreoffice.xlsx", []],
  ["fixtures/demo/customers.csv", []],
  ["fixtures/registration-ids/customers.csv", []],
] as const;

describe("validate on the shipped fixtures (the real CLI)", () => {
  it.each(FIXTURES)("%s: outputs as expected, every row accounted for", async (file, flags) => {
    const run = await validate(file, ...flags);
    expect(run.stderr).toBe("");
    const s = run.summary;
    expect(s?.complete).toBe(true);
    expect(s?.rows).toBe((s?.accepted ?? 0) + (s?.rejected ?? 0) + (s?.relationship ?? 0));
    expect(run.code).toBe(s?.exitCode);
    expect(run.code).toBe((s?.rejected ?? 0) > 0 ? 1 : 0);
    const expected = `${file.replace(/\.(csv|xlsx)$/, "")}.expected`;
    for (const name of ["errors.csv", "accepted.jsonl", "rejected.csv", "relationships.jsonl"]) {
      await expectSameAs(join(run.out, name), join(expected, name));
    }
    const files = await readdir(run.out);
    expect(files.filter((f) => f.endsWith(".partial"))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(run.out, "manifest.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ command: "validate", inputFile: file, complete: true, exitCode: run.code });
    expect(manifest.inputSha256).toBe(await sha256File(file));
    // Every row appears once in accepted, rejected or relationships.
    const lines = async (name: string) =>
      (await readFile(join(run.out, name), "utf8")).split("\n").filter((l) => l.trim() !== "").length;
    expect(
      (await lines("accepted.jsonl")) + (await lines("rejected.csv")) - 1 + (await lines("relationships.jsonl")),
    ).toBe(s?.rows);
  });

  it("registration-ID fixture: each row gets exactly the codes its case expects", async () => {
    const run = await validate("fixtures/registration-ids/customers.csv");
    const expected = JSON.parse(await readFile("fixtures/registration-ids/expected-codes.json", "utf8")) as Record<
      string,
      string[]
    >;
    const issues = (await readFile(join(run.out, "errors.jsonl"), "utf8"))
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { row: number; code: string });
    const ids = (await readFile("fixtures/registration-ids/customers.csv", "utf8"))
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l !== "")
      .map((l) => l.split(",")[0] ?? "");
    ids.forEach((id, i) => {
      const codes = issues.filter((x) => x.row === i + 1 && x.code.startsWith("REGISTRATION_ID")).map((x) => x.code);
      expect([id, codes.sort()]).toEqual([id, [...(expected[id] ?? [])].sort()]);
    });
  });
});

describe("the fix-and-rerun loop", () => {
  it("rejected.csv, corrected, validates clean", async () => {
    const first = await validate("fixtures/csv/excel-nl-windows1252.csv");
    expect(first.summary?.rejected).toBe(4);
    let text = await readFile(join(first.out, "rejected.csv"), "utf8");
    text = text
      .replace("Test BV;testbv", "Jansen Installaties BV;jansenbv")
      .replace("Havenstraat 8;Rotterdam;3011AB", "Havenstraat 8;Rotterdam;3011AB")
      .replace("vandijkschoon;;", "vandijkschoon;info@vandijkschoon.nl;")
      .replace("Fietsenmakerij De Ketting;bakkerijmuller", "Fietsenmakerij De Ketting;deketting")
      .replace(";48111;", ";4811 AA;");
    const dir = await tempDir("fixed-");
    const fixed = join(dir, "fixed.csv");
    await writeFile(fixed, text);
    const second = await validate(fixed);
    expect(second.summary).toMatchObject({ rows: 4, accepted: 4, rejected: 0 });
    expect(second.code).toBe(0);
  });

  it("round-trips formula-looking values through rejected.csv unchanged", async () => {
    const dir = await tempDir("roundtrip-");
    const file = join(dir, "in.csv");
    await writeFile(
      file,
      "Company Name,Domain,Email,First Name,Last Name,Address,City,Postcode,Country\r\n" +
        "+31 Holding B.V.,plus31holding,info@plus31.nl,Sanne,Jansen,Keizersgracht 1,,1015 CX,NL\r\n" +
        '=HYPERLINK("http://evil"),evilcorp,info@evil.nl,Eva,Bakker,Dam 1,,1012 JS,NL\r\n',
    );
    const first = await validate(file);
    expect(first.summary?.rejected).toBe(2);
    const rejected = await readFile(join(first.out, "rejected.csv"), "utf8");
    expect(rejected).toContain("'+31 Holding B.V.");
    expect(rejected).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const errors = await readFile(join(first.out, "errors.csv"), "utf8");
    for (const line of errors.split("\r\n").slice(1)) {
      for (const cell of line.split(",")) expect(cell).not.toMatch(/^"?[=+@-]/);
    }
    const fixed = join(dir, "fixed.csv");
    await writeFile(fixed, rejected.replace("Keizersgracht 1,,1015 CX", "Keizersgracht 1,Amsterdam,1015 CX"));
    const second = await validate(fixed);
    const accepted = (await readFile(join(second.out, "accepted.jsonl"), "utf8")).split("\n")[0] ?? "";
    expect((JSON.parse(accepted) as { record: { company_name: string } }).record.company_name).toBe("+31 Holding B.V.");
  });
});

describe("broken quotes through the loop", () => {
  it("a record that swallowed the next one is rejected, and again when its rejected.csv comes back unedited", async () => {
    const dir = await tempDir("broken-quotes-");
    const file = join(dir, "in.csv");
    await writeFile(
      file,
      "Company Name,Domain,Email,First Name,Last Name,Address,City,Postcode,Country\r\n" +
        'Bakkerij Jansen B.V.,bakkerijjansen,info@jansen.nl,Jan,Jansen,"Dorpsstraat 4,Groningen,9711 AA,NL\r\n' +
        'Garage Verhoeven B.V.,verhoeven,info@verhoeven.nl,Piet,Verhoeven,Dorpsstraat 5" achter,Zwolle,8011 AA,NL\r\n' +
        "Schilders Noord B.V.,schildersnoord,info@schilders.nl,Eva,Noord,Kade 1,Assen,9401 AA,NL\r\n",
    );
    const first = await validate(file);
    expect(first.summary).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    const errors = await readFile(join(first.out, "errors.jsonl"), "utf8");
    expect(errors).toContain('"code":"ROW_QUOTES_BROKEN"');
    expect(errors).toContain("lines 2-3");
    const again = await validate(join(first.out, "rejected.csv"));
    expect(again.summary).toMatchObject({ rows: 1, accepted: 0, rejected: 1 });
    expect(await readFile(join(again.out, "errors.jsonl"), "utf8")).toContain('"code":"ROW_QUOTES_BROKEN"');
  });
});

describe("bad input: one clear line, a documented exit code, nothing passed off as complete", () => {
  it("a missing required column stops before any row, naming the columns (exit 3)", async () => {
    const dir = await tempDir("missing-");
    const file = join(dir, "in.csv");
    await writeFile(file, "Company Name,Email,Country\r\nAcme BV,a@acme.nl,NL\r\n");
    const run = await validate(file);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^csp-onboard: .*missing required columns: domain .*first_name.*\[COLUMNS_MISSING\]\n$/);
    expect(existsSync(join(run.out, "accepted.jsonl"))).toBe(false);
  });

  it("a quote that never closes stops with its line; outputs stay .partial and the summary says incomplete", async () => {
    const dir = await tempDir("quote-");
    const file = join(dir, "in.csv");
    const good = "Acme BV,acmebv,a@acme.nl,Sanne,Jansen,Dam 1,Amsterdam,1012 JS,NL";
    await writeFile(
      file,
      `Company Name,Domain,Email,First Name,Last Name,Address,City,Postcode,Country\n${good}\n"Broken BV,broken,b@b.nl,Eva,Bakker,Dam 2,Amsterdam,1012 JS,NL\n${good.replace(/acme/g, "beta")}\n`,
    );
    const run = await validate(file);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /line 3: a quoted field \(its field 1\) opens in the record starting here .*; the row before it was read and reported, in outputs that keep their \.partial names \[CSV_QUOTE_NOT_CLOSED\]/,
    );
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.summary).toMatchObject({
      complete: false,
      exitCode: 3,
      rows: 1,
      error: { code: "CSV_QUOTE_NOT_CLOSED" },
    });
    expect(existsSync(join(run.out, "accepted.jsonl"))).toBe(false);
    expect(existsSync(join(run.out, "accepted.jsonl.partial"))).toBe(true);
  });

  it("ragged rows are rejected with their line and the rows after them still read", async () => {
    const dir = await tempDir("ragged-");
    const file = join(dir, "in.csv");
    const row = (d: string) => `Acme ${d} BV,${d}bv,info@${d}.nl,Sanne,Jansen,Dam 1,Amsterdam,1012 JS,NL`;
    await writeFile(
      file,
      `Company Name,Domain,Email,First Name,Last Name,Address,City,Postcode,Country\n${row("alpha")}\n${row("beta")},extra\n${row("gamma")}\n`,
    );
    const run = await validate(file);
    expect(run.summary).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    const issue = JSON.parse((await readFile(join(run.out, "errors.jsonl"), "utf8")).split("\n")[0] ?? "{}") as {
      code: string;
      source: { line: number };
    };
    expect(issue).toMatchObject({ code: "ROW_FIELD_COUNT", source: { line: 3 } });
  });

  it("records with nothing in the mapped columns are skipped and counted, not rejected as customers", async () => {
    const dir = await tempDir("notes-only-");
    const file = join(dir, "in.csv");
    const row = (d: string) => `Acme ${d} BV,${d}bv,info@${d}.nl,Sanne,Jansen,Dam 1,Amsterdam,1012 JS,NL`;
    await writeFile(
      file,
      "Company Name,Domain,Email,First Name,Last Name,Address,City,Postcode,Country,Notes\n" +
        `${row("alpha")},\n,,,,,,,,,zie hierboven\n${row("beta")},gebeld\n,,,,,,,,,#N/A\n`,
    );
    const run = await validate(file);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({
      rows: 2,
      accepted: 2,
      rejected: 0,
      skipped: { records: 2, first: ["line 3", "line 5"] },
    });
    const lines = (await readFile(join(run.out, "accepted.jsonl"), "utf8")).split("\n").filter((l) => l !== "");
    expect(lines.map((l) => (JSON.parse(l) as { row: number; source: { line: number } }).source.line)).toEqual([2, 4]);
    const shown = await runCli(["validate", file, "--out", join(dir, "shown")]);
    expect(shown.stderr).toMatch(/2 records with nothing in the mapped columns skipped \(line 3, line 5\)/);
  });

  it("US dates: day first by default with a warning where that is a guess, month first with --date-order mdy", async () => {
    const dir = await tempDir("us-dates-");
    const file = join(dir, "in.csv");
    const row = (d: string, date: string) =>
      `Acme ${d} BV,${d}bv,info@${d}.nl,Sanne,Jansen,Dam 1,Amsterdam,1012 JS,NL,CFQ7TTC0LH18:0001,5,Sanne,Jansen,sanne@${d}.nl,${date}`;
    await writeFile(
      file,
      "Company Name,Domain,Email,First Name,Last Name,Address,City,Postcode,Country,Offer ID,Quantity," +
        "MCA Signer First Name,MCA Signer Last Name,MCA Signer Email,MCA Accepted On\n" +
        `${row("alpha", "10/01/2025")}\n${row("beta", "09/15/2025")}\n`,
    );
    const attest = ["--attest-partner-role", "--attest-no-affiliate-resale"];
    const dates = async (out: string) =>
      (await readFile(join(out, "accepted.jsonl"), "utf8"))
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => (JSON.parse(l) as { record: { mca_accepted_on: string } }).record.mca_accepted_on);

    const guessed = await validate(file, ...attest);
    expect(guessed.summary).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    expect(guessed.summary?.issuesByCode).toMatchObject({ MCA_DATE_AMBIGUOUS: 1, MCA_DATE_INVALID: 1 });
    expect(await readFile(join(guessed.out, "errors.csv"), "utf8")).toMatch(/--date-order mdy/);

    const us = await validate(file, ...attest, "--date-order", "mdy");
    expect(us.summary).toMatchObject({ rows: 2, accepted: 2, rejected: 0, exitCode: 0, issuesByCode: {} });
    expect(await dates(us.out)).toEqual(["2025-10-01", "2025-09-15"]);

    const config = join(dir, "config.json");
    await writeFile(config, JSON.stringify({ defaults: { dateOrder: "mdy" } }));
    expect((await validate(file, ...attest, "--config", config)).summary).toMatchObject({ accepted: 2 });
  });

  it.each([
    [["validate", "fixtures/demo/customers.csv", "--no-such-flag"], /Unknown argument/],
    [["validate", "fixtures/demo/customers.csv", "--date-order", "ymd"], /date-order/],
    [["validate", "fixtures/demo/customers.csv", "--delimiter", "x"], /--delimiter must be one of/],
    [["validate", "fixtures/demo/customers.csv", "--max-rejected", "lots"], /--max-rejected takes/],
    [["validate", "fixtures/demo/customers.csv", "--max-rejected", "150%"], /a percentage up to 100%/],
    [["validate"], /Not enough non-option arguments/],
    [["validate", "-"], /reading standard input is not supported/],
    [["validate", "fixtures/demo/customers.csv", "--out", "a", "--out", "b"], /--out is given more than once \(a, b\)/],
    [["frobnicate"], /Unknown argument|name a command/],
  ])("bad flags %j: exit 2 with one line", async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("a config file with an unknown key or a bad value is exit 2 before anything is read", async () => {
    const dir = await tempDir("config-");
    await writeFile(join(dir, "bad-key.json"), JSON.stringify({ partnerTyp: "direct" }));
    await writeFile(join(dir, "bad-value.json"), JSON.stringify({ partnerType: "reseller" }));
    await writeFile(join(dir, "bad-rule.json"), JSON.stringify({ rules: { NO_SUCH_RULE: "off" } }));
    for (const [name, message] of [
      ["bad-key.json", /unknown setting 'partnerTyp'/],
      ["bad-value.json", /setting 'partnerType'/],
      ["bad-rule.json", /unknown rule code NO_SUCH_RULE/],
    ] as const) {
      const run = await validate("fixtures/demo/customers.csv", "--config", join(dir, name));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.summary).toBeUndefined();
    }
  });

  it("an unreadable file is exit 3 naming the file", async () => {
    const run = await validate("fixtures/no-such-file.csv");
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^csp-onboard: fixtures\/no-such-file\.csv: cannot open the file.*\[INPUT_UNREADABLE\]\n$/,
    );
  });
});
