import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { SourceRecord } from "../model/source.js";
import { RunError } from "../errors/run-error.js";
import { addToBatch, BatchChecker, emptyBatch, type CheckInit, type RecordBatch } from "./batch-checker.js";
import { deserializeError, type CheckAsk, type CheckReply, type CheckRequest } from "./check-protocol.js";
import type { ValidationCounts } from "./counts.js";

/**
 * Where the rows a validation reads go to be checked and reported. `push` returns a promise only when the caller must
 * wait (the checker is busy or the disk is behind): reading pauses until then, so nothing piles up in memory.
 */
export interface CheckSink {
  push(record: SourceRecord): Promise<void> | undefined;
  /** Waits until every row pushed is checked and reported; throws what checking failed with. */
  finish(): Promise<void>;
  commit(summary: object): Promise<void>;
  abandon(summary: object): Promise<void>;
  close(): Promise<void>;
}

type OnCounts = (counts: ValidationCounts) => void;

/** Rows per batch: large enough that posting costs little per row, small enough to keep memory flat. */
const WORKER_BATCH = 512;
/** Batches on their way or being checked: the worker never waits for the reader, the reader never runs far ahead. */
const WORKER_IN_FLIGHT = 4;
const THREAD_BATCH = 64;

const WORKER_FILE = fileURLToPath(new URL("./check-worker.js", import.meta.url));

/**
 * A checker in a worker thread when the compiled worker is there (the built CLI and library), else in this thread
 * (running from the TypeScript sources, as the unit tests do). Both run the same `BatchChecker`.
 */
export async function openCheckSink(init: CheckInit, onCounts: OnCounts, worker = true): Promise<CheckSink> {
  if (worker && existsSync(WORKER_FILE)) return WorkerSink.start(init, onCounts);
  return new ThreadSink(await BatchChecker.open(init), onCounts);
}

/** Checks in this thread, in small batches. */
class ThreadSink implements CheckSink {
  private batch: RecordBatch = emptyBatch(1);
  private rows = 0;

  constructor(
    private readonly checker: BatchChecker,
    private readonly onCounts: OnCounts,
  ) {}

  push(record: SourceRecord): Promise<void> | undefined {
    addToBatch(this.batch, record);
    this.rows++;
    return this.batch.values.length >= THREAD_BATCH ? this.flush() : undefined;
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = emptyBatch(this.rows + 1);
    if (batch.values.length > 0) this.onCounts(await this.checker.check(batch));
  }

  finish(): Promise<void> {
    return this.flush();
  }

  commit(summary: object): Promise<void> {
    return this.checker.commit(summary);
  }

  abandon(summary: object): Promise<void> {
    return this.checker.abandon(summary);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Checks in a worker thread: this thread reads and batches, the worker checks and writes the reports. */
class WorkerSink implements CheckSink {
  private batch: RecordBatch = emptyBatch(1);
  private rows = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Batches posted and not yet answered, oldest first. */
  private readonly inFlight: Promise<unknown>[] = [];
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly onCounts: OnCounts,
  ) {
    worker.on("message", (reply: CheckReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(deserializeError(reply.error));
    });
    worker.on("error", (error) => {
      this.fail(new RunError("INTERNAL", `the checking thread failed: ${error.message}`, {}, { cause: error }));
    });
    worker.on("exit", (code) => {
      this.fail(new RunError("INTERNAL", `the checking thread ended (exit code ${code})`));
    });
  }

  static start(init: CheckInit, onCounts: OnCounts): WorkerSink {
    return new WorkerSink(new Worker(WORKER_FILE, { workerData: init }), onCounts);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private request(request: CheckAsk): Promise<unknown> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
    this.worker.postMessage({ ...request, id } satisfies CheckRequest);
    return answer;
  }

  push(record: SourceRecord): Promise<void> | undefined {
    addToBatch(this.batch, record);
    this.rows++;
    if (this.batch.values.length < WORKER_BATCH) return undefined;
    this.post();
    return this.inFlight.length >= WORKER_IN_FLIGHT ? this.settleOldest() : undefined;
  }

  private post(): void {
    const batch = this.batch;
    this.batch = emptyBatch(this.rows + 1);
    if (batch.values.length === 0) return;
    const answer = this.request({ type: "batch", batch }).then((counts) => {
      this.onCounts(counts as ValidationCounts);
    });
    // Awaited in order by settleOldest; handled here too so that a failure is never an unhandled rejection.
    answer.catch(() => undefined);
    this.inFlight.push(answer);
  }

  private async settleOldest(): Promise<void> {
    await this.inFlight.shift();
  }

  async finish(): Promise<void> {
    this.post();
    while (this.inFlight.length > 0) await this.settleOldest();
  }

  async commit(summary: object): Promise<void> {
    await this.request({ type: "commit", summary });
  }

  async abandon(summary: object): Promise<void> {
    await this.request({ type: "abandon", summary });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}
