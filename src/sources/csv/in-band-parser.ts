import { Parser } from "csv-parse";

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
  /** Set when the record being parsed had a closing quote followed by text (csv-parse then prepends the quote). */
  private relaxedClose = false;

  constructor(options: ConstructorParameters<typeof Parser>[0]) {
    super(options);
    // csv-parse calls `prepend` on its field buffer only where relax_quotes accepts text after a closing quote.
    const field = this.core.state.field;
    const prepend = field.prepend.bind(field);
    field.prepend = (value: unknown) => {
      this.relaxedClose = true;
      return prepend(value);
    };
  }

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
      (record) => {
        if (this.relaxedClose) {
          this.relaxedClose = false;
          BROKEN_QUOTES.add(record as object);
        }
        records.push(record);
      },
      () => undefined,
    );
    if (records.length > 0) this.push(records);
    if (error !== undefined) {
      this.failed = true;
      this.push(new ParseFailure(error));
    }
  }
}
