import { Parser } from "csv-parse";

/** csv-parse's stream-free core (`parse(buf, end, push, close)`), which its Parser keeps as `api`. */
interface ParserCore {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
}

/** A parse error delivered in order after the records before it, instead of destroying the stream. */
export class ParseFailure {
  constructor(readonly error: Error) {}
}

/**
 * csv-parse's Parser, but (1) the records of one input chunk go out together as one array (a stream item per record
 * costs more than parsing the record), and (2) a malformed record ends the stream with a `ParseFailure` item rather
 * than an error: a stream error would discard the records parsed just before it, which must still be reported.
 */
export class InBandParser extends Parser {
  private failed = false;

  private get core(): ParserCore {
    return (this as unknown as { api: ParserCore }).api;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.failed) this.parseChunk(chunk, false);
    callback();
  }

  override _flush(callback: (error?: Error | null) => void): void {
    if (!this.failed) this.parseChunk(undefined, true);
    callback();
  }

  private parseChunk(chunk: Buffer | undefined, end: boolean): void {
    const records: unknown[] = [];
    const error = this.core.parse(
      chunk,
      end,
      (record) => records.push(record),
      () => undefined,
    );
    if (records.length > 0) this.push(records);
    if (error !== undefined) {
      this.failed = true;
      this.push(new ParseFailure(error));
    }
  }
}
