import { RunError, isRunError, type RunErrorCode, type RunErrorContext } from "../errors/run-error.js";
import type { RecordBatch } from "./batch-checker.js";

/** What the main thread asks of the checking worker. */
export type CheckAsk = { type: "batch"; batch: RecordBatch } | { type: "commit" | "abandon"; summary: object };
export type CheckRequest = CheckAsk & { id: number };

export type CheckReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** An error as it crosses threads: a RunError keeps its code and where; anything else becomes INTERNAL. */
export interface SerializedError {
  code: RunErrorCode;
  message: string;
  context: RunErrorContext;
  /** The underlying error code (ENOSPC, EACCES, ...), when there is one. */
  errno?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (isRunError(error)) return { code: error.code, message: error.message, context: error.context };
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  return {
    code: "INTERNAL",
    message: error instanceof Error ? error.message : String(error),
    context: {},
    ...(typeof errno === "string" ? { errno } : {}),
  };
}

export function deserializeError(e: SerializedError): Error {
  if (e.code !== "INTERNAL") return new RunError(e.code, e.message, e.context);
  // An output error (disk full, permissions) reads as what it is, as in the main thread.
  const error = new Error(e.message) as NodeJS.ErrnoException;
  if (e.errno !== undefined) error.code = e.errno;
  return error;
}
