import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { openCsv } from "../src/sources/csv/index.js";
import { detectDelimiter } from "../src/sources/csv/delimiter.js";
import { detectEncoding } from "../src/sources/csv/encoding.js";
import { RunError } from "../src/errors/run-error.js";
import { sha256File } from "../src/util/sha256-file.js";
import type { SourceRecord } from "../src/model/source.js";

const score = (cells: readonly string[]): number =>
  cells.filter((c) => /^(name|email|country|bedrijfsnaam|land|e-mailadres|company name)$/i.test(c.trim())).length;

async function tempFile(name: string, content: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "csv-reader-"));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, options: Partial<Parameters<typeof openCsv>[1]> = {}) {
  const source = await openCsv(path, { headerScore: score, ...options });
  const records: SourceRecord[] = [];
  for await (const r of source.records) records.push(r);
  return { source, records };
}

async function failure(promise: Promise<unknown>): Promise<RunError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof RunError) return error;
    throw error;
  }
  throw new Error("expected a RunError");
}

describe("encoding detection", () => {
  it.each([
    ["UTF-8 BOM", Buffer.from([0xef, 0xbb, 0xbf, 0x61]), "utf-8", 3],
    ["UTF-16 LE BOM", Buffer.from([0xff, 0xfe, 0x61, 0x00]), "utf-16le", 2],
    ["UTF-16 BE BOM", Buffer.from([0xfe, 0xff, 0x00, 0x61]), "utf-16be", 2],
    ["plain UTF-8", Buffer.from("Müller;Straße", "utf8"), "utf-8", 0],
    ["Windows-1252", iconv.encode("Müller;Straße;café", "windows-1252"), "windows-1252", 0],
    ["UTF-16 LE without BOM", iconv.encode("name;email;country\r\n", "utf-16le"), "utf-16le", 0],
    // Excel for Mac's "CSV (Macintosh)": Mac Roman with bare CR line ends; with LF or CRLF, Windows-1252.
    ["Mac Roman, CR", iconv.encode("Naam;Plaats\rAmélie;Café\r", "macintosh"), "macintosh", 0],
    ["Windows-1252, CRLF", iconv.encode("Naam;Plaats\r\nAmélie;Café\r\n", "windows-1252"), "windows-1252", 0],
  ])("%s", (_name, bytes, encoding, bomLength) => {
    expect(detectEncoding(bytes, true)).toMatchObject({ encoding, bomLength });
  });
});

describe("delimiter detection", () => {
  it.each([
    ["semicolon with non-ASCII text", "Naam;Straße;Plaats\r\nMüller;Bahnhofstraße 1;Köln\r\n", ";"],
    ["comma with quoted semicolons", 'a,b,c\n"x;y;z",2,3\n"p;q",5,6\n', ","],
    ["tab", "a\tb\tc\n1\t2\t3\n", "\t"],
    ["pipe", "a|b|c\n1|2|3\n", "|"],
    ["title row above", "Export 2026\n\na;b;c;d\n1;2;3;4\n5;6;7;8\n", ";"],
    ["quoted line break", 'a,b\n"line\none; two; three",2\n3,4\n', ","],
  ])("%s", (_name, sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});

describe("openCsv", () => {
  it("reads Windows-1252 with semicolons and keeps accents", async () => {
    const { source, records } = await readAll("fixtures/csv/excel-nl-windows1252.csv");
    expect(source.encoding).toBe("windows-1252");
    expect(source.delimiter).toBe(";");
    expect(source.headers[1]).toBe("Bedrijfsnaam");
    expect(records[0]?.values[1]).toBe("Bakkerij Müller & Zonen B.V.");
    expect(records[0]?.position).toEqual({ file: "fixtures/csv/excel-nl-windows1252.csv", line: 2 });
  });

  it("never puts the BOM into a header name", async () => {
    const { source, records } = await readAll("fixtures/csv/crm-utf8-bom.csv");
    expect(source.encoding).toBe("utf-8");
    expect(source.headers[0]).toBe("External ID");
    // CRM-2 has a line break inside a quoted field: the record after it starts one line later.
    expect(records.map((r) => r.position.line)).toEqual([2, 3, 5, 6, 7]);
  });

  it("reads UTF-16 LE with BOM", async () => {
    const text = "Name\tEmail\tCountry\r\nZoë\tzoe@example.com\tNL\r\n";
    const path = await tempFile("u16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf-16le")]));
    const { source, records } = await readAll(path);
    expect(source.headers).toEqual(["Name", "Email", "Country"]);
    expect(records[0]?.values).toEqual(["Zoë", "zoe@example.com", "NL"]);
  });

  it("hashes the whole file, byte-order mark included, from the chunks it parses", async () => {
    const big = `Name,Email,Country\n${"Zoë,zoe@example.com,NL\n".repeat(20_000)}`;
    const files = [
      "fixtures/csv/crm-utf8-bom.csv",
      "fixtures/csv/excel-nl-windows1252.csv",
      await tempFile("u16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(big, "utf-16le")])),
    ];
    for (const path of files) {
      const { source } = await readAll(path);
      expect(await source.sha256).toBe(await sha256File(path));
    }
    // Stopped before the end: no hash, the caller hashes the file itself.
    const stopped = await openCsv(files[2] ?? "", { headerScore: score });
    await stopped.close();
    expect(await stopped.sha256).toBeUndefined();
  });

  it("finds the header below a title row and blank lines, keeping physical line numbers", async () => {
    const path = await tempFile(
      "title.csv",
      "Customer export;;\r\n;;\r\n\r\nName;Email;Country\r\nA;a@x.nl;NL\r\n\r\nB;b@x.nl;NL\r\n",
    );
    const { source, records } = await readAll(path);
    expect(source.headerRow).toBe(4);
    expect(records.map((r) => [r.values[0], r.position.line])).toEqual([
      ["A", 5],
      ["B", 7],
    ]);
  });

  it("honours --header-row", async () => {
    const path = await tempFile("hr.csv", "junk,junk\nfoo,bar\n1,2\n");
    const { source, records } = await readAll(path, { headerRow: 2 });
    expect(source.headers).toEqual(["foo", "bar"]);
    expect(records).toHaveLength(1);
  });

  it("reports ragged rows as problems and keeps the rows after them", async () => {
    const path = await tempFile("ragged.csv", "Name,Email,Country\nA,a@x.nl\nB,b@x.nl,NL,extra\nC,c@x.nl,NL\n");
    const { records } = await readAll(path);
    expect(records.map((r) => [r.position.line, r.problems.map((p) => p.kind)])).toEqual([
      [2, ["field-count"]],
      [3, ["field-count"]],
      [4, []],
    ]);
  });

  it("takes values under the header line's unnamed trailing fields as beside the table, not as ragged rows", async () => {
    // Excel saves a sheet with a note in column F: every line gets the same number of fields.
    const path = await tempFile(
      "beside.csv",
      "Name;Email;Country;;;\r\nA;a@x.nl;NL;;;gebeld 12-3\r\nB;b@x.nl;NL;;;\r\nC;c@x.nl;NL;;;;extra\r\n",
    );
    const { source, records } = await readAll(path);
    expect(source.headers).toEqual(["Name", "Email", "Country"]);
    expect(records.map((r) => [r.values, r.problems.map((p) => [p.kind, p.value])])).toEqual([
      [["A", "a@x.nl", "NL"], [["outside", "gebeld 12-3"]]],
      [["B", "b@x.nl", "NL"], []],
      // More fields than even the header line has: a broken record, as before.
      [["C", "c@x.nl", "NL", "", "", "", "extra"], [["field-count", undefined]]],
    ]);
    expect(records[0]?.problems[0]?.message).toBe(
      "field 6 of line 2 holds a value in a column without a header, beside the named columns: it is not read",
    );
  });

  it("handles mixed CRLF and LF, and a last line without a line break", async () => {
    const path = await tempFile("mixed.csv", "Name,Email,Country\r\nA,a@x.nl,NL\nB,b@x.nl,NL\r\nC,c@x.nl,NL");
    const { records } = await readAll(path);
    expect(records.map((r) => [r.values[0], r.position.line])).toEqual([
      ["A", 2],
      ["B", 3],
      ["C", 4],
    ]);
  });

  it("stops on a quote that never closes, naming the line where the record starts", async () => {
    const path = await tempFile(
      "quote.csv",
      'Name,Email,Country\nA,a@x.nl,NL\nB,"b@x.nl,NL\nC,c@x.nl,NL\nD,d@x.nl,NL\n',
    );
    const source = await openCsv(path, { headerScore: score });
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const r of source.records) seen.push(r.position.line ?? 0);
      })(),
    );
    expect(seen).toEqual([2]);
    expect(error.code).toBe("CSV_QUOTE_NOT_CLOSED");
    expect(error.context).toEqual({ file: path, line: 3 });
    expect(error.message).toMatch(/^a quoted field \(its field 2\) opens in the record starting here/);
  });

  it("stops on a record over the size limit instead of swallowing the file", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `R${i},r${i}@x.nl,NL`).join("\n");
    const path = await tempFile("big.csv", `Name,Email,Country\nA,"a@x.nl,NL\n${rows}\n`);
    const source = await openCsv(path, { headerScore: score, maxRecordSize: 4096 });
    const error = await failure(
      (async () => {
        for await (const r of source.records) expect(r).toBeDefined();
      })(),
    );
    expect(error.code).toBe("CSV_RECORD_TOO_LARGE");
    expect(error.context.line).toBe(2);
  });

  it("stops on bytes that are not UTF-8 after the sample, naming line and column", async () => {
    const filler = Array.from({ length: 60_000 }, (_, i) => `Name${i},n${i}@x.nl,NL`).join("\n");
    const head = Buffer.from(`Name,Email,Country\n${filler}\n`, "utf8");
    const lines = head.toString().split("\n").length;
    const bad = Buffer.concat([head, Buffer.from("Caf"), Buffer.from([0xe9]), Buffer.from(",c@x.nl,NL\n")]);
    expect(head.length).toBeGreaterThan(1 << 20);
    const path = await tempFile("late.csv", bad);
    const source = await openCsv(path, { headerScore: score });
    const error = await failure(
      (async () => {
        for await (const r of source.records) expect(r).toBeDefined();
      })(),
    );
    expect(error.code).toBe("ENCODING_INVALID");
    expect(error.context).toMatchObject({ line: lines, column: 4 });
    expect(error.message).toContain("--encoding windows-1252");
  });

  it("reports a record whose quotes are broken (text after a closing quote), naming its lines", async () => {
    const path = await tempFile(
      "broken-quotes.csv",
      'Name,Email,Country\nA,a@x.nl,NL\nB,"b@x.nl,NL\nC,c@x.nl" achter,NL\nD,"Bakkerij "De Zon" B.V.",NL\n' +
        'E,5" monitor,NL\nF,"""Quoted"" name",NL\n',
    );
    const { records } = await readAll(path);
    expect(records.map((r) => [r.values[0], r.position.line, r.problems.map((p) => p.kind)])).toEqual([
      ["A", 2, []],
      ["B", 3, ["quotes"]],
      ["D", 5, ["quotes"]],
      ["E", 6, []],
      ["F", 7, []],
    ]);
    expect(records[1]?.problems[0]?.message).toContain("lines 3-4");
  });

  it("catches the same broken record again when it comes back written with proper quotes (a fed-back rejected.csv)", async () => {
    const path = await tempFile(
      "fed-back.csv",
      'Name,Email,Country\nB,"""Dorpsstraat 4,Groningen\nC,c@x.nl"" achter",NL\nD,"""Bakkerij ""De Zon"" B.V.""",NL\n' +
        'E,"5"" monitor",NL\nF,"""De Zon"" Bakkerij",NL\n',
    );
    const { records } = await readAll(path);
    expect(records.map((r) => [r.values[0], r.problems.map((p) => p.kind)])).toEqual([
      ["B", ["quotes"]],
      ["D", ["quotes"]],
      ["E", []],
      ["F", []],
    ]);
    expect(records[0]?.problems[0]?.message).toContain("starts with a quote and holds another");
  });

  it("takes NUL padding and a Ctrl-Z at the end of the file for nothing", async () => {
    const body = "Name,Email,Country\r\nA,a@x.nl,NL\r\n";
    for (const tail of [Buffer.alloc(4096), Buffer.from([0x1a]), Buffer.from("\u001a\r\n")]) {
      const path = await tempFile("padded.csv", Buffer.concat([Buffer.from(body), tail]));
      const { records } = await readAll(path);
      expect(records.map((r) => r.values)).toEqual([["A", "a@x.nl", "NL"]]);
    }
  });

  it("does not count empty fields past the header's last column, on the header or on the rows", async () => {
    for (const [header, row] of [
      ["Name;Email;Country;;;", "A;a@x.nl;NL"],
      ["Name;Email;Country", "A;a@x.nl;NL;;;"],
      ["Name;Email;Country;;", "A;a@x.nl;NL;;"],
    ] as const) {
      const path = await tempFile("trailing.csv", `${header}\n${row}\n`);
      const { source, records } = await readAll(path);
      expect(source.headers).toEqual(["Name", "Email", "Country"]);
      expect(records.map((r) => [r.values, r.problems])).toEqual([[["A", "a@x.nl", "NL"], []]]);
    }
  });

  it("reports a record with a delimiter too many even when its extra field is empty (an unquoted comma)", async () => {
    const path = await tempFile(
      "shifted.csv",
      "Name,Address,Country,Note\nA,Dam 1,NL,\nB,Kade 5, 2e etage,NL,\nC,Dam 3,NL,\nD,Dam 4,NL,\n",
    );
    const { records } = await readAll(path);
    expect(records.map((r) => [r.position.line, r.problems.map((p) => p.kind)])).toEqual([
      [2, []],
      [3, ["field-count"]],
      [4, []],
      [5, []],
    ]);
  });

  it("takes trailing delimiters on every data line as the file's layout, and one more as a broken record", async () => {
    const path = await tempFile("ending.csv", "Name;Email;Country\nA;a@x.nl;NL;\nB;b@x;y.nl;NL;\nC;c@x.nl;NL;\n");
    const { records } = await readAll(path);
    expect(records.map((r) => [r.values[0], r.problems.map((p) => p.kind)])).toEqual([
      ["A", []],
      ["B", ["field-count"]],
      ["C", []],
    ]);
  });

  it("stops on an unpaired UTF-16 surrogate, naming line and column, never a replacement character", async () => {
    const text = "Name\tEmail\tCountry\r\nA\ta@x.nl\tNL\r\nB\udc00x\tb@x.nl\tNL\r\n";
    const path = await tempFile("utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const source = await openCsv(path, { headerScore: score });
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const r of source.records) seen.push(r.values[0] ?? "");
      })(),
    );
    expect(seen).toEqual(["A"]);
    expect(error.code).toBe("ENCODING_INVALID");
    expect(error.context).toMatchObject({ line: 3, column: 2 });
  });

  it("stops on a byte Windows-1252 has no character for", async () => {
    const bytes = Buffer.concat([
      iconv.encode("Name;Email;Country\nRené;r@x.be;BE\nA", "windows-1252"),
      Buffer.from([0x81]),
      Buffer.from(";a@x.nl;NL\n"),
    ]);
    const path = await tempFile("cp1252.csv", bytes);
    const error = await failure(readAll(path));
    expect(error.code).toBe("ENCODING_INVALID");
    expect(error.context).toMatchObject({ line: 3, column: 2 });
    expect(error.message).toContain("--encoding");
  });

  it("skips a UTF-8 mark but reads as --encoding says (a UTF-8-marked file holding Windows-1252 bytes)", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      iconv.encode("Name;Email;Country\nRené;r@x.be;BE\n", "windows-1252"),
    ]);
    const path = await tempFile("marked-1252.csv", bytes);
    const { source, records } = await readAll(path, { encoding: "windows-1252" });
    expect(source.encoding).toBe("windows-1252");
    expect(source.headers).toEqual(["Name", "Email", "Country"]);
    expect(records.map((r) => r.values)).toEqual([["René", "r@x.be", "BE"]]);
  });

  it("reads by the byte-order mark when --encoding names another encoding", async () => {
    const text = "Name\tEmail\tCountry\r\nRené\tr@x.be\tBE\r\n";
    const path = await tempFile("marked.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const { source, records } = await readAll(path, { encoding: "windows-1252" });
    expect(source.encoding).toBe("utf-16le");
    expect(records.map((r) => r.values)).toEqual([["René", "r@x.be", "BE"]]);
  });

  it("uses --encoding and --delimiter when given", async () => {
    const path = await tempFile("given.csv", iconv.encode("Name|Email|Country\nRené|r@x.be|BE\n", "latin1"));
    const { records } = await readAll(path, { encoding: "latin1", delimiter: "|" });
    expect(records[0]?.values).toEqual(["René", "r@x.be", "BE"]);
  });
});

describe("records in batches", () => {
  async function batched(path: string, options: Partial<Parameters<typeof openCsv>[1]> = {}) {
    const source = await openCsv(path, { headerScore: score, ...options });
    const groups: SourceRecord[][] = [];
    let error: unknown;
    try {
      for await (const g of source.batches ?? []) groups.push(g);
    } catch (e: unknown) {
      error = e;
    }
    await source.close();
    return { groups, records: groups.flat(), error };
  }

  it("gives the same records as one at a time: title rows, blank lines, many chunks, a ragged row", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      i === 7_777 ? `R${i},r${i}@x.nl` : `R${i},"r${i}@x.nl","NL\n(line ${i})"`,
    );
    const path = await tempFile("many.csv", `Export\n\nName,Email,Country\n\n${rows.join("\n")}\n`);
    const { records } = await readAll(path);
    const { groups, records: fromBatches } = await batched(path);
    expect(fromBatches).toEqual(records);
    expect(records).toHaveLength(20_000);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.every((g) => g.length > 0)).toBe(true);
    expect(records[1]?.position.line).toBe(7);
  });

  it("delivers the records before a broken one, then its error", async () => {
    const path = await tempFile("quote.csv", 'Name,Email,Country\nA,a@x.nl,NL\nB,"b@x.nl,NL\nC,c@x.nl,NL\n');
    const { records, error } = await batched(path);
    expect(records.map((r) => r.position.line)).toEqual([2]);
    expect(error).toMatchObject({ code: "CSV_QUOTE_NOT_CLOSED" });
  });
});

describe("estimated rows (for sizing the duplicate indexes)", () => {
  it("counts the lines of a file read whole by the sample", async () => {
    const path = await tempFile("small.csv", "Name,Email,Country\r\nA,a@x.nl,NL\r\nB,b@x.nl,NL\r\n");
    const source = await openCsv(path, { headerScore: score });
    await source.close();
    expect(source.estimatedRows).toBe(4);
  });

  it("scales the first megabyte's lines per byte to the file's size", async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `Klant ${i} B.V.,k${i}@klant${i}.example.nl,NL`);
    const path = await tempFile("large.csv", `Name,Email,Country\n${rows.join("\n")}\n`);
    const source = await openCsv(path, { headerScore: score });
    await source.close();
    expect(source.estimatedRows).toBeGreaterThan(60_000 * 0.95);
    expect(source.estimatedRows).toBeLessThan(60_000 * 1.05);
  });
});
