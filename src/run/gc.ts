import { setFlagsFromString } from "node:v8";

/**
 * Keeps row data in V8's young generation. V8 moves an allocation site to the old generation when it sees most of
 * its objects survive a few collections; while a validation streams rows from the reading thread, the sites that make
 * each row's objects get that verdict, and then every row lands in the old generation and stays there until a full
 * collection: memory grows by a hundred megabytes and more between them, and the run slows down. Rows live for a few
 * hundred rows' time only, so the young generation is the right place for them. Process-wide; set by the CLI at
 * start (a program that calls `validateFile` on large files can call this once too).
 */
export function keepRowsYoung(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
