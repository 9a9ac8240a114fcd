import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { DEFAULT_TOKEN } from "../emulator/index.js";
import { keepRowsYoung } from "../run/gc.js";
import { importFile } from "../run/import.js";
import { validateFile } from "../run/validate.js";
import { RULES } from "../rules/catalogue.js";

interface Measured {
  rows: number;
  /** Requests sent (import only). */
  requests?: number;
  /** Work to do after the measurement (not timed). */
  cleanup?: () => Promise<void>;
}

/**
 * The most heap still in use after a full collection, sampled every 2 s while running (needs --expose-gc), in MB:
 * what the run really keeps, without the noise of V8 growing its heap lazily.
 */
function sampleLiveHeap(): () => number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return () => undefined;
  let peak = 0;
  const sample = (): void => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed / 1e6);
  };
  const timer = setInterval(sample, 2000);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

/** One measurement in a process of its own, so that peak RSS belongs to it alone. Prints one JSON line. */
async function measure(mode: string, file: string, extra: string | undefined): Promise<Measured> {
  switch (mode) {
    case "raw-csv":
    case "raw-csv-columns": {
      // Records as arrays (the stricter baseline), or as objects keyed by the header (`columns: true`).
      const columns = mode === "raw-csv-columns";
      let rows = 0;
      for await (const record of createReadStream(file).pipe(parse({ relax_column_count: true, columns }))) {
        if (record !== undefined) rows++;
      }
      return { rows: columns ? rows : rows - 1 };
    }
    case "raw-xlsx": {
      let rows = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", worksheets: "emit" });
      for await (const sheet of reader) {
        for await (const row of sheet) {
          if (row !== undefined) rows++;
        }
      }
      return { rows: rows - 1 };
    }
    case "validate":
    case "validate-rules-off": {
      // A partner that has confirmed its attestations, as a scheduled run's config file does: otherwise every row
      // that orders carries the ORDER_NEEDS_ATTESTATION warning and the bench measures writing warnings.
      const out = await mkdtemp(join(tmpdir(), "csp-onboard-bench-validate-"));
      const summary = await validateFile(file, {
        out,
        quiet: true,
        attestPartnerRole: true,
        attestNoAffiliateResale: true,
        // Every rule switched off, as a config file can: what reading, normalizing and the reports cost without them.
        ...(mode === "validate-rules-off" ? { rules: Object.fromEntries(RULES.map((r) => [r.code, "off"])) } : {}),
      });
      // The reports (~1 GB at 1M rows) are removed once the clock has stopped.
      return { rows: summary.rows, cleanup: () => rm(out, { recursive: true, force: true }) };
    }
    case "import": {
      // `extra`: {"endpoint": URL of an emulator in another process, "concurrency": N}.
      const { endpoint, concurrency } = JSON.parse(extra ?? "{}") as { endpoint: string; concurrency: number };
      const dir = await mkdtemp(join(tmpdir(), "csp-onboard-bench-import-"));
      try {
        const summary = await importFile(file, {
          endpoint,
          env: { PARTNER_CENTER_TOKEN: DEFAULT_TOKEN },
          concurrency,
          rate: 0,
          state: join(dir, "state"),
          out: join(dir, "out"),
          attestPartnerRole: true,
          attestNoAffiliateResale: true,
          quiet: true,
        });
        if (summary.outcomes.created !== summary.rows) {
          throw new Error(`expected every row created, found ${JSON.stringify(summary.outcomes)}`);
        }
        return { rows: summary.rows, requests: summary.requests.requests };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

const [mode = "", file = "", extra] = process.argv.slice(2);
// As the CLI does at start (the raw reads are measured with it too, so that both sides run alike).
keepRowsYoung();
const liveHeap = sampleLiveHeap();
const started = process.hrtime.bigint();
const { cleanup, ...measured } = await measure(mode, file, extra);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await cleanup?.();
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ mode, ...measured, seconds, rowsPerSecond: measured.rows / seconds, peakRssMb, liveHeapMb: liveHeap() })}\n`,
);
