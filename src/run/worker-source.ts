import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { RunError, isRunError, type RunErrorCode, type RunErrorContext } from "../errors/run-error.js";
import type { SourcePosition, SourceProblem, SourceRecord } from "../model/source.js";
import type { TableSource } from "../sources/types.js";
import type { Field } from "../model/fields.js";
import type { RecordDefaults } from "../normalize/record.js";
import { PackReader } from "./record-transfer.js";

/** What the reading thread needs: the file, how to read it, and the column names to find the header row with. */
export interface SourceWorkerData {
  path: string;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  sheet?: string | number | undefined;
  headerRow?: number | undefined;
  /** The user's --columns mapping file, for recognizing the header row. */
  columns?: string | undefined;
  /** Work out the file's SHA-256 too (beside parsing, so the main thread need not). */
  hash?: boolean;
  /**
   * Which batches get their records' JSON written in the reading thread: by default (`balanced`) those it starts while
   * the main thread still has a batch waiting; `all` and `none` for tests.
   */
  render?: "balanced" | "all" | "none";
  /**
   * One counter, shared: the batches the main thread has taken so far. The reading thread reads it to see at once how
   * far behind the main thread is (a message would wait for its event loop, which a busy parser seldom returns to).
   */
  taken?: Int32Array;
}

/** The opened table as the reading thread describes it (what can cross threads: no records, promises or functions). */
export type SourceMeta = Omit<TableSource, "records" | "batches" | "sha256" | "normalizeWith" | "close">;

/**
 * Records in the compact form they cross threads in: every cell of the batch in one string, a cell count and the cell
 * lengths per record, a position number per record, the few problems by record index. One string and two typed
 * arrays cost a quarter of an array of string arrays to copy between threads (measured: 0.6 µs a row to receive
 * instead of 2.6 µs, and 1 µs to send instead of 2.3 µs).
 */
export interface RecordBatch {
  text: string;
  /** The UTF-8 JSON of the normalized records and their changes, when `rendered` (see `PackWriter.rendered`). */
  bytes: Uint8Array;
  /** Whether the records come with their JSON; else the main thread writes it (it had the time). */
  rendered: boolean;
  /**
   * Per record: its number of cells, then the length of each; then its normalized record when the main thread asked
   * for them (see `PackWriter`).
   */
  numbers: Uint32Array;
  /** Per record: the physical line (CSV) or sheet row (XLSX). */
  positions: Uint32Array;
  problems: [number, SourceProblem[]][];
}

export interface SerializedRunError {
  code: RunErrorCode;
  message: string;
  context: RunErrorContext;
}

export type SourceMessage =
  | { type: "opened"; meta: SourceMeta }
  | { type: "records"; batch: RecordBatch }
  | { type: "hashed"; sha256: string }
  | { type: "end" }
  | { type: "error"; error: SerializedRunError };

/** Main thread to reader: read this many more batches ahead (the first credit may ask for normalized records). */
export interface Credit {
  more: number;
  normalize?: NormalizeRequest;
}

/** The main thread's column mapping (field to column) and record defaults, for normalizing in the reading thread. */
export interface NormalizeRequest {
  columnOf: [Field, number][];
  defaults: RecordDefaults;
}

export function serializeRunError(error: RunError): SerializedRunError {
  return { code: error.code, message: error.message, context: error.context };
}

/**
 * Batches (~150 rows each) the reader may be ahead by. Two keep the checker fed; more would keep rows alive across
 * two young-generation collections, which moves them to the old generation (memory then swings by a hundred
 * megabytes between full collections).
 */
const BATCHES_AHEAD = 2;

const WORKER_FILE = fileURLToPath(new URL("./source-worker.js", import.meta.url));

/** Whether the reading thread can be started (the compiled `source-worker.js` is there, not so when run from sources). */
export function canReadInWorker(): boolean {
  return existsSync(WORKER_FILE);
}

/**
 * Opens a CSV or XLSX in a worker thread that reads, decodes and parses it while this thread checks the rows: the
 * same `TableSource` as `openSource` gives, on two cores. The reader stays at most a few batches ahead.
 */
export async function openSourceInWorker(data: SourceWorkerData): Promise<TableSource> {
  // The reading thread keeps little alive (a few batches): a young generation half V8's default saves ~10-20 MB.
  const taken = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_FILE, {
    workerData: { ...data, taken } satisfies SourceWorkerData,
    resourceLimits: { maxYoungGenerationSizeMb: 24 },
  });
  const inbox = new Inbox(worker);
  let hashed: (sha256: string | undefined) => void = () => undefined;
  const sha256 = new Promise<string | undefined>((resolve) => (hashed = resolve));
  inbox.onHashed = hashed;
  const first = await inbox.next();
  if (first.type !== "opened") {
    await worker.terminate();
    throw first.type === "error"
      ? toRunError(first.error)
      : new RunError("INTERNAL", "the reading thread sent no table");
  }
  const meta = first.meta;
  let normalize: NormalizeRequest | undefined;
  const position = (n: number): SourcePosition =>
    meta.sheet === undefined ? { file: meta.file, line: n } : { file: meta.file, sheet: meta.sheet, sheetRow: n };

  async function* batches(): AsyncGenerator<SourceRecord[]> {
    // The first credit goes once reading starts, after `normalizeWith` had its chance.
    worker.postMessage({ more: BATCHES_AHEAD, ...(normalize !== undefined ? { normalize } : {}) } satisfies Credit);
    const normalized = normalize !== undefined;
    for (;;) {
      const message = await inbox.next();
      if (message.type === "end") return;
      if (message.type === "error") throw toRunError(message.error);
      if (message.type !== "records") continue;
      worker.postMessage({ more: 1 } satisfies Credit);
      Atomics.add(taken, 0, 1);
      const { text, numbers, bytes, positions, problems, rendered } = message.batch;
      const reader = new PackReader(text, numbers, bytes);
      const batch: SourceRecord[] = [];
      let flagged = 0;
      for (let i = 0; i < positions.length; i++) {
        let recordProblems: SourceProblem[] = [];
        const p = problems[flagged];
        if (p !== undefined && p[0] === i) {
          recordProblems = p[1];
          flagged++;
        }
        const values = reader.cells();
        const record: SourceRecord = { values, position: position(positions[i] ?? 0), problems: recordProblems };
        if (normalized) {
          record.normalized = reader.record(values);
          if (rendered) record.rendered = reader.rendered();
        }
        batch.push(record);
      }
      yield batch;
    }
  }

  async function* records(): AsyncGenerator<SourceRecord> {
    for await (const batch of batches()) yield* batch;
  }

  return {
    ...meta,
    records: records(),
    batches: batches(),
    ...(data.hash === true ? { sha256 } : {}),
    normalizeWith: (mapping, defaults) => {
      // CSV only: reading an XLSX (unzipping, XML) is already the heavier half, and the checks the lighter one.
      if (meta.format === "csv") normalize = { columnOf: [...mapping.columnOf], defaults };
    },
    close: async () => {
      inbox.closed = true;
      await worker.terminate();
      // A reader stopped before it finished hashing leaves the hash to the caller.
      hashed(undefined);
    },
  };
}

function toRunError(e: SerializedRunError): RunError {
  return new RunError(e.code, e.message, e.context);
}

/** The worker's messages in order, awaited one at a time; a crash of the worker arrives as an error message. */
class Inbox {
  private readonly queue: SourceMessage[] = [];
  private waiting: ((m: SourceMessage) => void) | undefined;
  closed = false;
  /** Takes the file's hash whenever it comes, between records or after them. */
  onHashed: (sha256: string | undefined) => void = () => undefined;

  constructor(worker: Worker) {
    worker.on("message", (m: SourceMessage) => {
      this.deliver(m);
    });
    worker.on("error", (error: Error) => {
      const failure = isRunError(error)
        ? error
        : new RunError("INTERNAL", `the reading thread failed: ${error.message}`);
      this.deliver({ type: "error", error: serializeRunError(failure) });
    });
    worker.on("exit", (code) => {
      if (this.closed) return;
      this.deliver({
        type: "error",
        error: serializeRunError(new RunError("INTERNAL", `the reading thread ended (exit code ${code})`)),
      });
    });
  }

  private deliver(m: SourceMessage): void {
    if (m.type === "hashed") {
      this.onHashed(m.sha256);
      return;
    }
    // The hash comes before the end; after an error none comes.
    if (m.type === "end" || m.type === "error") this.onHashed(undefined);
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      waiting(m);
    } else {
      this.queue.push(m);
    }
  }

  next(): Promise<SourceMessage> {
    const m = this.queue.shift();
    if (m !== undefined) return Promise.resolve(m);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}
