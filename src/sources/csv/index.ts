import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import type { CsvError } from "csv-parse";
import iconv from "iconv-lite";
import { RunError, isRunError } from "../../errors/run-error.js";
import type { SourceProblem, SourceRecord } from "../../model/source.js";
import { pickHeader, type HeaderScore, type TableSource } from "../types.js";
import { DecodeStream, byteOrderMark, canonicalEncoding, detectEncoding } from "./encoding.js";
import { detectDelimiter } from "./delimiter.js";
import {
  BROKEN_QUOTES,
  InBandParser,
  PARSED_BY_CSV_PARSE,
  ParseFailure,
  type InBandOptions,
} from "./in-band-parser.js";

export interface CsvOpenOptions {
  /** Overrides the detected encoding. */
  encoding?: string;
  /** Overrides the detected delimiter. */
  delimiter?: string;
  /** 1-based physical line of the header; default: detected among the first records. */
  headerRow?: number;
  headerScore: HeaderScore;
  /** Characters one record may hold; a quote that never closes is caught by this limit. */
  maxRecordSize?: number;
  /** File name shown in positions (default: the path). */
  displayName?: string;
}

/** How many records from the top may hold the header (title rows and blank rows above it are skipped). */
const HEADER_SEARCH_RECORDS = 20;
const SAMPLE_BYTES = 1 << 20;
export const DEFAULT_MAX_RECORD_SIZE = 256 * 1024;

interface ParsedRecord {
  values: string[];
  line: number;
}

/**
 * Opens a CSV for streaming: detects encoding and delimiter from the first megabyte, finds the header row, and yields
 * the data records with their physical line numbers, one at a time (the file is read only as fast as they are taken).
 */
export async function openCsv(path: string, options: CsvOpenOptions): Promise<TableSource> {
  const file = options.displayName ?? path;
  const { sample, whole, size } = await readSample(path, file);

  let encoding: string;
  let bomLength: number;
  if (options.encoding !== undefined) {
    const canonical = canonicalEncoding(options.encoding);
    if (canonical === undefined) throw new RunError("USAGE", `unknown --encoding '${options.encoding}'`);
    // A UTF-16 byte-order mark names the encoding beyond doubt: it wins over a setting (say a config file's
    // windows-1252 the day an Excel "Unicode text" export arrives), which would otherwise read every character as two.
    // A UTF-8 mark is only skipped: a file that has one and still holds Windows-1252 bytes is read as the user says.
    const marked = byteOrderMark(sample);
    encoding = marked !== undefined && marked.encoding !== "utf-8" ? marked.encoding : canonical;
    bomLength = marked?.bomLength ?? 0;
  } else {
    ({ encoding, bomLength } = detectEncoding(sample, whole));
  }

  const sampleText = decodeSample(sample.subarray(bomLength), encoding);
  const delimiter = options.delimiter ?? detectDelimiter(sampleText);
  const estimatedRows = estimateRows(sampleText, sample.length, size, whole);

  const input = createReadStream(path, { start: bomLength, highWaterMark: 64 * 1024 });
  const decoder = new DecodeStream(encoding, file);
  const parserOptions: InBandOptions = {
    delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE,
  };
  const parser = new InBandParser(parserOptions);
  let failure: unknown;
  const piping = pipeline(input, decoder, parser).catch((error: unknown) => {
    failure ??= error;
  });

  const sha256 = hashOnTheWay(input, sample.subarray(0, bomLength));

  const chunks = numbered(parser, file, () => failure ?? decoder.failure);
  const parsed = new RecordPuller(chunks);
  const head: ParsedRecord[] = [];
  let deferred: RunError | undefined;
  let headerIndex: number;
  if (options.headerRow !== undefined) {
    const wanted = options.headerRow;
    for (;;) {
      const next = await parsed.next();
      if (next === undefined)
        throw new RunError("HEADER_NOT_FOUND", `the file has fewer than ${wanted} lines`, { file });
      if (next.line >= wanted) {
        head.push(next);
        break;
      }
    }
    headerIndex = 0;
  } else {
    try {
      while (head.length < HEADER_SEARCH_RECORDS) {
        const next = await parsed.next();
        if (next === undefined) break;
        if (!isBlank(next.values)) head.push(next);
      }
    } catch (error: unknown) {
      // A broken record among the first ones: the rows before it are still read and reported, then the run stops.
      if (head.length === 0) throw error;
      deferred = isRunError(error) ? error : toRunError(error, file, undefined);
    }
    if (head.length === 0) throw new RunError("EMPTY_INPUT", "the file holds no records", { file });
    const best = pickHeader(
      head.map((r) => r.values),
      options.headerScore,
    );
    // With no recognized header at all, the first record is taken so the missing-columns error names what it holds.
    headerIndex = best.index === -1 ? 0 : best.index;
  }
  const header = head[headerIndex];
  if (header === undefined) throw new RunError("HEADER_NOT_FOUND", "no header row found", { file });
  // The records after the header among those read so far, with the rest of the chunk the last one came in.
  const rest = [...head.slice(headerIndex + 1), ...parsed.remainder()];
  // Empty header cells at the end (a spreadsheet's trailing `;;;`) are no columns.
  const headers = withoutTrailingEmpty(header.values);
  // How many fields the file's lines have: the header line's, or more when the data lines all carry trailing
  // delimiters (an exporter ending each line in `;`). A record longer than that has a delimiter too many in a value.
  const width = Math.max(header.values.length, usualFieldCount(rest));

  /**
   * The data records of a chunk (blank ones left out), each with a problem if its field count is not the header's
   * (empty fields past the header's last column do not count) or if its quotes are broken.
   */
  const emit = (chunk: readonly ParsedRecord[]): SourceRecord[] => {
    const out: SourceRecord[] = [];
    for (const r of chunk) {
      if (isBlank(r.values)) continue;
      const problems: SourceProblem[] = [];
      let values = r.values;
      if (values.length > headers.length && values.length <= width) {
        // Fields the file's lines all have, without a header (a sheet saved with a note beside its table, trailing
        // delimiters): values there are beside the columns, as in a workbook, not a sign of a broken record.
        for (let i = headers.length; i < values.length; i++) {
          const v = values[i] ?? "";
          if (v.trim() !== "" && !isPadding(v.trim())) problems.push(besideColumns(i, v, r.line));
        }
        values = values.slice(0, headers.length);
      }
      if (values.length !== headers.length) {
        problems.push({
          kind: "field-count",
          message: `expected ${headers.length} fields as in the header row, found ${values.length}`,
        });
      }
      if (BROKEN_QUOTES.has(r.values)) problems.push(brokenQuotes(r));
      else if (hasQuoteDebris(values)) problems.push(quoteDebris());
      out.push({ values, position: { file, line: r.line }, problems });
    }
    return out;
  };

  async function* batches(): AsyncGenerator<SourceRecord[]> {
    const first = emit(rest);
    if (first.length > 0) yield first;
    if (deferred !== undefined) throw deferred;
    for (;;) {
      const next = await chunks.next();
      if (next.done === true) break;
      const out = emit(next.value);
      if (out.length > 0) yield out;
    }
    await piping;
    if (failure !== undefined) throw toRunError(failure, file, undefined);
  }

  async function* records(): AsyncGenerator<SourceRecord> {
    for await (const batch of batches()) yield* batch;
  }

  return {
    file,
    format: "csv",
    headers,
    headerRow: header.line,
    encoding,
    delimiter,
    estimatedRows,
    sha256,
    records: records(),
    batches: batches(),
    close: async () => {
      input.destroy();
      parser.destroy();
      await piping;
    },
  };
}

/**
 * The file's SHA-256 from the chunks the parser reads (after the byte-order mark skipped by the stream, which comes
 * first): the file is read once, not a second time for the manifest. Undefined when reading stops before the end.
 */
function hashOnTheWay(input: NodeJS.ReadableStream, skipped: Buffer): Promise<string | undefined> {
  const hash = createHash("sha256").update(skipped);
  return new Promise((resolve) => {
    input.on("data", (chunk: Buffer) => hash.update(chunk));
    input.once("end", () => {
      resolve(hash.digest("hex"));
    });
    input.once("close", () => {
      resolve(undefined);
    });
  });
}

/**
 * Numbers records by the physical line they start on (csv-parse's own line counter is not the record's first line),
 * a parsed chunk at a time.
 */
async function* numbered(
  parser: AsyncIterable<string[][] | ParseFailure>,
  file: string,
  failure: () => unknown,
): AsyncGenerator<ParsedRecord[]> {
  let line = 1;
  try {
    for await (const item of parser) {
      if (item instanceof ParseFailure) throw toRunError(item.error, file, line);
      const chunk: ParsedRecord[] = [];
      for (const values of item) {
        chunk.push({ values, line });
        line += PARSED_BY_CSV_PARSE.has(values) ? 1 + lineBreaksIn(values) : 1;
      }
      yield chunk;
    }
  } catch (error: unknown) {
    throw toRunError(failure() ?? error, file, line);
  }
  const late = failure();
  if (late !== undefined) throw toRunError(late, file, line);
}

/** Takes records one at a time from the parsed chunks (to find the header row); `remainder` gives the rest of a chunk. */
class RecordPuller {
  private chunk: ParsedRecord[] = [];
  private at = 0;

  constructor(private readonly chunks: AsyncIterator<ParsedRecord[]>) {}

  async next(): Promise<ParsedRecord | undefined> {
    while (this.at >= this.chunk.length) {
      const next = await this.chunks.next();
      if (next.done === true) return undefined;
      this.chunk = next.value;
      this.at = 0;
    }
    return this.chunk[this.at++];
  }

  remainder(): ParsedRecord[] {
    const rest = this.chunk.slice(this.at);
    this.chunk = [];
    this.at = 0;
    return rest;
  }
}

function lineBreaksIn(values: readonly string[]): number {
  let n = 0;
  for (const v of values) {
    if (v.length === 0 || (v.indexOf("\n") === -1 && v.indexOf("\r") === -1)) continue;
    n += v.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return n;
}

/** Whether every field is empty or white space; NUL and Ctrl-Z (end-of-file padding some programs write) count as such. */
function isBlank(values: readonly string[]): boolean {
  for (const v of values) {
    const t = v.trim();
    if (t !== "" && !isPadding(t)) return false;
  }
  return true;
}

/** Whether trimmed text is nothing but NUL and Ctrl-Z (with white space between): a look at its first character first. */
function isPadding(t: string): boolean {
  const c = t.charCodeAt(0);
  return (c === 0 || c === 0x1a) && PADDING.test(t);
}

// NUL and Ctrl-Z are what it matches on purpose.
// eslint-disable-next-line no-control-regex
const PADDING = /^[\s\0\x1a]*$/;

/** The most common number of fields among the first (non-blank) records, 0 when there are none. */
function usualFieldCount(records: readonly ParsedRecord[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const r of records.slice(0, 200)) {
    if (isBlank(r.values)) continue;
    const n = (counts.get(r.values.length) ?? 0) + 1;
    counts.set(r.values.length, n);
    if (n > bestCount) {
      best = r.values.length;
      bestCount = n;
    }
  }
  return best;
}

function withoutTrailingEmpty(values: readonly string[]): string[] {
  let end = values.length;
  while (end > 1 && (values[end - 1] ?? "").trim() === "") end--;
  return values.slice(0, end);
}

/**
 * Whether a value starts with a quote, holds another, and spans lines or ends in a quote: what a broken quoted field
 * leaves once it has been read (and written back quoted properly, as `rejected.csv` does), so the same record fed back
 * unedited is caught again.
 */
function hasQuoteDebris(values: readonly string[]): boolean {
  for (const v of values) {
    if (v.charCodeAt(0) !== 0x22 || v.indexOf('"', 1) === -1) continue;
    // A quoted name at the start ('"De Zon" Bakkerij') is not debris; one that also spans lines or ends in a quote is.
    if (v.includes("\n") || v.includes("\r") || v.endsWith('"')) return true;
  }
  return false;
}

function besideColumns(index: number, value: string, line: number): SourceProblem {
  return {
    kind: "outside",
    message: `field ${index + 1} of line ${line} holds a value in a column without a header, beside the named columns: it is not read`,
    value,
  };
}

function quoteDebris(): SourceProblem {
  return {
    kind: "quotes",
    message:
      "a value starts with a quote and holds another one, spanning lines or ending in a quote: the remains of broken " +
      "quotes (this record may hold several); fix the value, leaving no quote at its start",
  };
}

function brokenQuotes(r: ParsedRecord): SourceProblem {
  const breaks = lineBreaksIn(r.values);
  const lines = breaks === 0 ? `line ${r.line}` : `lines ${r.line}-${r.line + breaks}`;
  return {
    kind: "quotes",
    message:
      `a quoted field has text after its closing quote, so the quotes of this record (${lines}) are broken and it ` +
      `may hold several records; put the whole field in quotes and double each quote inside it`,
  };
}

function toRunError(error: unknown, file: string, nextLine: number | undefined): RunError {
  if (isRunError(error)) return error;
  const csv = error as Partial<CsvError> & { index?: number };
  const where = { file, ...(nextLine !== undefined ? { line: nextLine } : {}) };
  // csv-parse counts fields, not characters: said as "field N" ("column" means a character position elsewhere).
  const field = typeof csv.index === "number" ? ` (its field ${String(csv.index + 1)})` : "";
  switch (csv.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new RunError(
        "CSV_QUOTE_NOT_CLOSED",
        `a quoted field${field} opens in the record starting here and never closes; fix the quote and run again`,
        where,
      );
    case "CSV_MAX_RECORD_SIZE":
      return new RunError(
        "CSV_RECORD_TOO_LARGE",
        `the record starting here grows past the size limit${field}: most likely a quote that opens here and never closes`,
        where,
      );
    default: {
      if (typeof csv.code === "string" && csv.code.startsWith("CSV_")) {
        return new RunError("CSV_MALFORMED", `${csv.message ?? "malformed record"} (${csv.code})`, where);
      }
      const io = error as NodeJS.ErrnoException;
      return new RunError("INPUT_UNREADABLE", `cannot read the file: ${io.message}`, { file }, { cause: error });
    }
  }
}

/**
 * The rows the file likely holds: its size at the sample's lines per byte (lines, not records: a cell holding line
 * breaks makes it a little high, which is the safe side for the key indexes sized from it).
 */
function estimateRows(sampleText: string, sampleBytes: number, fileBytes: number, whole: boolean): number {
  let lines = 0;
  const brk = sampleText.includes("\n") ? "\n" : "\r";
  for (let i = sampleText.indexOf(brk); i !== -1; i = sampleText.indexOf(brk, i + 1)) lines++;
  if (whole || sampleBytes === 0) return lines + 1;
  return Math.ceil((fileBytes * lines) / sampleBytes);
}

async function readSample(path: string, file: string): Promise<{ sample: Buffer; whole: boolean; size: number }> {
  try {
    const handle = await open(path, "r");
    try {
      const buffer = Buffer.alloc(SAMPLE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
      const { size } = await handle.stat();
      return { sample: buffer.subarray(0, bytesRead), whole: bytesRead < SAMPLE_BYTES, size };
    } finally {
      await handle.close();
    }
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("INPUT_UNREADABLE", `cannot open the file: ${reason}`, { file }, { cause: error });
  }
}

function decodeSample(sample: Buffer, encoding: string): string {
  if (encoding === "utf-8") return new TextDecoder("utf-8", { fatal: false }).decode(sample);
  return iconv.decode(sample, encoding);
}
