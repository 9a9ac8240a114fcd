import { createWriteStream } from "node:fs";
import { once } from "node:events";
import ExcelJS from "exceljs";

export const BENCH_HEADERS = [
  "External ID",
  "Company Name",
  "Domain",
  "Email",
  "First Name",
  "Last Name",
  "Phone",
  "Address Line 1",
  "Address Line 2",
  "City",
  "State",
  "Postal Code",
  "Country",
  "VAT Number",
  "Offer ID",
  "Quantity",
  "MCA Signer First Name",
  "MCA Signer Last Name",
  "MCA Signer Email",
  "MCA Accepted On",
] as const;

/** City, postal code, country, and a phone number's prefix that that many digits of the row number complete. */
const CITIES = [
  ["Amsterdam", "1015 CX", "NL", "+31 20 ", 7],
  ["Utrecht", "3511 AB", "NL", "030 2", 6],
  ["Brussel", "1000", "BE", "+32 2 5", 6],
  ["Berlin", "10117", "DE", "+49 30 12", 6],
  ["Paris", "75002", "FR", "+33 1 4", 7],
] as const;

/** One realistic customer row, each with its own phone number; every 20th has a problem, so the reports get written too. */
export function benchRow(i: number): string[] {
  const [city, postal, country, prefix, digits] = CITIES[i % CITIES.length] ?? CITIES[0];
  const phone = `${prefix}${String(10_000_000 + (i % 9_000_000)).slice(-digits)}`;
  const bad = i % 20 === 0;
  return [
    `CRM-${i}`,
    `Klant ${i} Handelsonderneming B.V.`,
    `klant${i}handel`,
    bad ? `not-an-email-${i}` : `facturen@klant${i}.example.nl`,
    "Sanne",
    "de Vries",
    phone,
    `Keizersgracht ${(i % 500) + 1}`,
    "",
    city,
    "",
    postal,
    country,
    "",
    "CFQ7TTC0LH18:0001",
    String((i % 25) + 1),
    "Sanne",
    "de Vries",
    `sanne@klant${i}.example.nl`,
    "2026-01-15",
  ];
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes `rows` generated rows under `headers`, in 64 KiB chunks that wait for the disk. */
async function writeCsvRows(
  path: string,
  headers: readonly string[],
  row: (i: number) => string[],
  rows: number,
): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${headers.join(",")}\n`);
  let chunk = "";
  for (let i = 1; i <= rows; i++) {
    chunk += `${row(i).map(csvCell).join(",")}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "close");
}

export async function writeBenchCsv(path: string, rows: number): Promise<void> {
  await writeCsvRows(path, BENCH_HEADERS, benchRow, rows);
}

export async function writeBenchXlsx(path: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet("Customers");
  sheet.addRow([...BENCH_HEADERS]).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow(benchRow(i)).commit();
  sheet.commit();
  await workbook.commit();
}

export const IMPORT_HEADERS = [
  "External ID",
  "Company Name",
  "Domain",
  "Email",
  "First Name",
  "Last Name",
  "Phone",
  "Address Line 1",
  "City",
  "Postal Code",
  "Country",
  "Offer ID",
  "Quantity",
  "MCA Signer First Name",
  "MCA Signer Last Name",
  "MCA Signer Email",
  "MCA Accepted On",
] as const;

/** One valid Dutch customer that orders one offer: the whole saga, five requests. */
export function importRow(i: number): string[] {
  const domain = `bench${i}nl`;
  return [
    `B-${i}`,
    `Handelsonderneming Nummer ${i} B.V.`,
    domain,
    `facturen@${domain}.example.nl`,
    "Sanne",
    "de Vries",
    `+31 20 ${String(5_000_000 + (i % 4_000_000)).slice(-7)}`,
    `Keizersgracht ${(i % 500) + 1}`,
    "Amsterdam",
    `${1000 + (i % 8999)} AB`,
    "NL",
    "CFQ7TTC0LH18:0001",
    String((i % 25) + 1),
    "Sanne",
    "de Vries",
    `sanne@${domain}.example.nl`,
    "2026-01-15",
  ];
}

export async function writeImportCsv(path: string, rows: number): Promise<void> {
  await writeCsvRows(path, IMPORT_HEADERS, importRow, rows);
}
