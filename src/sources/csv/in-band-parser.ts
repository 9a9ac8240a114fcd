import { Transform, type TransformCallback } from "node:stream";
import { Parser, type Options } from "csv-parse";

/** csv-parse's stream-free core (`parse(buf, end, push, close)`), which its Parser keeps as `api`. */
interface ParserCore {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
  state: { field: { prepend(value: unknown): unknown } };
}

/**
 * Records in which a quoted field "closed" with text right after its closing quote (`"Dorpsstraat 5" achter`,
 * `"Bakkerij "De Zon" B.V."`). csv-parse's `relax_quotes` keeps such text (needed for a quote inside an unquoted field,
 * `5" monitor`), but in a quoted field it means the quotes are broken: the field may have swallowed the lines and
 * records after its opening quote. The reader reports these records instead of passing them off as good.
 */
export const BROKEN_QUOTES = new WeakSet<object>();

/**
 * Records csv-parse parsed (from lines with quotes or carriage returns): only these may hold line breaks, which the
 * reader counts to know the physical line of the next record. A line cut at the delimiter holds none.
 */
export const PARSED_BY_CSV_PARSE = new WeakSet<object>();

/** A parse error delivered in order after the records before it, instead of destroying the stream. */
export class ParseFailure {
  constructor(readonly error: Error) {}
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export type InBandOptions = Options & { delimiter: string; max_record_size: number };

/**
 * Parses CSV bytes (UTF-8) into records, the records of one input chunk going out together as one array (a stream item
 * per record costs more than parsing the record), and a malformed record ending the stream with a `ParseFailure` item
 * rather than an error: a stream error would discard the records parsed just before it, which must still be reported.
 *
 * A line without a quote or a carriage return inside it is one record whose fields are the line cut at the delimiter:
 * csv-parse would give exactly that (no quoting, no escapes, no other record delimiter), and cutting it costs a fifth
 * of csv-parse's byte loop. Every other line, from the record it starts, goes through csv-parse (`parseRegion`), which
 * keeps deciding what quotes, escapes, line breaks inside fields, broken quotes and over-long records mean. A test holds
 * both ways to csv-parse's own stream on generated files full of quotes, line breaks and broken records.
 */
export class InBandParser extends Transform {
  private failed = false;
  /** Bytes after the last complete line, or a record whose quoted field goes on in the next chunk. */
  private carry: Buffer | undefined;
  private core: ParserCore;
  /** Set when the record being parsed had a closing quote followed by text (csv-parse then prepends the quote). */
  private relaxedClose = false;
  /** The records of the region being parsed (thrown away when the region turns out to end inside a quoted field). */
  private pending: unknown[] = [];
  private readonly push1 = (record: unknown): void => {
    PARSED_BY_CSV_PARSE.add(record as object);
    if (this.relaxedClose) {
      this.relaxedClose = false;
      BROKEN_QUOTES.add(record as object);
    }
    this.pending.push(record);
  };
  /** The delimiter when lines may be cut at it: one ASCII character other than a quote or a line break. */
  private readonly cut: string | undefined;
  private readonly maxRecordSize: number;
  /**
   * The buffer being parsed, and its next quote and CR at or after the last position asked about (-1: none left): each
   * byte is looked at once however the lines and regions fall, not once per line that looks ahead.
   */
  private buf: Buffer = Buffer.alloc(0);
  private quote = -1;
  private cr = -1;
  /**
   * The line `scanLine` found last: whether an LF ends it (else the parseable part of the buffer does), where its text
   * ends (`lineEnd`, and `text` without the CR of a CRLF), and where the next line starts. Fields, not an object a line.
   */
  private broken = false;
  private lineEnd = 0;
  private text = 0;
  private next = 0;

  constructor(private readonly options: InBandOptions) {
    // Items are the records of one 64 KiB chunk: two read ahead keep the parser busy without holding much.
    super({ readableObjectMode: true, readableHighWaterMark: 2 });
    // Checks the options up front (csv-parse throws CSV_INVALID_OPTION_* here).
    this.core = this.newCore();
    const d = options.delimiter;
    const code = d.charCodeAt(0);
    this.cut = d.length === 1 && code < 0x80 && code !== QUOTE && code !== LF && code !== CR ? d : undefined;
    this.maxRecordSize = options.max_record_size;
  }

  private newCore(): ParserCore {
    const core = (new Parser(this.options) as unknown as { api: ParserCore }).api;
    // csv-parse calls `prepend` on its field buffer only where relax_quotes accepts text after a closing quote.
    const field = core.state.field;
    const prepend = field.prepend.bind(field);
    field.prepend = (value: unknown) => {
      this.relaxedClose = true;
      return prepend(value);
    };
    return core;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.failed) this.parseChunk(chunk, false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.failed) this.parseChunk(undefined, true);
    callback();
  }

  private parseChunk(chunk: Buffer | undefined, end: boolean): void {
    const carry = this.carry;
    this.carry = undefined;
    const buf = carry === undefined ? chunk : chunk === undefined ? carry : Buffer.concat([carry, chunk]);
    if (buf === undefined || buf.length === 0) return;
    const records: unknown[] = [];
    // What can be parsed now: everything at the end of the input, else the complete lines, which end in an LF or in a
    // CR with something other than an LF after it (a CR last in the buffer may be the first half of a CRLF).
    let limit = buf.length;
    if (!end) {
      limit = buf.lastIndexOf(LF) + 1;
      // (lastIndexOf reads a negative offset from the end: a buffer of one byte has no CR with a byte after it.)
      const cr = buf.length < 2 ? -1 : buf.lastIndexOf(CR, buf.length - 2);
      if (cr >= limit && buf[cr + 1] !== LF) limit = cr + 1;
      if (limit === 0 && buf.length > this.maxRecordSize) {
        // A line larger than the record size limit and not ended yet: an error now, rather than the rest of the file
        // piling up in the carry (a file without line breaks, a quote that never closes in a file of bare CRs).
        this.failed = true;
        const error = Object.assign(new Error(`a line grows past ${this.maxRecordSize} bytes without a line break`), {
          code: "CSV_MAX_RECORD_SIZE",
        });
        this.push(new ParseFailure(error));
        return;
      }
    }
    this.buf = buf;
    const cut = this.cut;
    this.quote = buf.indexOf(QUOTE);
    this.cr = buf.indexOf(CR);
    let pos = 0;
    while (pos < limit) {
      this.scanLine(pos, limit);
      if (cut !== undefined && this.isPlain(pos)) {
        // A last line without a line break and without text is no record (as in csv-parse).
        if (this.broken || this.text > pos) records.push(buf.toString("utf8", pos, this.text).split(cut));
        pos = this.next;
        continue;
      }
      // From this record on, csv-parse: first the lines up to the next plain one, then, when a quoted field goes on
      // past them, all the complete lines there are, and then the next chunk too.
      let regionEnd = this.next;
      while (regionEnd < limit) {
        this.scanLine(regionEnd, limit);
        if (this.isPlain(regionEnd)) break;
        regionEnd = this.next;
      }
      let outcome = this.parseRegion(buf.subarray(pos, regionEnd), end && regionEnd === buf.length);
      if (outcome === "open" && regionEnd < limit) {
        regionEnd = limit;
        outcome = this.parseRegion(buf.subarray(pos, regionEnd), end);
      }
      if (outcome === "open") {
        // A quoted field goes on in the next chunk: the region is parsed again from its start once that has come.
        this.carry = buf.subarray(pos);
        if (records.length > 0) this.push(records);
        return;
      }
      for (const r of this.pending) records.push(r);
      this.pending = [];
      if (outcome instanceof Error) {
        this.failed = true;
        if (records.length > 0) this.push(records);
        this.push(new ParseFailure(outcome));
        return;
      }
      pos = regionEnd;
    }
    if (limit < buf.length) this.carry = buf.subarray(limit);
    if (records.length > 0) this.push(records);
  }

  /** Finds the end of the line starting at `start` (before `limit`): sets `broken`, `lineEnd`, `text` and `next`. */
  private scanLine(start: number, limit: number): void {
    const buf = this.buf;
    const nl = buf.indexOf(LF, start);
    this.broken = nl !== -1 && nl < limit;
    this.lineEnd = this.broken ? nl : limit;
    this.next = this.broken ? nl + 1 : limit;
    // A CR right before the LF is part of the line break.
    this.text = this.broken && this.lineEnd > start && buf[this.lineEnd - 1] === CR ? this.lineEnd - 1 : this.lineEnd;
  }

  /** Whether the line `scanLine` found at `start` holds no quote and no CR before its end: it can be cut. */
  private isPlain(start: number): boolean {
    if (this.cut === undefined || this.lineEnd - start > this.maxRecordSize) return false;
    if (this.quote !== -1 && this.quote < start) this.quote = this.buf.indexOf(QUOTE, start);
    if (this.quote !== -1 && this.quote < this.lineEnd) return false;
    if (this.cr !== -1 && this.cr < start) this.cr = this.buf.indexOf(CR, start);
    return this.cr === -1 || this.cr >= this.text;
  }

  /**
   * Parses whole records (`region` starts where a record starts and ends with a line break, or at the end of the
   * input) with csv-parse, into `pending`. "open": the region ends inside a quoted field, which goes on after it; its
   * records are thrown away, to be parsed again with more. An error: the records before it stay in `pending`.
   */
  private parseRegion(region: Buffer, last: boolean): "done" | "open" | Error {
    this.pending = [];
    this.relaxedClose = false;
    const error = this.core.parse(region, true, this.push1, () => undefined);
    // Parsed to its end (`end` true: it keeps no tail for looking ahead), the core is at a record boundary again.
    if (error === undefined) return "done";
    // The core is in the middle of a record: a new one parses whatever comes next.
    this.core = this.newCore();
    if (!last && (error as { code?: string }).code === "CSV_QUOTE_NOT_CLOSED") {
      this.pending = [];
      return "open";
    }
    return error;
  }
}
