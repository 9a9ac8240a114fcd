import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMPORT_HEADERS } from "../../src/bench/generate.js";

/** The columns of the import fixtures: the same as the import benchmark's. */
export const CUSTOMER_HEADERS: readonly string[] = IMPORT_HEADERS;

export interface CustomerOptions {
  /** Every n-th row is made invalid (missing e-mail); 0 = none. */
  rejectEvery?: number;
  /** Rows order an offer (with MCA signer). */
  offers?: boolean;
  domainPrefix?: string;
}

/** A valid Dutch customer row, unique by `i`. */
export function customerRow(i: number, o: CustomerOptions = {}): string[] {
  const bad = o.rejectEvery !== undefined && o.rejectEvery > 0 && i % o.rejectEvery === 0;
  const domain = `${o.domainPrefix ?? "klant"}${i}nl`;
  return [
    `C-${i}`,
    `Handelsonderneming Nummer ${i} B.V.`,
    domain,
    bad ? "" : `facturen@${domain}.example.nl`,
    "Sanne",
    "de Vries",
    `+31 20 ${String(5_000_000 + i).slice(-7)}`,
    `Keizersgracht ${(i % 500) + 1}`,
    "Amsterdam",
    `${1000 + (i % 8999)} AB`,
    "NL",
    o.offers === true ? "CFQ7TTC0LH18:0001" : "",
    o.offers === true ? String((i % 5) + 1) : "",
    o.offers === true ? "Sanne" : "",
    o.offers === true ? "de Vries" : "",
    o.offers === true ? `sanne@${domain}.example.nl` : "",
    "2026-10-01",
  ];
}

function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes a CSV of the given header and rows into a new temp folder; returns its path. */
export async function writeCsv(headers: readonly string[], rows: readonly (readonly string[])[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "customers-"));
  const path = join(dir, "customers.csv");
  const lines = [headers.map(cell).join(","), ...rows.map((r) => r.map(cell).join(","))];
  await writeFile(path, `${lines.join("\r\n")}\r\n`);
  return path;
}

/** The lines of a JSONL file, parsed. */
export async function readJsonl<T>(path: string): Promise<T[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as T);
}

/** Writes a CSV of `count` customers into a new temp folder; returns its path. */
export async function writeCustomers(count: number, o: CustomerOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "customers-"));
  const path = join(dir, "customers.csv");
  const lines = [CUSTOMER_HEADERS.join(",")];
  for (let i = 1; i <= count; i++) lines.push(customerRow(i, o).map(cell).join(","));
  await writeFile(path, `${lines.join("\r\n")}\r\n`);
  return path;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
