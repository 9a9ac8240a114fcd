import { join } from "node:path";
import type { Logger } from "pino";
import { RunError, isRunError } from "../errors/run-error.js";
import { EXIT_CODES } from "../errors/exit-codes.js";
import { writeJsonAtomic, OUTPUT_FILES } from "../outputs/validation-reports.js";
import { openInput, type OpenedInput } from "./checked-rows.js";
import { openCheckSink, type CheckSink } from "./check-sink.js";
import { addCounts, type ValidationCounts } from "./counts.js";
import { SourceError, fromSourceError } from "./open-source.js";
import { prepareRun } from "./context.js";
import { Progress } from "./progress.js";
import { parseSettings, validateSettingsSchema, type ValidateSettingsInput } from "./settings.js";
import { silentLogger } from "./logger.js";
import { rejectedLimit } from "./max-rejected.js";
import { newRunId, publicSettings, sha256File, writeManifest, type RunRecord } from "./manifest.js";

export interface ValidateOptions extends ValidateSettingsInput {
  logger?: Logger;
  /** The clock: "today" for date rules, and the default output folder's name. */
  now?: Date;
  /** Where progress is drawn when it is a TTY (default: stderr). */
  progressStream?: NodeJS.WriteStream;
  /** Check rows in a worker thread while this one reads (default true; the CLI always does). */
  worker?: boolean;
}

export type { ValidationCounts } from "./counts.js";
export { countRow } from "./counts.js";

export interface ValidateSummary extends ValidationCounts {
  file: string;
  format: "csv" | "xlsx";
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  headerRow: number;
  outDir: string;
  unmappedColumns: string[];
  durationMs: number;
  exitCode: number;
  complete: boolean;
  error?: { code: string; message: string };
}

export function emptySummary(path: string): ValidateSummary {
  return {
    file: path,
    format: "csv",
    headerRow: 0,
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
}

/** Fills the summary's description of the input once it is open. */
export function describeInput(summary: ValidateSummary, input: OpenedInput): void {
  const s = input.source;
  summary.format = s.format;
  if (s.sheet !== undefined) summary.sheet = s.sheet;
  if (s.encoding !== undefined) summary.encoding = s.encoding;
  if (s.delimiter !== undefined) summary.delimiter = s.delimiter;
  summary.headerRow = s.headerRow;
  summary.outDir = input.outDir;
  summary.unmappedColumns = [...input.mapping.unmapped];
}

export function asRunError(error: unknown): RunError {
  if (error instanceof SourceError) return fromSourceError(error);
  return isRunError(error)
    ? error
    : new RunError("INTERNAL", error instanceof Error ? error.message : String(error), {}, { cause: error });
}

/**
 * Validates a CSV or XLSX file row by row, streaming: writes `accepted.jsonl`, `errors.csv`, `errors.jsonl`,
 * `relationships.jsonl`, `rejected.csv` and `summary.json` into the output folder and returns the summary.
 * A failure of the run itself (unreadable file, missing column, bad settings) throws a `RunError`.
 */
export async function validateFile(path: string, options: ValidateOptions = {}): Promise<ValidateSummary> {
  const started = Date.now();
  const {
    logger = silentLogger(),
    now = new Date(),
    progressStream = process.stderr,
    worker = true,
    ...input
  } = options;
  const settings = parseSettings(validateSettingsSchema, input, "settings");
  const run = await prepareRun(settings, now, logger);
  // Hashed beside the run (a second sequential read of the file), for the manifest.
  const hashing = sha256File(path).catch(() => "");
  const opened = await openInput(path, settings, run, now, logger).catch((error: unknown) => {
    throw asRunError(error);
  });
  const summary = emptySummary(path);
  describeInput(summary, opened);
  let sink: CheckSink | undefined;
  const progress = Progress.enabledFor(progressStream, settings.quiet)
    ? new Progress(progressStream, () => summary)
    : undefined;
  try {
    sink = await openCheckSink(
      {
        settings,
        now: now.toISOString(),
        file: opened.source.file,
        ...(opened.source.sheet !== undefined ? { sheet: opened.source.sheet } : {}),
        headers: opened.source.headers,
        delimiter: opened.source.delimiter ?? ",",
        outDir: opened.outDir,
      },
      (counts: ValidationCounts) => {
        addCounts(summary, counts);
      },
      worker,
    );
    logger.info(
      { file: path, format: summary.format, sheet: summary.sheet, encoding: summary.encoding, outDir: summary.outDir },
      "validation started",
    );
    progress?.start();
    try {
      for await (const record of opened.source.records) {
        const busy = sink.push(record);
        if (busy !== undefined) await busy;
      }
    } catch (error: unknown) {
      // The rows read before a broken record are still checked and reported; then the run stops.
      await sink.finish().catch(() => undefined);
      throw error;
    }
    await sink.finish();
    if (summary.rows === 0) logger.warn({ file: path }, "the file has a header row but no data rows");
    summary.exitCode =
      summary.rejected > rejectedLimit(settings.maxRejected, summary.rows)
        ? EXIT_CODES.rejected.code
        : EXIT_CODES.ok.code;
    summary.complete = true;
    summary.durationMs = Date.now() - started;
    await sink.commit(summary);
    await writeManifest(opened.outDir, manifestOf("validate", path, await hashing, settings, now, summary));
    logger.info(summary, "validation finished");
    return summary;
  } catch (error: unknown) {
    const failure = asRunError(error);
    summary.error = { code: failure.code, message: failure.describe() };
    summary.exitCode = failure.exitCode;
    summary.durationMs = Date.now() - started;
    // The reports keep their .partial names; when the checker itself is gone, the summary is still written.
    await (sink?.abandon(summary) ?? Promise.reject(new Error("no checker"))).catch(() =>
      writeJsonAtomic(join(opened.outDir, OUTPUT_FILES.summary), summary).catch(() => undefined),
    );
    await writeManifest(opened.outDir, manifestOf("validate", path, await hashing, settings, now, summary)).catch(
      () => undefined,
    );
    throw failure;
  } finally {
    progress?.stop();
    await sink?.close().catch(() => undefined);
    await opened.source.close().catch(() => undefined);
  }
}

/** The manifest of a run: what ran, on which bytes (SHA-256), with which settings, and how it ended. */
export function manifestOf(
  command: RunRecord["command"],
  path: string,
  sha256: string,
  settings: object,
  startedAt: Date,
  summary: ValidateSummary & { outcomes?: Record<string, number> },
): RunRecord {
  const record: RunRecord = {
    runId: newRunId(startedAt),
    command,
    inputFile: path,
    inputSha256: sha256,
    toolVersion: "",
    settings: publicSettings(settings as Record<string, unknown>),
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + summary.durationMs).toISOString(),
    outDir: summary.outDir,
    counts: {
      rows: summary.rows,
      accepted: summary.accepted,
      rejected: summary.rejected,
      relationship: summary.relationship,
      warnings: summary.warnings,
      ...(summary.outcomes ?? {}),
    },
    exitCode: summary.exitCode,
    complete: summary.complete,
  };
  if (summary.error !== undefined) record.error = summary.error.message;
  return record;
}
