import { FIELDS, type Field } from "../model/fields.js";
import { unescapeCell } from "../mapping/mapping.js";
import { changeJson } from "../outputs/validation-reports.js";
import type { CustomerRecord, OfferLine } from "../model/record.js";
import type { RenderedRecord } from "../model/source.js";

/**
 * The compact form in which a normalized record crosses from the reading thread to the main thread, beside the cells
 * it came from. Most normalized values are the cell's own text (already clean): those cost one number. Others are
 * sent as text, and the few values that are not text (offer lines, reseller lists, yes/no) as JSON. The fields come in
 * the order `normalizeRow` set them, so the rebuilt record is the same object, down to the order of its keys.
 *
 * Per record, in the batch's numbers: the number of fields, then per field `index * 4 + kind`, followed by the column
 * of the cell whose text it is, or by the length of its own text (the texts themselves go into the batch's string).
 */
const SAME_AS_CELL = 0;
const TEXT = 1;
const JSON_TEXT = 2;

const FIELD_INDEX: ReadonlyMap<string, number> = new Map(FIELDS.map((f, i) => [f, i]));

const EMPTY = new Uint8Array(0);

/** Room for the rendered JSON of a batch to begin with (it grows for a batch of unusually long records). */
const BYTES_START = 192 * 1024;

/**
 * Writes records, their cells first, into one growing text and one array of numbers (reused from batch to batch): the
 * reading thread's side of the hand-over. The JSON `accepted.jsonl` holds of each record goes as UTF-8 bytes, into a
 * buffer of its own that is handed over whole (transferred, not copied): the main thread copies those bytes into the
 * file as they are, without decoding them into a string and encoding it again.
 */
export class PackWriter {
  private text = "";
  private numbers = new Uint32Array(16_384);
  private n = 0;
  private bytes = Buffer.allocUnsafeSlow(BYTES_START);
  private used = 0;

  /** Characters written since the last `take`. */
  get size(): number {
    return this.text.length;
  }

  /** Bytes of rendered JSON written since the last `take`. */
  get byteSize(): number {
    return this.used;
  }

  private push(x: number): void {
    if (this.n === this.numbers.length) {
      const larger = new Uint32Array(this.numbers.length * 2);
      larger.set(this.numbers);
      this.numbers = larger;
    }
    this.numbers[this.n++] = x;
  }

  /** A record's cells: their count, then each one's length (the texts go into the text). */
  cells(values: readonly string[]): void {
    this.push(values.length);
    for (const v of values) {
      this.push(v.length);
      this.text += v;
    }
  }

  /**
   * A normalized record of the `cells` written just before (`layout`: see `fieldLayout`). Returns the JSON of its
   * changes, what `changesJson` gives for it, worked out on the way: each text field is compared with its cell here
   * anyway, and by index rather than by a name computed per field (which costs several times more).
   */
  record(record: CustomerRecord, cells: readonly string[], layout: FieldLayout): string {
    const countAt = this.n;
    this.push(0);
    let count = 0;
    changed.length = 0;
    for (const key in record) {
      const value = record[key as keyof CustomerRecord];
      if (value === undefined) continue;
      const index = FIELD_INDEX.get(key);
      if (index === undefined) throw new Error(`a record field that is no input field: ${key}`);
      count++;
      if (typeof value === "string") {
        const column = layout.columns[index] ?? -1;
        const cell = column === -1 ? undefined : cells[column];
        if (cell === value) {
          this.push(index * 4 + SAME_AS_CELL);
          this.push(column);
          continue;
        }
        this.push(index * 4 + TEXT);
        this.push(value.length);
        this.text += value;
        // As read (the raw row's value): the cell, without the escape a fed-back rejected.csv gave it.
        const from = cell === undefined || cell === "" ? undefined : unescapeCell(cell);
        if (from !== undefined && from !== value) {
          changed.push({
            rank: layout.ranks[index] ?? 0,
            json: changeJson(key, from, value),
          });
        }
      } else {
        const json = JSON.stringify(value);
        this.push(index * 4 + JSON_TEXT);
        this.push(json.length);
        this.text += json;
      }
    }
    this.numbers[countAt] = count;
    if (changed.length === 0) return "";
    // In the raw row's order, as `changesJson` gives them (few: sorted in place).
    changed.sort(byRank);
    let out = "";
    for (const c of changed) out += `${out === "" ? "{" : ","}${c.json}`;
    return `${out}}`;
  }

  /**
   * The JSON of the record written just before and of its changes (`changesJson`), for `accepted.jsonl`: their UTF-8
   * bytes, and in the numbers the byte length of each.
   */
  rendered(record: string, changes: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const most = (record.length + changes.length) * 3;
    if (this.used + most > this.bytes.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.used + most));
      this.bytes.copy(larger, 0, 0, this.used);
      this.bytes = larger;
    }
    const r = this.bytes.write(record, this.used, "utf8");
    this.used += r;
    this.push(r);
    const c = changes === "" ? 0 : this.bytes.write(changes, this.used, "utf8");
    this.used += c;
    this.push(c);
  }

  /**
   * What was written (the numbers copied out; the rendered bytes in a buffer of their own, to transfer), and the
   * writer emptied for the next batch.
   */
  take(): { text: string; numbers: Uint32Array; bytes: Uint8Array } {
    // No view of the unused buffer when nothing was rendered: a view crosses threads with its whole buffer.
    const bytes = this.used > 0 ? this.bytes.subarray(0, this.used) : EMPTY;
    const out = { text: this.text, numbers: this.numbers.slice(0, this.n), bytes };
    this.text = "";
    this.n = 0;
    if (this.used > 0) {
      this.bytes = Buffer.allocUnsafeSlow(Math.max(BYTES_START, this.bytes.length));
      this.used = 0;
    }
    return out;
  }
}

/** The changed fields of the record `PackWriter.record` is writing (reused from record to record). */
const changed: { rank: number; json: string }[] = [];
const byRank = (a: { rank: number }, b: { rank: number }): number => a.rank - b.rank;

/**
 * Where each field (by its index in FIELDS) is, for `PackWriter.record`: its column (-1 for none), and its place in
 * the raw row's order of fields (that of `columnOf`, which `rawRowReader` follows).
 */
export interface FieldLayout {
  columns: Int32Array;
  ranks: Int32Array;
}

export function fieldLayout(columnOf: ReadonlyMap<Field, number>): FieldLayout {
  const columns = new Int32Array(FIELDS.length).fill(-1);
  const ranks = new Int32Array(FIELDS.length);
  let rank = 0;
  for (const [field, column] of columnOf) {
    const index = FIELD_INDEX.get(field) ?? 0;
    columns[index] = column;
    ranks[index] = rank++;
  }
  return { columns, ranks };
}

/** Reads back what a `PackWriter` wrote: a cursor over one batch's string and numbers. */
export class PackReader {
  /** Position in the text. */
  private at = 0;
  /** Position in the numbers. */
  private k = 0;
  /** Position in the rendered bytes. */
  private b = 0;

  constructor(
    private readonly text: string,
    private readonly numbers: Uint32Array,
    private readonly bytes: Uint8Array,
  ) {}

  private next(): number {
    return this.numbers[this.k++] ?? 0;
  }

  /** The next `length` characters. */
  private take(length: number): string {
    const start = this.at;
    this.at += length;
    return this.text.slice(start, this.at);
  }

  /** The next record's cells: their count, then each one's length. */
  cells(): string[] {
    const count = this.next();
    const values: string[] = [];
    for (let j = 0; j < count; j++) values.push(this.take(this.next()));
    return values;
  }

  /** The next normalized record, of the cells read just before it. */
  record(cells: readonly string[]): CustomerRecord {
    const record: CustomerRecord = {};
    const count = this.next();
    for (let j = 0; j < count; j++) {
      const code = this.next();
      const kind = code & 3;
      const value: unknown =
        kind === SAME_AS_CELL
          ? cells[this.next()]
          : kind === TEXT
            ? this.take(this.next())
            : (JSON.parse(this.take(this.next())) as unknown);
      SETTERS[code >>> 2]?.(record, value);
    }
    return record;
  }

  /** Where the JSON of the record read just before and of its changes lie in the batch's bytes (`PackWriter.rendered`). */
  rendered(): RenderedRecord {
    const start = this.b;
    const middle = start + this.next();
    const end = middle + this.next();
    this.b = end;
    return { bytes: this.bytes, start, middle, end };
  }
}

type Setter = (record: CustomerRecord, value: unknown) => void;

/**
 * One setter per field, in the order of FIELDS, each storing under its own name. A record built by storing under
 * computed names turns into a slow dictionary after a dozen fields (V8's limit for such stores); one built by named
 * stores stays a fast object like `normalizeRow`'s, which matters to every rule and to JSON.stringify.
 */
const SETTERS: readonly Setter[] = [
  (r, v) => (r.company_name = v as string),
  (r, v) => (r.domain = v as string),
  (r, v) => (r.email = v as string),
  (r, v) => (r.first_name = v as string),
  (r, v) => (r.last_name = v as string),
  (r, v) => (r.phone = v as string),
  (r, v) => (r.address_line1 = v as string),
  (r, v) => (r.address_line2 = v as string),
  (r, v) => (r.city = v as string),
  (r, v) => (r.state = v as string),
  (r, v) => (r.postal_code = v as string),
  (r, v) => (r.country = v as string),
  (r, v) => (r.culture = v as string),
  (r, v) => (r.language = v as string),
  (r, v) => (r.registration_id = v as string),
  (r, v) => (r.external_id = v as string),
  (r, v) => (r.reseller_id = v as string),
  (r, v) => (r.additional_reseller_ids = v as string[]),
  (r, v) => (r.education = v as boolean),
  (r, v) => (r.education_segment = v as string),
  (r, v) => (r.website = v as string),
  () => undefined, // offer_id: input only, the record holds `offers`
  () => undefined, // quantity: likewise
  (r, v) => (r.offers = v as OfferLine[]),
  (r, v) => (r.term_duration = v as string),
  (r, v) => (r.billing_cycle = v as string),
  (r, v) => (r.mca_signer_first_name = v as string),
  (r, v) => (r.mca_signer_last_name = v as string),
  (r, v) => (r.mca_signer_email = v as string),
  (r, v) => (r.mca_signer_phone = v as string),
  (r, v) => (r.mca_accepted_on = v as string),
  (r, v) => (r.customer_tenant_id = v as string),
  (r, v) => (r.enable_gdap_default = v as boolean),
];
