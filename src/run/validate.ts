import type { Logger } from "pino";
import { EXIT_CODES } from "../errors/exit-codes.js";
import { openCheckedInput, positionText, type CheckedInput } from "./checked-rows.js";
import { asRunError } from "./open-source.js";
import { countRow, type ValidationCounts } from "./counts.js";
import { prepareRun } from "./context.js";
import { Progress } from "./progress.js";
import { parseSettings, validateSettingsSchema, type ValidateSettingsInput } from "./settings.js";
import { silentLogger } from "./logger.js";
import { rejectedLimit } from "./max-rejected.js";
import { newRunId, publicSettings, writeManifest, type RunRecord } from "./manifest.js";
import { sha256File } from "../util/sha256-file.js";
import { TOOL_VERSION } from "./version.js";

export interface ValidateOptions extends ValidateSettingsInput {
  logger?: Logger;
  /** The clock: "today" for date rules, and the default output folder's name. */
  now?: Date;
  /** Where progress is drawn when it is a TTY (default: stderr). */
  progressStream?: NodeJS.WriteStream;
  /** Read and parse the file in a worker thread while this one checks the rows (default true). */
  readInWorker?: boolean;
}

export type { ValidationCounts };

export interface ValidateSummary extends ValidationCounts {
  file: string;
  format: "csv" | "xlsx";
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  headerRow: number;
  outDir: string;
  unmappedColumns: string[];
  /**
   * Records with nothing in any mapped column (a note beside the table, a formula filled down below it): no customer,
   * so not rows. Absent when there were none.
   */
  skipped?: { records: number; first: string[] };
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

/** Puts the records skipped for holding nothing in the mapped columns into the summary and the log. */
export function noteSkipped(summary: ValidateSummary, input: CheckedInput, logger: Logger): void {
  const { count, first } = input.skipped;
  if (count === 0) return;
  summary.skipped = { records: count, first: first.map(positionText) };
  logger.warn(
    { skipped: summary.skipped },
    "records with nothing in the mapped columns were skipped (a note beside the table, a formula filled down below it)",
  );
}

/** Fills the summary's description of the input once it is open. */
export function describeInput(summary: ValidateSummary, input: CheckedInput): void {
  const s = input.source;
  summary.format = s.format;
  if (s.sheet !== undefined) summary.sheet = s.sheet;
  if (s.encoding !== undefined) summary.encoding = s.encoding;
  if (s.delimiter !== undefined) summary.delimiter = s.delimiter;
  summary.headerRow = s.headerRow;
  summary.outDir = input.outDir;
  summary.unmappedColumns = [...input.mapping.unmapped];
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
    readInWorker = true,
    ...input
  } = options;
  const settings = parseSettings(validateSettingsSchema, input, "settings");
  const run = await prepareRun(settings, now, logger);
  const opened = await openCheckedInput(path, settings, run, now, logger, readInWorker).catch((error: unknown) => {
    throw asRunError(error);
  });
  // For the manifest: hashed by the reading thread beside parsing, else here (a second sequential read of the file).
  const hashing = (opened.source.sha256 ?? Promise.resolve(undefined)).then(
    (sha256) => sha256 ?? sha256File(path).catch(() => ""),
  );
  const summary = emptySummary(path);
  describeInput(summary, opened);
  const progress = Progress.enabledFor(progressStream, settings.quiet)
    ? new Progress(progressStream, () => summary)
    : undefined;
  try {
    logger.info(
      { file: path, format: summary.format, sheet: summary.sheet, encoding: summary.encoding, outDir: summary.outDir },
      "validation started",
    );
    progress?.start();
    for await (const batch of opened.batches) for (const checked of batch) countRow(summary, checked);
    noteSkipped(summary, opened, logger);
    if (summary.rows === 0) logger.warn({ file: path }, "the file has a header row but no data rows");
    summary.exitCode =
      summary.rejected > rejectedLimit(settings.maxRejected, summary.rows)
        ? EXIT_CODES.rejected.code
        : EXIT_CODES.ok.code;
    summary.complete = true;
    summary.durationMs = Date.now() - started;
    await opened.reports.commit(summary);
    await writeManifest(opened.outDir, manifestOf("validate", path, await hashing, settings, now, summary));
    logger.info(summary, "validation finished");
    return summary;
  } catch (error: unknown) {
    const failure = asRunError(error).afterRows(summary.rows);
    summary.error = { code: failure.code, message: failure.describe() };
    summary.exitCode = failure.exitCode;
    summary.durationMs = Date.now() - started;
    await opened.reports.abandon(summary);
    await writeManifest(opened.outDir, manifestOf("validate", path, await hashing, settings, now, summary)).catch(
      () => undefined,
    );
    throw failure;
  } finally {
    progress?.stop();
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
    toolVersion: TOOL_VERSION,
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
