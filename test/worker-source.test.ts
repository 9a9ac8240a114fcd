// The reading thread is the compiled one (dist/, built by `npm test` before vitest runs): a worker runs JavaScript.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSource } from "../src/run/open-source.js";
import { buildLookup, headerScorer, mapColumns, rawRowReader } from "../src/mapping/mapping.js";
import { normalizeRow } from "../src/normalize/record.js";
import { changesJson } from "../src/outputs/validation-reports.js";
import type { SourceRecord } from "../src/model/source.js";
import type { TableSource } from "../src/sources/types.js";
import type * as WorkerSource from "../src/run/worker-source.js";
import type * as Validate from "../src/run/validate.js";
import { sha256File } from "../src/util/sha256-file.js";

// Loaded by a path in a variable: on a fresh clone dist/ exists only once `npm test` has built it, after lint and tsc.
const compiled = "../dist/run/worker-source.js";
const { canReadInWorker, openSourceInWorker } = (await import(compiled)) as typeof WorkerSource;
const compiledValidate = "../dist/run/validate.js";
const { validateFile } = (await import(compiledValidate)) as typeof Validate;

const headerScore = headerScorer(buildLookup());

async function all(source: TableSource): Promise<{ records: SourceRecord[]; error?: unknown }> {
  const records: SourceRecord[] = [];
  try {
    for await (const r of source.records) records.push(r);
    return { records };
  } catch (error: unknown) {
    return { records, error };
  } finally {
    await source.close();
  }
}

function described(s: TableSource): object {
  return {
    file: s.file,
    format: s.format,
    sheet: s.sheet,
    headers: s.headers,
    headerRow: s.headerRow,
    encoding: s.encoding,
    delimiter: s.delimiter,
  };
}

async function bothWays(path: string, options: { sheet?: number } = {}) {
  const inThread = await openSource(path, { headerScore, ...options });
  const inWorker = await openSourceInWorker({ path, ...options });
  expect(described(inWorker)).toEqual(described(inThread));
  const [a, b] = await Promise.all([all(inThread), all(inWorker)]);
  return { inThread: a, inWorker: b };
}

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "worker-source-"));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe("reading in a worker thread", () => {
  it("is available once built", () => {
    expect(canReadInWorker()).toBe(true);
  });

  it.each([
    "fixtures/csv/excel-nl-windows1252.csv",
    "fixtures/csv/crm-utf8-bom.csv",
    "fixtures/xlsx/customers-openpyxl.xlsx",
    "fixtures/xlsx/customers-libreoffice.xlsx",
    "fixtures/rules/customers.csv",
  ])("gives the same table, records, positions and problems as reading in this thread: %s", async (path) => {
    const { inThread, inWorker } = await bothWays(path);
    expect(inWorker.error).toBeUndefined();
    expect(inWorker.records).toEqual(inThread.records);
    expect(inWorker.records.length).toBeGreaterThan(0);
  });

  it("passes on thousands of rows in order, ragged ones with their problem", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => (i % 997 === 0 ? `R${i},r${i}@x.nl` : `R${i},r${i}@x.nl,NL`));
    const path = await tempFile("many.csv", `Company Name,Email,Country\n${rows.join("\n")}\n`);
    const { inThread, inWorker } = await bothWays(path);
    expect(inWorker.records).toHaveLength(5000);
    expect(inWorker.records).toEqual(inThread.records);
    expect(inWorker.records.filter((r) => r.problems.length > 0)).toHaveLength(6);
  });

  it("delivers the rows before a broken record, then its error with the line", async () => {
    const path = await tempFile(
      "quote.csv",
      'Company Name,Email,Country\nA,a@x.nl,NL\nB,"b@x.nl,NL\nC,c@x.nl,NL\nD,d@x.nl,NL\n',
    );
    const { inThread, inWorker } = await bothWays(path);
    expect(inWorker.records.map((r) => r.position.line)).toEqual([2]);
    expect(inWorker.records).toEqual(inThread.records);
    expect(inWorker.error).toMatchObject({ code: "CSV_QUOTE_NOT_CLOSED", context: { file: path, line: 3 } });
  });

  it.each(["fixtures/csv/excel-nl-windows1252.csv", "fixtures/csv/crm-utf8-bom.csv", "fixtures/rules/customers.csv"])(
    "normalizes CSV records with the mapping it is given, as this thread would: %s",
    async (path) => {
      const source = await openSourceInWorker({ path, render: "all" });
      const mapping = mapColumns(source.headers, buildLookup(), source.file);
      const defaults = { termDuration: "P1Y", billingCycle: "annual" };
      source.normalizeWith?.(mapping, defaults);
      const { records, error } = await all(source);
      expect(error).toBeUndefined();
      expect(records.length).toBeGreaterThan(0);
      const toRaw = rawRowReader(mapping);
      const decoder = new TextDecoder();
      for (const r of records) {
        const raw = toRaw(r.values);
        const expected = normalizeRow(raw, defaults);
        expect(r.normalized).toEqual(expected);
        expect(Object.keys(r.normalized ?? {})).toEqual(Object.keys(expected));
        // The JSON accepted.jsonl gets from the reading thread, as UTF-8 bytes: the record's, and its changes'.
        const rendered = r.rendered;
        expect(rendered).toBeDefined();
        if (rendered === undefined) continue;
        expect(decoder.decode(rendered.bytes.subarray(rendered.start, rendered.middle))).toBe(JSON.stringify(expected));
        expect(decoder.decode(rendered.bytes.subarray(rendered.middle, rendered.end))).toBe(changesJson(raw, expected));
      }
    },
  );

  it("leaves XLSX records to be normalized by the checking thread (reading them is the heavier half)", async () => {
    const source = await openSourceInWorker({ path: "fixtures/xlsx/customers-openpyxl.xlsx" });
    source.normalizeWith?.(mapColumns(source.headers, buildLookup(), source.file), {
      termDuration: "P1M",
      billingCycle: "monthly",
    });
    const { records } = await all(source);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.normalized === undefined)).toBe(true);
  });

  it("hashes the file beside parsing when asked, and leaves the hash to the caller when stopped early", async () => {
    const path = "fixtures/csv/crm-utf8-bom.csv";
    const read = await openSourceInWorker({ path, hash: true });
    await all(read);
    expect(await read.sha256).toBe(await sha256File(path));

    const stopped = await openSourceInWorker({ path: "fixtures/rules/customers.csv", hash: true });
    await stopped.close();
    // Either the reader finished hashing before it was stopped, or the caller is told to hash the file itself.
    expect([undefined, await sha256File("fixtures/rules/customers.csv")]).toContain(await stopped.sha256);

    const plain = await openSourceInWorker({ path });
    expect(plain.sha256).toBeUndefined();
    await plain.close();
  });

  it("hands cells over with the text of cells that are long, non-ASCII or empty intact", async () => {
    const long = "Stichting Katholiek Onderwijs Zuid-Oost Brabant en Omstreken ".repeat(40).trim();
    const path = await tempFile(
      "cells.csv",
      `Company Name,Email,Country,City\n"${long}",a@x.nl,NL,'s-Hertogenbosch\nÆblerød ApS 🍎,,DK,Århus\n`,
    );
    const { inThread, inWorker } = await bothWays(path);
    expect(inWorker.records.map((r) => r.values)).toEqual([
      [long, "a@x.nl", "NL", "'s-Hertogenbosch"],
      ["Æblerød ApS 🍎", "", "DK", "Århus"],
    ]);
    expect(inWorker.records).toEqual(inThread.records);
  });

  it("fails to open as reading in this thread does: a missing file, a sheet that is not there", async () => {
    await expect(openSourceInWorker({ path: "/nonexistent/customers.csv" })).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
    });
    await expect(openSourceInWorker({ path: "fixtures/xlsx/customers-openpyxl.xlsx", sheet: 9 })).rejects.toMatchObject(
      { code: "SHEET_NOT_FOUND" },
    );
  });

  it.each(["fixtures/csv/excel-nl-windows1252.csv", "fixtures/csv/crm-utf8-bom.csv", "fixtures/rules/customers.csv"])(
    "validate writes the same reports whether the reading thread reads or not: %s",
    async (path) => {
      const dir = await mkdtemp(join(tmpdir(), "worker-validate-"));
      const now = new Date("2026-12-08T10:00:00Z");
      const outputs = ["accepted.jsonl", "errors.csv", "errors.jsonl", "rejected.csv", "relationships.jsonl"];
      const read = async (readInWorker: boolean): Promise<string[]> => {
        const out = join(dir, String(readInWorker));
        await validateFile(path, { out, quiet: true, now, readInWorker });
        return Promise.all(outputs.map((name) => readFile(join(out, name), "utf8")));
      };
      const inWorker = await read(true);
      expect(inWorker[0]).not.toBe("");
      expect(inWorker).toEqual(await read(false));
    },
  );

  it("leaves the JSON of a batch to the main thread when told, or when that thread has the time", async () => {
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `Klant ${i} B.V.,klant${i},info@klant${i}.nl,Anna,Smit,Damrak ${i},Amsterdam,NL`,
    );
    const header = "Company Name,Domain,Email,First Name,Last Name,Address Line 1,City,Country";
    const path = await tempFile("render.csv", `${header}\n${rows.join("\n")}\n`);
    const defaults = { termDuration: "P1M", billingCycle: "monthly" };
    const open = async (render: "none" | "balanced"): Promise<SourceRecord[]> => {
      const source = await openSourceInWorker({ path, render });
      source.normalizeWith?.(mapColumns(source.headers, buildLookup(), source.file), defaults);
      const { records, error } = await all(source);
      expect(error).toBeUndefined();
      return records;
    };
    const none = await open("none");
    expect(none).toHaveLength(6000);
    expect(none.every((r) => r.normalized !== undefined && r.rendered === undefined)).toBe(true);
    const decoder = new TextDecoder();
    for (const r of await open("balanced")) {
      const rendered = r.rendered;
      if (rendered === undefined) continue;
      expect(decoder.decode(rendered.bytes.subarray(rendered.start, rendered.middle))).toBe(
        JSON.stringify(r.normalized),
      );
    }
  });
});
