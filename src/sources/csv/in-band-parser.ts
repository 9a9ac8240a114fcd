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
 * csv-parse's Parser, but a malformed record ends the stream with a `ParseFailure` item rather than an error: a
 * stream error would discard the records parsed just before it, which must still be reported.
 */
export class InBandParser extends Parser {
  private failed = false;

  private get core(): ParserCore {
    return (this as unknown as { api: ParserCore }).api;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.failed) {
      callback();
      return;
    }
    const error = this.core.parse(
      chunk,
      false,
      (record) => this.push(record),
      () => undefined,
    );
    if (error !== undefined) this.fail(error);
    callback();
  }

  override _flush(callback: (error?: Error | null) => void): void {
    if (!this.failed) {
      const error = this.core.parse(
        undefined,
        true,
        (record) => this.push(record),
        () => undefined,
      );
      if (error !== undefined) this.fail(error);
    }
    callback();
  }

  private fail(error: Error): void {
    this.failed = true;
    this.push(new ParseFailure(error));
  }
}
