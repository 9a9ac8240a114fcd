import type { ColumnMapping } from "../mapping/mapping.js";
import type { SourceRecord } from "../model/source.js";
import type { RecordDefaults } from "../normalize/record.js";

/** How a reader finds the header row: the mapping scores a row by how many of its cells are known column names. */
export type HeaderScore = (cells: readonly string[]) => number;

/** An opened table: its header row and its data records, read lazily one at a time. */
export interface TableSource {
  file: string;
  format: "csv" | "xlsx";
  sheet?: string;
  headers: string[];
  /** 1-based physical line (CSV) or sheet row (XLSX) of the header. */
  headerRow: number;
  /** CSV only: the encoding and delimiter used, detected or given. */
  encoding?: string;
  delimiter?: string;
  /** CSV only: about how many rows the file holds (its size at the first megabyte's lines per byte), for sizing. */
  estimatedRows?: number;
  records: AsyncIterable<SourceRecord>;
  /**
   * The same records in the groups the reader has them in (the reading thread's batches), for a consumer that takes
   * many at a time and so saves a wait per record. Iterate this or `records`, not both.
   */
  batches?: AsyncIterable<SourceRecord[]>;
  /**
   * The file's SHA-256 when the reader works it out on the way (the reading thread does, beside parsing); undefined
   * when it does not, or could not finish: the caller then hashes the file itself.
   */
  sha256?: Promise<string | undefined>;
  /**
   * A reader that can normalize the records on its side (the reading thread, on the other core) takes the column
   * mapping and defaults here, before the first record is read; its records then carry `normalized` (when it finds
   * that worth doing: the reading thread does for CSV, not for XLSX).
   */
  normalizeWith?(mapping: ColumnMapping, defaults: RecordDefaults): void;
  close(): Promise<void>;
}

/** The best header among the first rows: the highest score, the first such row on a tie; score 0 = none found. */
export function pickHeader(
  candidates: readonly (readonly string[])[],
  score: HeaderScore,
): { index: number; score: number } {
  let best = { index: -1, score: 0 };
  candidates.forEach((cells, index) => {
    const s = score(cells);
    if (s > best.score) best = { index, score: s };
  });
  return best;
}

/** A source's records in groups: the reader's own batches where it has them, else one record a group. */
export function batchesOf(source: TableSource): AsyncIterable<SourceRecord[]> {
  return source.batches ?? oneByOne(source.records);
}

/** Items one to a group. */
export async function* oneByOne<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}
