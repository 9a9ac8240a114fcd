/**
 * The reading thread of a validation: opens the CSV or XLSX, finds its header row, and posts the records in batches
 * to the main thread, which checks them meanwhile. It reads ahead only as far as the main thread's credit allows.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildLookup, headerScorer, loadUserMapping } from "../mapping/mapping.js";
import type { SourceRecord } from "../model/source.js";
import { asRunError, openSource } from "./open-source.js";
import {
  serializeRunError,
  type Credit,
  type RecordBatch,
  type SourceMessage,
  type SourceMeta,
  type SourceWorkerData,
} from "./worker-source.js";

const port = parentPort;
if (port === null) throw new Error("source-worker.js runs as a worker thread only");
const data = workerData as SourceWorkerData;

/**
 * Characters per batch. V8 deserializes a message of more than 100 KB straight into the old generation, where the
 * rows would stay until a full collection (memory then grows by tens of megabytes between collections); below that,
 * they die young. 40,000 characters stay under it even as two-byte strings, and make ~50 rows a message.
 */
const BATCH_CHARS = 40_000;

let credit = 0;
let wake: (() => void) | undefined;
port.on("message", (m: Credit) => {
  credit += m.more;
  wake?.();
});

async function creditFor(): Promise<void> {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  credit--;
}

const send = (message: SourceMessage): void => {
  port.postMessage(message);
};

function emptyBatch(): RecordBatch {
  return { values: [], positions: [], problems: [] };
}

/** Adds a record to a batch; returns its size in characters (with a little for each cell's framing). */
function add(batch: RecordBatch, record: SourceRecord): number {
  const p = record.position;
  if (record.problems.length > 0) batch.problems.push([batch.values.length, record.problems]);
  batch.values.push(record.values);
  batch.positions.push(p.line ?? p.sheetRow ?? 0);
  let size = 0;
  for (const v of record.values) size += v.length + 4;
  return size;
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
  };
  send({ type: "opened", meta });
  let batch = emptyBatch();
  let size = 0;
  try {
    for await (const record of source.records) {
      size += add(batch, record);
      if (size >= BATCH_CHARS) {
        await creditFor();
        send({ type: "records", batch });
        batch = emptyBatch();
        size = 0;
      }
    }
  } finally {
    // The records before a broken one still go out, before the error.
    if (batch.values.length > 0) {
      await creditFor();
      send({ type: "records", batch });
    }
    await source.close().catch(() => undefined);
  }
  send({ type: "end" });
}

read().catch((error: unknown) => {
  send({ type: "error", error: serializeRunError(asRunError(error)) });
});
