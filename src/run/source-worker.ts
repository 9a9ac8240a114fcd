/**
 * The reading thread of a validation: opens the CSV or XLSX, finds its header row, and posts the records in batches
 * to the main thread, which checks them meanwhile. It reads ahead only as far as the main thread's credit allows. On
 * the way it hashes the file for the manifest and, when the main thread asks (CSV), normalizes each record with the
 * main thread's column mapping, so that the work of a row is shared between the two cores.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildLookup, headerScorer, loadUserMapping, rawRowReader } from "../mapping/mapping.js";
import type { RawRow } from "../model/fields.js";
import { normalizeRow, type RecordDefaults } from "../normalize/record.js";
import { PackWriter, fieldLayout, type FieldLayout } from "./record-transfer.js";
import type { SourceProblem, SourceRecord } from "../model/source.js";
import { sha256File } from "../util/sha256-file.js";
import { batchesOf } from "../sources/types.js";
import { asRunError, openSource } from "./open-source.js";
import {
  serializeRunError,
  type Credit,
  type NormalizeRequest,
  type RecordBatch,
  type SourceMessage,
  type SourceMeta,
  type SourceWorkerData,
} from "./worker-source.js";

const port = parentPort;
if (port === null) throw new Error("source-worker.js runs as a worker thread only");
const data = workerData as SourceWorkerData;

/**
 * Characters per batch. V8 deserializes a string of more than 100 KB straight into the old generation, where the
 * rows cut from it would stay until a full collection (memory then grows by tens of megabytes between collections);
 * below that, they die young. 40,000 characters stay under it even as two-byte strings, and make ~150 rows a message.
 */
const BATCH_CHARS = 40_000;
/** Bytes of rendered JSON per batch (outside the heap, handed over whole): ~150 rows. */
const BATCH_BYTES = 96 * 1024;

let credit = 0;
let normalizeRequest: NormalizeRequest | undefined;
let wake: (() => void) | undefined;
port.on("message", (m: Credit) => {
  credit += m.more;
  if (m.normalize !== undefined) normalizeRequest = m.normalize;
  wake?.();
});

/** Waits until the main thread has given credit, without taking it. */
async function credited(): Promise<void> {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
}

async function creditFor(): Promise<void> {
  await credited();
  credit--;
}

const send = (message: SourceMessage): void => {
  // A batch's rendered bytes are handed over, not copied (their buffer is the batch's own, see `PackWriter.take`).
  if (message.type === "records" && message.batch.bytes.byteLength > 0) {
    port.postMessage(message, [message.batch.bytes.buffer as ArrayBuffer]);
  } else {
    port.postMessage(message);
  }
};

/** Records gathered for one message (see `RecordBatch`), with their normalized records when asked for. */
class BatchBuilder {
  private readonly writer = new PackWriter();
  private positions: number[] = [];
  private problems: [number, SourceProblem[]][] = [];
  /** Whether this batch's records get their JSON written here (see `rendersNext`). */
  rendering = true;

  constructor(private readonly normalizer: Normalizer | undefined) {}

  get count(): number {
    return this.positions.length;
  }

  /** Whether the batch is big enough to go: characters in its text, or bytes of rendered JSON. */
  get full(): boolean {
    return this.writer.size >= BATCH_CHARS || this.writer.byteSize >= BATCH_BYTES;
  }

  add(record: SourceRecord): void {
    const p = record.position;
    const values = record.values;
    if (record.problems.length > 0) this.problems.push([this.positions.length, record.problems]);
    this.positions.push(p.line ?? p.sheetRow ?? 0);
    this.writer.cells(values);
    const n = this.normalizer;
    if (n === undefined) return;
    const raw = n.raw(values);
    const normalized = normalizeRow(raw, n.defaults);
    const changes = this.writer.record(normalized, values, n.layout);
    // The JSON `accepted.jsonl` holds of it, written here when the main thread is the busier one.
    if (this.rendering) this.writer.rendered(JSON.stringify(normalized), changes);
  }

  /** The batch, and the builder emptied for the next one. */
  take(): RecordBatch {
    const batch: RecordBatch = {
      ...this.writer.take(),
      positions: new Uint32Array(this.positions),
      problems: this.problems,
      rendered: this.normalizer !== undefined && this.rendering,
    };
    this.positions = [];
    this.problems = [];
    return batch;
  }
}

interface Normalizer {
  raw: (values: readonly string[]) => RawRow;
  layout: FieldLayout;
  defaults: RecordDefaults;
}

function normalizerFor(request: NormalizeRequest | undefined): Normalizer | undefined {
  if (request === undefined) return undefined;
  const columnOf = new Map(request.columnOf);
  return { raw: rawRowReader({ columnOf }), layout: fieldLayout(columnOf), defaults: request.defaults };
}

async function read(): Promise<void> {
  const lookup = buildLookup(data.columns !== undefined ? await loadUserMapping(data.columns) : {});
  const source = await openSource(data.path, {
    encoding: data.encoding,
    delimiter: data.delimiter,
    sheet: data.sheet,
    headerRow: data.headerRow,
    headerScore: headerScorer(lookup),
  });
  const meta: SourceMeta = {
    file: source.file,
    format: source.format,
    headers: source.headers,
    headerRow: source.headerRow,
    ...(source.sheet !== undefined ? { sheet: source.sheet } : {}),
    ...(source.encoding !== undefined ? { encoding: source.encoding } : {}),
    ...(source.delimiter !== undefined ? { delimiter: source.delimiter } : {}),
    ...(source.estimatedRows !== undefined ? { estimatedRows: source.estimatedRows } : {}),
  };
  send({ type: "opened", meta });
  // A CSV is hashed from the chunks it is parsed from; a workbook is read a second time, mostly from the page cache.
  const hashing =
    data.hash === true
      ? (source.sha256 ?? Promise.resolve(undefined)).then((sha256) => sha256 ?? sha256File(data.path))
      : undefined;
  hashing?.catch(() => undefined);
  // The first credit says whether to normalize too: it comes once the main thread has mapped the columns.
  await credited();
  const batch = new BatchBuilder(normalizerFor(normalizeRequest));
  batch.rendering = data.render !== "none";
  let sent = 0;
  /**
   * Whether the next batch's JSON is written here: when the main thread has a batch still waiting (it is the busier
   * thread), or always when told so. Otherwise it is left to the main thread, which then has the time: so the work
   * moves to whichever thread has room, batch by batch.
   */
  const rendersNext = (): boolean =>
    data.render === "all" ||
    (data.render !== "none" && (data.taken === undefined || sent - Atomics.load(data.taken, 0) >= 1));
  try {
    for await (const group of batchesOf(source)) {
      for (const record of group) {
        batch.add(record);
        if (batch.full) {
          await creditFor();
          send({ type: "records", batch: batch.take() });
          sent++;
          batch.rendering = rendersNext();
        }
      }
    }
  } finally {
    // The records before a broken one still go out, before the error.
    if (batch.count > 0) {
      await creditFor();
      send({ type: "records", batch: batch.take() });
    }
    await source.close().catch(() => undefined);
  }
  const sha256 = await hashing?.catch(() => undefined);
  if (sha256 !== undefined) send({ type: "hashed", sha256 });
  send({ type: "end" });
}

read().catch((error: unknown) => {
  send({ type: "error", error: serializeRunError(asRunError(error)) });
});
