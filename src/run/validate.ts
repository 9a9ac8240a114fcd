import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Logger } from "pino";
import { RunError, isRunError } from "../errors/run-error.js";
import { EXIT_CODES } from "../errors/exit-codes.js";
import { mapColumns } from "../mapping/mapping.js";
import { ValidationReports, type CheckedRow } from "../outputs/validation-reports.js";
import { prepareRun } from "./context.js";
import { rowChecker } from "./check-row.js";
import { openSource } from "./open-source.js";
import { Progress } from "./progress.js";
import { parseSettings, validateSettingsSchema, type ValidateSettingsInput } from "./settings.js";
import { silentLogger } from "./logger.js";
import { rejectedLimit } from "./max-rejected.js";

export interface ValidateOptions extends ValidateSettingsInput {
  logger?: Logger;
  /** The clock: "today" for date rules, and the default output folder's name. */
  now?: Date;
  /** Where progress is drawn when it is a TTY (default: stderr). */
  progressStream?: NodeJS.WriteStream;
}

export interface ValidateSummary {
  file: string;
  format: "csv" | "xlsx";
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  headerRow: number;
  outDir: string;
  rows: number;
  accepted: number;
  rejected: number;
  relationship: number;
  warnings: number;
  issuesByCode: Record<string, number>;
  unmappedColumns: string[];
  durationMs: number;
  exitCode: number;
  complete: boolean;
  error?: { code: string; message: string };
}

/** A timestamp safe in a folder name: 2026-11-25T07-40-12Z. */
export function runStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}

/**
 * Validates a CSV or XLSX file row by row, streaming: writes `accepted.jsonl`, `errors.csv`, `errors.jsonl`,
 * `relationships.jsonl`, `rejected.csv` and `summary.json` into the output folder and returns the summary.
 * A failure of the run itself (unreadable file, missing column, bad settings) throws a `RunError`.
 */
export async function validateFile(path: string, options: ValidateOptions = {}): Promise<ValidateSummary> {
  const started = Date.now();
  const { logger = silentLogger(), now = new Date(), progressStream = process.stderr, ...input } = options;
  const settings = parseSettings(validateSettingsSchema, input, "settings");
  const run = await prepareRun(settings, now, logger);

  const source = await openSource(path, {
    encoding: settings.encoding,
    delimiter: settings.delimiter,
    sheet: settings.sheet,
    headerRow: settings.headerRow,
    headerScore: run.headerScore,
  });
  let reports: ValidationReports | undefined;
  const summary: ValidateSummary = {
    file: path,
    format: source.format,
    ...(source.sheet !== undefined ? { sheet: source.sheet } : {}),
    ...(source.encoding !== undefined ? { encoding: source.encoding } : {}),
    ...(source.delimiter !== undefined ? { delimiter: source.delimiter } : {}),
    headerRow: source.headerRow,
    outDir: "",
    rows: 0,
    accepted: 0,
    rejected: 0,
    relationship: 0,
    warnings: 0,
    issuesByCode: {},
    unmappedColumns: [],
    durationMs: 0,
    exitCode: 0,
    complete: false,
  };
  const progress = Progress.enabledFor(progressStream, settings.quiet)
    ? new Progress(progressStream, () => summary)
    : undefined;
  try {
    const mapping = mapColumns(source.headers, run.lookup, source.file);
    summary.unmappedColumns = [...mapping.unmapped];
    if (mapping.unmapped.length > 0) {
      logger.warn({ columns: mapping.unmapped }, "columns not mapped to a field are carried to the reports");
    }
    const outDir = resolve(settings.out ?? `csp-onboard-out/${runStamp(now)}`);
    summary.outDir = outDir;
    try {
      await mkdir(outDir, { recursive: true });
      reports = new ValidationReports(outDir, { headers: source.headers, delimiter: source.delimiter ?? "," });
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RunError("OUTPUT_UNWRITABLE", `cannot write the output folder: ${reason}`, { file: outDir });
    }
    logger.info(
      {
        file: path,
        format: source.format,
        sheet: source.sheet,
        encoding: source.encoding,
        delimiter: source.delimiter,
        outDir,
      },
      "validation started",
    );
    progress?.start();

    const checker = rowChecker(mapping, run.rules, run.ctx, settings.defaults);
    let row = 0;
    for await (const record of source.records) {
      row++;
      const checked = checker.check(record, row);
      count(summary, checked);
      reports.add(checked);
      // Backpressure: reading waits while the disk has not taken the reports.
      if (reports.needsDrain) await reports.drain();
    }
    if (row === 0) logger.warn({ file: path }, "the file has a header row but no data rows");

    summary.exitCode =
      summary.rejected > rejectedLimit(settings.maxRejected, summary.rows)
        ? EXIT_CODES.rejected.code
        : EXIT_CODES.ok.code;
    summary.complete = true;
    summary.durationMs = Date.now() - started;
    await reports.commit(summary);
    logger.info(summary, "validation finished");
    return summary;
  } catch (error: unknown) {
    const failure = isRunError(error)
      ? error
      : new RunError("INTERNAL", error instanceof Error ? error.message : String(error), {}, { cause: error });
    summary.error = { code: failure.code, message: failure.describe() };
    summary.exitCode = failure.exitCode;
    summary.durationMs = Date.now() - started;
    if (reports !== undefined) await reports.abandon(summary);
    throw failure;
  } finally {
    progress?.stop();
    await source.close().catch(() => undefined);
  }
}

function count(summary: ValidateSummary, r: CheckedRow): void {
  summary.rows++;
  summary[r.outcome]++;
  for (const issue of r.issues) {
    if (issue.severity === "warning") summary.warnings++;
    summary.issuesByCode[issue.code] = (summary.issuesByCode[issue.code] ?? 0) + 1;
  }
}
