import { execFile } from "node:child_process";
import { mkdtemp, rm, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writeBenchCsv, writeBenchXlsx } from "./generate.js";

const run = promisify(execFile);
const worker = fileURLToPath(new URL("./worker.js", import.meta.url));

interface Measurement {
  mode: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
}

async function measure(mode: string, file: string): Promise<Measurement> {
  const { stdout } = await run(process.execPath, [worker, mode, file], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Measurement;
}

function line(m: Measurement, base?: Measurement): string {
  const ratio = base !== undefined ? `  ${((m.rowsPerSecond / base.rowsPerSecond) * 100).toFixed(0)}% of raw` : "";
  return `  ${m.mode.padEnd(10)} ${m.rows.toLocaleString("en-US").padStart(10)} rows  ${Math.round(m.rowsPerSecond).toLocaleString("en-US").padStart(8)} rows/s  peak RSS ${m.peakRssMb.toFixed(0).padStart(4)} MB${ratio}`;
}

/** Scales the row counts down when the disk is short, and says so. */
async function rowCounts(dir: string): Promise<{ csv: number; xlsx: number }> {
  const wanted = {
    csv: Number(process.env.BENCH_CSV_ROWS ?? 1_000_000),
    xlsx: Number(process.env.BENCH_XLSX_ROWS ?? 100_000),
  };
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  // ~200 bytes a CSV row, the reports about as much again, the XLSX ~100 bytes a row.
  const need = wanted.csv * 400 + wanted.xlsx * 300;
  if (free > need * 2) return wanted;
  const scale = Math.max(0.01, free / (need * 2));
  const scaled = { csv: Math.floor(wanted.csv * scale), xlsx: Math.floor(wanted.xlsx * scale) };
  process.stdout.write(
    `Only ${(free / 1e9).toFixed(1)} GB free: scaled down to ${scaled.csv} CSV and ${scaled.xlsx} XLSX rows.\n`,
  );
  return scaled;
}

const dir = await mkdtemp(join(tmpdir(), "csp-onboard-bench-"));
try {
  const counts = await rowCounts(dir);
  const csv = join(dir, "customers.csv");
  const xlsx = join(dir, "customers.xlsx");
  process.stdout.write(
    `Generating ${counts.csv.toLocaleString("en-US")} CSV rows and ${counts.xlsx.toLocaleString("en-US")} XLSX rows in ${dir} ...\n`,
  );
  await writeBenchCsv(csv, counts.csv);
  await writeBenchXlsx(xlsx, counts.xlsx);

  process.stdout.write("CSV:\n");
  const rawCsv = await measure("raw-csv", csv);
  process.stdout.write(`${line(rawCsv)}\n`);
  const validateCsv = await measure("validate", csv);
  process.stdout.write(`${line(validateCsv, rawCsv)}\n`);

  process.stdout.write("XLSX:\n");
  const rawXlsx = await measure("raw-xlsx", xlsx);
  process.stdout.write(`${line(rawXlsx)}\n`);
  const validateXlsx = await measure("validate", xlsx);
  process.stdout.write(`${line(validateXlsx, rawXlsx)}\n`);

  const targets = [
    [`CSV validate >= 50% of raw csv-parse`, validateCsv.rowsPerSecond >= rawCsv.rowsPerSecond * 0.5],
    [`CSV validate peak RSS < 300 MB`, validateCsv.peakRssMb < 300],
  ] as const;
  process.stdout.write("Targets:\n");
  for (const [name, ok] of targets) process.stdout.write(`  ${ok ? "met   " : "MISSED"} ${name}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
