import type { SourcePosition, SourceProblem, SourceRecord } from "../model/source.js";
import { mapColumns } from "../mapping/mapping.js";
import { ValidationReports } from "../outputs/validation-reports.js";
import { rowChecker, type RowChecker } from "./check-row.js";
import { unwritable } from "./checked-rows.js";
import { prepareRun } from "./context.js";
import { countRow, emptyCounts, type ValidationCounts } from "./counts.js";
import { silentLogger } from "./logger.js";
import type { ValidateSettings } from "./settings.js";

/** What checking needs to start: plain data, so that it can be handed to a worker thread. */
export interface CheckInit {
  settings: ValidateSettings;
  /** The run's clock, ISO 8601 ("today" for date rules). */
  now: string;
  file: string;
  /** XLSX: the sheet read; positions are then sheet rows, else CSV physical lines. */
  sheet?: string;
  headers: string[];
  /** Delimiter of `rejected.csv` (the input's own). */
  delimiter: string;
  outDir: string;
}

/**
 * Records in the compact form posted to a worker: the cells, one position number each (CSV line or sheet row), and
 * the few records with reader problems by index. Row numbers run on from `firstRow`.
 */
export interface RecordBatch {
  firstRow: number;
  values: string[][];
  positions: number[];
  problems: [number, SourceProblem[]][];
}

export function emptyBatch(firstRow: number): RecordBatch {
  return { firstRow, values: [], positions: [], problems: [] };
}

export function addToBatch(batch: RecordBatch, record: SourceRecord): void {
  const p = record.position;
  if (record.problems.length > 0) batch.problems.push([batch.values.length, record.problems]);
  batch.values.push(record.values);
  batch.positions.push(p.line ?? p.sheetRow ?? 0);
}

const NO_PROBLEMS: readonly SourceProblem[] = Object.freeze([]);

/**
 * The checking half of a validation: every row through normalization and the rules, into the reports. It owns the
 * run's key indexes and output files, so it runs in one place only (a worker thread, or the main thread).
 */
export class BatchChecker {
  private constructor(
    private readonly init: CheckInit,
    private readonly checker: RowChecker,
    private readonly reports: ValidationReports,
  ) {}

  static async open(init: CheckInit): Promise<BatchChecker> {
    const run = await prepareRun(init.settings, new Date(init.now), silentLogger());
    const mapping = mapColumns(init.headers, run.lookup, init.file);
    const checker = rowChecker(mapping, run.rules, run.ctx, init.settings.defaults);
    let reports: ValidationReports;
    try {
      reports = new ValidationReports(init.outDir, { headers: init.headers, delimiter: init.delimiter });
    } catch (error: unknown) {
      throw unwritable(init.outDir, error);
    }
    return new BatchChecker(init, checker, reports);
  }

  private position(n: number): SourcePosition {
    const { file, sheet } = this.init;
    return sheet === undefined ? { file, line: n } : { file, sheet, sheetRow: n };
  }

  /** Checks a batch and writes its reports; resolves once the disk has taken them (backpressure). */
  async check(batch: RecordBatch): Promise<ValidationCounts> {
    const counts = emptyCounts();
    let next = 0;
    for (let i = 0; i < batch.values.length; i++) {
      let problems = NO_PROBLEMS as SourceProblem[];
      const flagged = batch.problems[next];
      if (flagged !== undefined && flagged[0] === i) {
        problems = flagged[1];
        next++;
      }
      const record = { values: batch.values[i] ?? [], position: this.position(batch.positions[i] ?? 0), problems };
      const checked = this.checker.check(record, batch.firstRow + i);
      this.reports.add(checked);
      countRow(counts, checked);
    }
    if (this.reports.needsDrain) await this.reports.drain();
    return counts;
  }

  /** Completes the run: the reports get their final names, then the summary is written. */
  async commit(summary: object): Promise<void> {
    await this.reports.commit(summary);
  }

  /** A run that stopped: the reports keep their `.partial` names, the summary says why. */
  async abandon(summary: object): Promise<void> {
    await this.reports.abandon(summary);
  }
}
