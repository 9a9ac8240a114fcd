import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceRecord } from "../src/model/source.js";
import { Readable } from "node:stream";
import { SourceError, openXlsx } from "../src/sources/xlsx/index.js";
import { SheetBreak, readSheetRows } from "../src/sources/xlsx/sheet.js";
import type { TableSource, XlsxOpenOptions } from "../src/sources/xlsx/index.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "xlsx");
const OPENPYXL = join(FIXTURES, "customers-openpyxl.xlsx");
const LIBREOFFICE = join(FIXTURES, "customers-libreoffice.xlsx");

// Stands in for the column mapping's scoring.
const headerScore: XlsxOpenOptions["headerScore"] = (cells) =>
  cells.filter((c) => /^(bedrijfsnaam|domein|e-?mail|land|company|country)/i.test(c)).length;

const HEADERS = [
  "Bedrijfsnaam",
  "Domein",
  "E-mailadres",
  "Voornaam",
  "Achternaam",
  "Telefoon",
  "Adres",
  "Plaats",
  "Postcode",
  "Land",
  "Btw-nummer",
  "MCA datum",
  "Licenties",
  "Korting",
  "Onderwijs",
];

// The customer rows of both fixtures, as a user sees them (fixtures/xlsx/make_fixtures.py writes them).
// prettier-ignore
const ROWS = [
  ["Bakkerij Jansen B.V.", "bakkerijjansen", "info@bakkerijjansen.nl", "Jan", "Jansen", "31612345678", "Dorpsstraat 12", "Utrecht", "3511 AB", "Nederland", "NL123456789B01", "2024-03-15", "10", "0.3", "FALSE"],
  ["Müller & Söhne GmbH", "muellersoehne", "j.mueller@mueller-soehne.de", "Jürgen", "Müller", "+49 30 1234567", "Friedrichstraße 45", "Berlin", "10115", "Duitsland", "DE123456789", "2024-02-01", "10", "0.15", "FALSE"],
  ["Brasserie Léon BV", "brasserieleon", "francois@brasserieleon.be", "François", "Dubois-Lefèvre", "+32 2 234 56 78", "Rue de l'Étuve 52", "Bruxelles", "1000", "België", "BE0123456749", "2024-01-31", "3", "0", "FALSE"],
  ["De Vries Bouw B.V.", "devriesbouw", "pieter@devriesbouw.nl", "Pieter", "de Vries", "020-1234567", "Keizersgracht 100", "Amsterdam", "1015 CX", "NL", "", "2023-12-01", "7", "0.05", "FALSE"],
  ["Zuidas Consultancy B.V.", "zuidasconsultancy", "sanne@zuidas-consultancy.nl", "Sanne", "van den Berg", "31201234567", "Gustav Mahlerlaan 300", "Amsterdam", "1082 ME", "Nederland", "NL859876543B01", "2024-03-20T14:30:00", "25", "0.2", "FALSE"],
  ["Hochschule Nordheide", "hsnordheide", "verwaltung@hs-nordheide.de", "Björn", "Größmann", "+49 4181 2020", "Universitätsallee 1", "Buchholz", "21244", "Deutschland", "DE298765432", "2024-02-29", "250", "0.3", "TRUE"],
  ["Brouwerij 't Hoekje CommV", "brouwerijhoekje", "an@hoekje.be", "Anke", "Peeters", "+32 9 223 45 67", "Kerkstraat 5", "Gent", "9000", "Belgium", "BE0987654321", "2024-01-02", "5", "", "FALSE"],
  ["Tandartspraktijk Çelik", "tandartscelik", "info@tandartscelik.nl", "Zeynep", "Çelik", "31687654321", "Lange Nieuwstraat 8", "Eindhoven", "5611 AB", "Nederland", "NL001234567B02", "", "1", "0", "FALSE"],
];

async function readAll(source: TableSource): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  try {
    for await (const record of source.records) records.push(record);
  } finally {
    await source.close();
  }
  return records;
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error("expected a SourceError");
}

describe.each([
  // openpyxl: inline strings, sheets before workbook.xml/styles.xml in the zip, a hidden lookup sheet whose first row
  // looks like a header, a merged title row, a blank row 2.
  {
    name: "openpyxl",
    file: OPENPYXL,
    headerRow: 3,
    sheetRows: [4, 5, 6, 7, 9, 10, 11, 12],
    instructions: "Instructions",
    sheets: ["Instructions", "Keuzelijsten", "Klanten"],
  },
  // LibreOffice: shared strings with rich-text runs, hyperlinks in the sheet rels, two blank rows above the header.
  {
    name: "LibreOffice",
    file: LIBREOFFICE,
    headerRow: 4,
    sheetRows: [5, 6, 7, 8, 10, 11, 12, 13],
    instructions: "Instructies",
    sheets: ["Instructies", "Klanten"],
  },
])("a workbook written by $name", ({ file, headerRow, sheetRows, instructions, sheets }) => {
  const listing = sheets.map((name) => `'${name}'`).join(", ");
  const klanten = sheets.indexOf("Klanten") + 1;

  let records: SourceRecord[];
  let source: TableSource;

  beforeAll(async () => {
    source = await openXlsx(file, { headerScore });
    records = await readAll(source);
  });

  it("skips the instructions sheet, hidden sheets and the title rows, and finds the header row", () => {
    expect(source.sheet).toBe("Klanten");
    expect(source.format).toBe("xlsx");
    expect(source.headerRow).toBe(headerRow);
    expect(source.headers).toEqual(HEADERS);
  });

  it("yields every customer row, blank rows skipped, with its sheet row", () => {
    expect(records.map((r) => r.values)).toEqual(ROWS);
    expect(records.map((r) => r.position)).toEqual(sheetRows.map((sheetRow) => ({ file, sheet: "Klanten", sheetRow })));
  });

  it.each([
    ["a phone stored as a number, not 3.16E+10", 0, "Telefoon", "31612345678"],
    ["a postal code stored as a number", 1, "Postcode", "10115"],
    ["a float with binary noise (0.1+0.2)", 0, "Korting", "0.3"],
    ["a date with the custom format dd-mm-yyyy", 0, "MCA datum", "2024-03-15"],
    ["a date with the format yyyy-mm-dd", 1, "MCA datum", "2024-02-01"],
    ["a date with the format d/m/yy", 2, "MCA datum", "2024-01-31"],
    ["a date and time that is not midnight", 4, "MCA datum", "2024-03-20T14:30:00"],
    ["a leap day", 5, "MCA datum", "2024-02-29"],
    ["a numeric formula's stored result", 1, "Licenties", "10"],
    ["a text formula's stored result", 3, "Domein", "devriesbouw"],
    ["a rich-text cell with several runs, joined", 4, "Bedrijfsnaam", "Zuidas Consultancy B.V."],
    ["a mailto hyperlink showing the address", 1, "E-mailadres", "j.mueller@mueller-soehne.de"],
    ["a hyperlink whose text is only a mailto: URL", 3, "E-mailadres", "pieter@devriesbouw.nl"],
    ["a boolean", 5, "Onderwijs", "TRUE"],
    ["accented text", 2, "Adres", "Rue de l'Étuve 52"],
    ["an error cell, as empty text", 3, "Btw-nummer", ""],
  ])("reads %s", (_, index, header, expected) => {
    expect(records[index]?.values[HEADERS.indexOf(header)]).toBe(expected);
  });

  it("reports the #N/A cells and the note beside the table as problems of their rows and columns, and no other", () => {
    const problems = records.flatMap((r) =>
      r.problems.filter((p) => p.kind !== "hidden").map((p) => ({ sheetRow: r.position.sheetRow, ...p })),
    );
    expect(problems).toEqual([
      {
        sheetRow: sheetRows[3],
        kind: "cell-error",
        column: HEADERS.indexOf("Btw-nummer"),
        message: `cell K${String(sheetRows[3])} holds the Excel error #N/A`,
        value: "#N/A",
      },
      {
        sheetRow: sheetRows[6],
        kind: "cell-error",
        column: HEADERS.indexOf("Korting"),
        message: `cell N${String(sheetRows[6])} holds the Excel error #N/A`,
        value: "#N/A",
      },
      {
        sheetRow: sheetRows[6],
        kind: "outside",
        message: `cell P${String(sheetRows[6])} holds a value outside the columns of the header row (A-O): it is not read`,
        value: "gebeld 12-3",
      },
    ]);
    expect(JSON.stringify(records)).not.toContain("[object Object]");
  });

  it("reports a hidden row, read all the same (the openpyxl workbook hides the last customer)", () => {
    const hidden = records.filter((r) => r.problems.some((p) => p.kind === "hidden"));
    expect(hidden.map((r) => r.position.sheetRow)).toEqual(file === LIBREOFFICE ? [] : [sheetRows.at(-1)]);
    expect(hidden.map((r) => r.values[0])).toEqual(file === LIBREOFFICE ? [] : ["Tandartspraktijk Çelik"]);
  });

  it.each([["Klanten"], ["klanten"], [klanten], [String(klanten)]])("opens --sheet %j", async (sheet) => {
    const chosen = await openXlsx(file, { headerScore, sheet });
    expect([chosen.sheet, chosen.headerRow]).toEqual(["Klanten", headerRow]);
    expect(await readAll(chosen)).toHaveLength(8);
  });

  it.each([
    ["Klantenlijst", `no sheet named 'Klantenlijst'; its sheets: ${listing}`],
    [sheets.length + 1, `no sheet ${String(sheets.length + 1)}: it has ${String(sheets.length)} (${listing})`],
    [0, `no sheet 0: it has ${String(sheets.length)} (${listing})`],
  ])("fails on a missing --sheet %j, listing the sheets", async (sheet, message) => {
    const error = await failure(openXlsx(file, { headerScore, sheet }));
    expect(error.code).toBe("SHEET_NOT_FOUND");
    expect(error.file).toBe(file);
    expect(error.message).toBe(`${file} has ${message}`);
  });

  it("fails on a sheet without a header row, naming the closest candidate", async () => {
    const error = await failure(openXlsx(file, { headerScore, sheet: instructions }));
    expect(error.code).toBe("HEADER_NOT_FOUND");
    expect(error.sheet).toBe(instructions);
    expect(error.message).toMatch(`no header row in the first 20 rows of sheet '${instructions}'`);
    expect(error.message).toMatch(/with 1\)/);
  });

  it("takes --header-row as given, on the first sheet whose row it is recognized in", async () => {
    const given = await openXlsx(file, { headerScore, headerRow });
    expect([given.sheet, given.headerRow, given.headers]).toEqual(["Klanten", headerRow, HEADERS]);
    await given.close();
  });

  it("takes --header-row with --sheet even when the row holds no known names", async () => {
    const titleRow = await openXlsx(file, { headerScore, sheet: "Klanten", headerRow: 1 });
    expect(titleRow.headers).toEqual(["Klantenlijst nieuwe klanten – Q1 2024"]);
    const first = (await readAll(titleRow))[0];
    expect(first?.position.sheetRow).toBe(headerRow);
    expect(first?.values).toEqual(["Bedrijfsnaam"]);
    expect(first?.problems).toHaveLength(14);
    expect(first?.problems[0]).toMatchObject({ kind: "outside", value: "Domein" });
  });

  it("fails when --header-row points at an empty row", async () => {
    const error = await failure(openXlsx(file, { headerScore, sheet: "Klanten", headerRow: 2 }));
    expect([error.code, error.message]).toEqual(["HEADER_NOT_FOUND", `${file}: row 2 of sheet 'Klanten' is empty`]);
  });
});

describe("openXlsx on what is no usable workbook", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "xlsx-reader-"));
    await writeFile(join(dir, "customers.xlsx"), "Bedrijfsnaam;Domein\nBakkerij Jansen;bakkerijjansen\n");
    await writeFile(join(dir, "empty.xlsx"), "");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [
      "a CSV named .xlsx",
      "customers.xlsx",
      "XLSX_UNREADABLE",
      "is not an XLSX workbook (not a zip archive); it looks like text: if it is a CSV export, name it .csv",
    ],
    ["an empty file", "empty.xlsx", "XLSX_UNREADABLE", "is not an XLSX workbook (the file is empty)"],
    ["a missing file", "missing.xlsx", "XLSX_UNREADABLE", "(no such file)"],
  ])("fails on %s", async (_, name, code, message) => {
    const file = join(dir, name);
    const error = await failure(openXlsx(file, { headerScore }));
    expect([error.code, error.file]).toEqual([code, file]);
    expect(error.message).toContain(message);
  });

  it.each([
    ["a password-protected workbook", "encrypted.xlsx", "XLSX_ENCRYPTED", "is password-protected"],
    ["an Excel 97-2003 workbook", "legacy.xls", "XLSX_LEGACY_XLS", "save it as an Excel Workbook (.xlsx)"],
    [
      "an OpenDocument spreadsheet",
      "opendocument.ods",
      "XLSX_UNREADABLE",
      "it is an OpenDocument spreadsheet (.ods); save it as an Excel Workbook (.xlsx)",
    ],
  ])("fails on %s", async (_, name, code, message) => {
    const error = await failure(openXlsx(join(FIXTURES, name), { headerScore }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it("fails clearly on a sheet packed in a way no spreadsheet program writes (bzip2)", async () => {
    // The first sheet's compression method set to 12 (bzip2) in its local and central zip headers.
    const bytes = Buffer.from(await readFile(OPENPYXL));
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    for (const [signature, nameAt, methodAt] of [
      [0x04034b50, 30, 8],
      [0x02014b50, 46, 10],
    ] as const) {
      for (let i = bytes.indexOf(name); i !== -1; i = bytes.indexOf(name, i + 1)) {
        const start = i - nameAt;
        if (start >= 0 && bytes.readUInt32LE(start) === signature) bytes.writeUInt16LE(12, start + methodAt);
      }
    }
    const path = join(dir, "bzip2.xlsx");
    await writeFile(path, bytes);
    const error = await failure(openXlsx(path, { headerScore }));
    expect(error.code).toBe("XLSX_UNREADABLE");
    expect(error.message).toMatch(/sheet 'Instructions' cannot be read \(.*compression method.*\)/);
  });

  it("gives the rows before a sheet breaks off, then fails naming the row it broke in", async () => {
    const source = await openXlsx(join(FIXTURES, "truncated-sheet.xlsx"), { headerScore });
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const record of source.records) seen.push(record.position.sheetRow ?? 0);
      })(),
    );
    await source.close();
    expect(seen).toEqual([4, 5, 6]);
    expect(error.code).toBe("XLSX_MALFORMED");
    expect(error.sheet).toBe("Klanten");
    expect(error.message).toMatch(/sheet 'Klanten' breaks off in row 7/);
  });
});

describe("a sheet whose XML breaks off in the middle of a chunk", () => {
  it("gives the rows completed before the break, then a break naming the row it is in", async () => {
    const row = (n: number, text: string) =>
      `<row r="${String(n)}"><c r="A${String(n)}" t="inlineStr"><is>${text}</is></c></row>`;
    const xml =
      `<worksheet><sheetData>${[1, 2, 3, 4].map((n) => row(n, `<t>r${String(n)}</t>`)).join("")}` +
      `${row(5, "<t>x</x>")}${row(6, "<t>r6</t>")}</sheetData></worksheet>`;
    const seen: number[] = [];
    let error: unknown;
    try {
      const rows = readSheetRows(Readable.from([xml]), { sharedStrings: [], styles: [], date1904: false });
      for await (const r of rows) seen.push(r.row);
    } catch (e: unknown) {
      error = e;
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(error).toBeInstanceOf(SheetBreak);
    expect((error as SheetBreak).row).toBe(5);
  });
});

describe("sheet XML as less common writers leave it", () => {
  const read = async (xml: string, sharedStrings: string[] = []) => {
    const seen: [number, string[]][] = [];
    const rows = readSheetRows(Readable.from([xml]), { sharedStrings, styles: [], date1904: false });
    for await (const r of rows) seen.push([r.row, r.cells.map((c) => c.text)]);
    return seen;
  };

  it("numbers a <row> without r= by its cells' references (rows left out are blank rows)", async () => {
    const xml =
      '<worksheet><sheetData><row><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>' +
      '<row><c r="A6" t="inlineStr"><is><t>six</t></is></c></row>' +
      '<row><c t="inlineStr"><is><t>seven</t></is></c></row></sheetData></worksheet>';
    expect(await read(xml)).toEqual([
      [1, ["h"]],
      [6, ["six"]],
      [7, ["seven"]],
    ]);
  });

  it("breaks off at a cell that refers to a shared string the workbook does not have", async () => {
    const xml =
      '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>';
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const r of readSheetRows(Readable.from([xml]), {
        sharedStrings: ["Naam"],
        styles: [],
        date1904: false,
      }))
        seen.push(r.row);
    } catch (e: unknown) {
      error = e;
    }
    expect(seen).toEqual([1]);
    expect(error).toBeInstanceOf(SheetBreak);
    expect((error as SheetBreak).row).toBe(2);
    expect((error as Error).message).toBe("cell A2 refers to shared string 7, but the workbook has only 1");
  });
});

describe("the 1904 date system", () => {
  it("dates count from 1904-01-01", async () => {
    const source = await openXlsx(join(FIXTURES, "dates-1904-openpyxl.xlsx"), { headerScore });
    expect(source.headerRow).toBe(1);
    const records = await readAll(source);
    expect(records.map((r) => r.values[2])).toEqual(["2024-03-15", "1998-07-04T08:15:30"]);
  });
});

describe("the default sheet", () => {
  it("is the one whose header names the most known columns, not a template's example tab before it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "xlsx-choice-"));
    const file = join(dir, "template.xlsx");
    const workbook = new ExcelJS.Workbook();
    const example = workbook.addWorksheet("Example");
    example.addRow(["Bedrijfsnaam", "Domein", "E-mailadres"]);
    example.addRow(["Voorbeeld B.V.", "voorbeeld", "info@voorbeeld.nl"]);
    const data = workbook.addWorksheet("Klanten");
    data.addRow(HEADERS);
    data.addRow(["Bakkerij Jansen B.V.", "bakkerijjansen", "info@bakkerijjansen.nl", "Jan", "Jansen"]);
    // An empty copy of the template is no rival.
    const also = workbook.addWorksheet("Klanten 2");
    also.addRow(HEADERS);
    await workbook.xlsx.writeFile(file);
    const source = await openXlsx(file, { headerScore });
    expect(source.sheet).toBe("Klanten");
    expect((await readAll(source)).map((r) => r.values[0])).toEqual(["Bakkerij Jansen B.V."]);
    await rm(dir, { recursive: true, force: true });
  });

  it("is not guessed between two sheets with equally good customer tables (an example, or a sheet per country)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "xlsx-choice-"));
    const file = join(dir, "two.xlsx");
    const workbook = new ExcelJS.Workbook();
    for (const name of ["Voorbeeld", "Klanten"]) {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(HEADERS);
      sheet.addRow(["Bakkerij Jansen B.V.", "bakkerijjansen", "info@bakkerijjansen.nl", "Jan", "Jansen"]);
    }
    await workbook.xlsx.writeFile(file);
    const error = await failure(openXlsx(file, { headerScore }));
    expect(error.code).toBe("SHEET_AMBIGUOUS");
    expect(error.message).toMatch(/sheets 'Voorbeeld' and 'Klanten' each hold a customer table .* --sheet NAME/);
    const chosen = await openXlsx(file, { headerScore, sheet: "Klanten" });
    expect(chosen.sheet).toBe("Klanten");
    await chosen.close();
    await rm(dir, { recursive: true, force: true });
  });
});

describe("a large sheet written by exceljs' streaming writer", () => {
  const ROW_COUNT = 20_000;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "xlsx-large-"));
    file = join(dir, "large.xlsx");
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useSharedStrings: true,
      useStyles: true,
    });
    const sheet = workbook.addWorksheet("Customers");
    sheet.addRow(["Customer export"]).commit();
    sheet.addRow(["Company", "Domain", "Email", "Country", "Seats", "Signed"]).commit();
    for (let i = 1; i <= ROW_COUNT; i++) {
      // A blank row every 1,000 rows: skipped, and the sheet rows after it stay right.
      if (i % 1000 === 0) sheet.addRow([]).commit();
      const row = sheet.addRow([
        `Company ${i} B.V.`,
        `company${i}`,
        `info@company${i}.nl`,
        i % 2 === 0 ? "NL" : "BE",
        i,
        new Date(Date.UTC(2024, 0, 1 + (i % 365))),
      ]);
      row.getCell(6).numFmt = "mm-dd-yy";
      row.commit();
    }
    sheet.commit();
    await workbook.commit();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("streams all rows with their sheet rows", async () => {
    const source = await openXlsx(file, { headerScore });
    expect([source.sheet, source.headerRow, source.headers]).toEqual([
      "Customers",
      2,
      ["Company", "Domain", "Email", "Country", "Seats", "Signed"],
    ]);
    let count = 0;
    let sheetRow = 2;
    for await (const record of source.records) {
      count++;
      sheetRow += count % 1000 === 0 ? 2 : 1;
      if (record.position.sheetRow !== sheetRow || record.values[4] !== String(count)) {
        throw new Error(`record ${count} at ${JSON.stringify(record.position)}: ${record.values.join("|")}`);
      }
      if (count === 1 || count === ROW_COUNT) {
        const date = new Date(Date.UTC(2024, 0, 1 + (count % 365))).toISOString().slice(0, 10);
        expect(record.values).toEqual([
          `Company ${count} B.V.`,
          `company${count}`,
          `info@company${count}.nl`,
          count % 2 === 0 ? "NL" : "BE",
          String(count),
          date,
        ]);
      }
    }
    await source.close();
    expect(count).toBe(ROW_COUNT);
    expect(sheetRow).toBe(2 + ROW_COUNT + ROW_COUNT / 1000);
  });

  it("stops reading when the consumer stops early", async () => {
    const source = await openXlsx(file, { headerScore });
    const firstRows: number[] = [];
    for await (const record of source.records) {
      firstRows.push(record.position.sheetRow ?? 0);
      if (firstRows.length === 3) break;
    }
    await source.close();
    await source.close();
    expect(firstRows).toEqual([3, 4, 5]);
  });
});
