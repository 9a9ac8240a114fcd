import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Logger } from "pino";
import { RunError } from "../errors/run-error.js";
import { mapColumns, type ColumnMapping } from "../mapping/mapping.js";
import { ValidationReports, type CheckedRow } from "../outputs/validation-reports.js";
import type { SourcePosition, SourceRecord } from "../model/source.js";
import { batchesOf, oneByOne, type TableSource } from "../sources/types.js";
import { rowChecker } from "./check-row.js";
import { reserveKeyIndexes, type RunContext } from "./context.js";
import { openSource } from "./open-source.js";
import { canReadInWorker, openSourceInWorker } from "./worker-source.js";
import type { ValidateSettings } from "./settings.js";

/** A timestamp safe in a folder name: 2026-11-25T07-40-12Z. */
export function runStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}

/**
 * The output folder: `--out` as given, where `{timestamp}` and `{date}` become the run's time (so a scheduled run's
 * config can say `"out": "/var/lib/csp-onboard/runs/{timestamp}"`); by default `./csp-onboard-out/<timestamp>/`.
 */
export function outFolder(out: string | undefined, now: Date): string {
  if (out === undefined) return `csp-onboard-out/${runStamp(now)}`;
  return out.replaceAll("{timestamp}", runStamp(now)).replaceAll("{date}", now.toISOString().slice(0, 10));
}

/**
 * Records with nothing in any column a field is read from (only a note beside the table, an unused column's formula
 * filled down below it, an error cell there): no customer, so no row. Counted, and the first few positions kept.
 */
export interface SkippedRecords {
  count: number;
  first: SourcePosition[];
}

const SKIPPED_KEPT = 10;

export interface CheckedInput {
  source: TableSource;
  skipped: SkippedRecords;
  mapping: ColumnMapping;
  outDir: string;
  reports: ValidationReports;
  /** The rows, checked, one at a time: reading waits for the consumer (and for the reports' disk writes). */
  rows: AsyncIterable<CheckedRow>;
  /** The same rows in the groups the reader gives them in (one each when it reads in this thread). Take one of the two. */
  batches: AsyncIterable<CheckedRow[]>;
}

/**
 * Opens the input, maps its columns (a missing column fails here, before any output is written), creates the output
 * folder with the validation reports, and yields every row checked. Shared by `validate` and `import`.
 * `readInWorker`: the file is read and parsed in a worker thread meanwhile (validate; import reads in this thread,
 * its pace is the network's).
 */
export async function openCheckedInput(
  path: string,
  settings: ValidateSettings,
  run: RunContext,
  now: Date,
  logger: Logger,
  readInWorker = false,
): Promise<CheckedInput> {
  const how = {
    encoding: settings.encoding,
    delimiter: settings.delimiter,
    sheet: settings.sheet,
    headerRow: settings.headerRow,
  };
  const source =
    readInWorker && canReadInWorker()
      ? await openSourceInWorker({ path, ...how, columns: settings.columns, hash: true })
      : await openSource(path, { ...how, headerScore: run.headerScore });
  try {
    const mapping = mapColumns(source.headers, run.lookup, source.file, {
      sheet: source.sheet,
      headerRow: source.headerRow,
    });
    source.normalizeWith?.(mapping, settings.defaults);
    reserveKeyIndexes(run.ctx.seen, mapping.columnOf, source.estimatedRows);
    const unused = run.lookup.unusedKeys(source.headers);
    if (unused.length > 0) {
      logger.warn({ keys: unused }, "--columns names columns this file does not have (a typo?): they map nothing");
    }
    if (mapping.unmapped.length > 0) {
      logger.warn({ columns: mapping.unmapped }, "columns not mapped to a field are carried to the reports");
    }
    const outDir = resolve(outFolder(settings.out, now));
    let reports: ValidationReports;
    try {
      await mkdir(outDir, { recursive: true });
      reports = new ValidationReports(outDir, { headers: source.headers, delimiter: source.delimiter ?? "," });
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RunError("OUTPUT_UNWRITABLE", `cannot write the output folder: ${reason}`, { file: outDir });
    }
    const checker = rowChecker(mapping, run.rules, run.ctx, settings.defaults);
    const used = [...mapping.columnOf.values()];
    const skipped: SkippedRecords = { count: 0, first: [] };
    async function* checked(groups: AsyncIterable<SourceRecord[]>): AsyncGenerator<CheckedRow[]> {
      let row = 0;
      for await (const group of groups) {
        const out: CheckedRow[] = [];
        for (const record of group) {
          if (!holdsData(record.values, used)) {
            if (skipped.count++ < SKIPPED_KEPT) skipped.first.push(record.position);
            continue;
          }
          const one = checker.check(record, ++row);
          reports.add(one);
          out.push(one);
        }
        if (reports.needsDrain) await reports.drain();
        yield out;
      }
    }
    // One record a group: `import` takes the rows one at a time, and each is checked only when it is taken.
    async function* rows(): AsyncGenerator<CheckedRow> {
      for await (const group of checked(oneByOne(source.records))) yield* group;
    }
    return { source, skipped, mapping, outDir, reports, rows: rows(), batches: checked(batchesOf(source)) };
  } catch (error: unknown) {
    await source.close().catch(() => undefined);
    throw error;
  }
}

/** Whether any of the `used` columns holds text. */
function holdsData(values: readonly string[], used: readonly number[]): boolean {
  for (const c of used) {
    const v = values[c];
    if (v !== undefined && v.trim() !== "") return true;
  }
  return false;
}

/** Where a skipped record was, in words (`line 12`, `sheet 'Klanten' row 12`). */
export function positionText(p: SourcePosition): string {
  return p.line !== undefined ? `line ${p.line}` : `sheet '${p.sheet ?? ""}' row ${p.sheetRow ?? 0}`;
}
