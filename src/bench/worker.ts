import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { validateFile } from "../run/validate.js";

/** One measurement in a process of its own, so that peak RSS belongs to it alone. Prints one JSON line. */
async function measure(mode: string, file: string): Promise<number> {
  switch (mode) {
    case "raw-csv": {
      let rows = 0;
      for await (const record of createReadStream(file).pipe(parse({ relax_column_count: true }))) {
        void record;
        rows++;
      }
      return rows - 1;
    }
    case "raw-xlsx": {
      let rows = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", worksheets: "emit" });
      for await (const sheet of reader) {
        for await (const row of sheet) {
          void row;
          rows++;
        }
      }
      return rows - 1;
    }
    case "validate": {
      const summary = await validateFile(file, {
        out: join(tmpdir(), `csp-onboard-bench-${process.pid}`),
        quiet: true,
        // A partner's config confirms the attestations; without them every ordering row carries a warning.
        attestPartnerRole: true,
        attestNoAffiliateResale: true,
      });
      return summary.rows;
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

const [mode = "", file = ""] = process.argv.slice(2);
const started = process.hrtime.bigint();
const rows = await measure(mode, file);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(
  `${JSON.stringify({ mode, rows, seconds, rowsPerSecond: rows / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
