import { Readable } from "node:stream";
import { Parser } from "csv-parse";
import { describe, expect, it } from "vitest";
import { BROKEN_QUOTES, InBandParser, ParseFailure, type InBandOptions } from "../src/sources/csv/in-band-parser.js";

const options = (delimiter: string, maxRecordSize = 256 * 1024): InBandOptions => ({
  delimiter,
  record_delimiter: ["\r\n", "\n", "\r"],
  relax_column_count: true,
  relax_quotes: true,
  max_record_size: maxRecordSize,
});

interface Parsed {
  /** Each record's fields, with "!" in front when csv-parse saw text after a closing quote in it. */
  records: string[];
  error: string | undefined;
}

/** csv-parse on the whole input at once: what the reader must give, whatever the chunks. */
function reference(input: Buffer, opts: InBandOptions): Parsed {
  const core = (new Parser(opts) as unknown as { api: CoreLike }).api;
  let relaxed = false;
  const field = core.state.field;
  const prepend = field.prepend.bind(field);
  field.prepend = (v: unknown) => {
    relaxed = true;
    return prepend(v);
  };
  const records: string[] = [];
  const error = core.parse(
    input,
    true,
    (r) => {
      records.push(`${relaxed ? "!" : ""}${JSON.stringify(r)}`);
      relaxed = false;
    },
    () => undefined,
  );
  return { records, error: (error as { code?: string } | undefined)?.code };
}

interface CoreLike {
  parse(buf: Buffer, end: boolean, push: (r: unknown) => void, close: () => void): Error | undefined;
  state: { field: { prepend(v: unknown): unknown } };
}

async function inBand(input: Buffer, opts: InBandOptions, chunkSizes: number[]): Promise<Parsed> {
  const chunks: Buffer[] = [];
  for (let at = 0, k = 0; at < input.length; k++) {
    const size = chunkSizes[k % chunkSizes.length] ?? 1;
    chunks.push(input.subarray(at, at + size));
    at += size;
  }
  const records: string[] = [];
  let error: string | undefined;
  for await (const item of Readable.from(chunks).pipe(new InBandParser(opts)) as AsyncIterable<
    unknown[] | ParseFailure
  >) {
    if (item instanceof ParseFailure) {
      error = (item.error as { code?: string }).code;
      continue;
    }
    for (const r of item) records.push(`${BROKEN_QUOTES.has(r as object) ? "!" : ""}${JSON.stringify(r)}`);
  }
  return { records, error };
}

/** A seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces CSV files are made of, broken ones too: quotes in every place, line breaks of every kind, multibyte text. */
const PIECES = ["a", "Müller", "b c", "5", '"', '""', "\n", "\r\n", "\r", " ", "€", "x\ty", "|", ";", ","];

function generate(next: () => number, delimiter: string, length: number): Buffer {
  let text = "";
  while (text.length < length) {
    const r = next();
    if (r < 0.35) text += delimiter;
    else if (r < 0.45) text += "\n";
    else if (r < 0.5) text += `"${PIECES[Math.floor(next() * PIECES.length)] ?? ""}${delimiter}z"`;
    else text += PIECES[Math.floor(next() * PIECES.length)] ?? "";
  }
  return Buffer.from(text, "utf8");
}

describe("InBandParser", () => {
  it.each([
    ["plain lines", "a,b,c\nd,e,f\n"],
    ["CRLF and a last line without a break", "a,b\r\nc,d\r\ne,f"],
    ["empty lines", "a,b\n\n\r\n,\n"],
    ["a quoted field with a comma and a line break", 'a,"b,\nc",d\ne,f\n'],
    ["a quote inside an unquoted field", 'a,5" monitor,b\nc,d\n'],
    ["text after a closing quote", '"Kade 5" loods,b\nc,d\n'],
    ["a bare CR between records", "a,b\rc,d\ne,f\n"],
    ["a CR inside a line before a quote", 'a\r"b",c\nd\n'],
    ["a quote that never closes", 'a,b\n"c,d\ne,f\n'],
    ["a last line that is only a CR", "a,b\n\r"],
    ["multibyte text", "Müller,€,ß\nÅse,Ørsted,Łódź\n"],
  ])("gives what csv-parse gives: %s", async (_name, text) => {
    const input = Buffer.from(text, "utf8");
    const want = reference(input, options(","));
    for (const sizes of [[input.length], [1], [2, 3], [5, 1, 7]]) {
      expect(await inBand(input, options(","), sizes)).toEqual(want);
    }
  });

  it("gives what csv-parse gives on generated files full of quotes, line breaks and broken records, in any chunks", async () => {
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const delimiter = [",", ";", "\t", "|"][seed % 4] ?? ",";
      const input = generate(next, delimiter, 20 + Math.floor(next() * 600));
      // A small record size limit now and then, so that over-long records are met too.
      const opts = options(delimiter, seed % 5 === 0 ? 40 : 256 * 1024);
      const want = reference(input, opts);
      // Now and then a byte or two at a time, so that every CR, LF and quote meets a chunk boundary.
      const sizes =
        seed % 8 === 0
          ? [1, 2]
          : [1 + Math.floor(next() * 64), 1 + Math.floor(next() * 7), 1 + Math.floor(next() * 300)];
      const got = await inBand(input, opts, sizes);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        throw new Error(`seed ${seed}, chunks ${sizes.join("/")}: ${JSON.stringify(input.toString("utf8"))}`);
      }
    }
  });

  it("parses a record whose quoted field goes on over many chunks", async () => {
    const input = Buffer.from(`a,"${"line\n".repeat(2000)}",b\nc,d\n`, "utf8");
    const want = reference(input, options(","));
    expect(await inBand(input, options(","), [64 * 1024])).toEqual(want);
    expect(await inBand(input, options(","), [100])).toEqual(want);
  });

  it("stops on a record over the size limit as csv-parse does, after the records before it", async () => {
    const input = Buffer.from(`a,b\n${"x".repeat(100)}\nc,d\n`, "utf8");
    const got = await inBand(input, options(",", 50), [16]);
    expect(got).toEqual(reference(input, options(",", 50)));
    expect(got.error).toBe("CSV_MAX_RECORD_SIZE");
    expect(got.records).toEqual(['["a","b"]']);
  });

  it("gives the records of a file of bare CRs (Excel for Mac) as the chunks come, not all at its end", async () => {
    const input = Buffer.from("a,b\r".repeat(5000), "utf8");
    expect(await inBand(input, options(","), [1000])).toEqual(reference(input, options(",")));
    const parser = new InBandParser(options(","));
    let items = 0;
    parser.on("data", () => items++);
    for (let at = 0; at < 10_000; at += 1000) parser.write(input.subarray(at, at + 1000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(items).toBeGreaterThan(5);
    parser.destroy();
  });

  it("stops on a line that grows past the size limit without a line break, before the end of the input", async () => {
    const input = Buffer.from(`a,b\n${",".repeat(300)}`, "utf8");
    const got = await inBand(input, options(",", 100), [64]);
    expect(got).toEqual({ records: ['["a","b"]'], error: "CSV_MAX_RECORD_SIZE" });
  });

  it("goes through csv-parse alone for a delimiter of more than one character", async () => {
    const input = Buffer.from('a::b::"c::d"\ne::f\n', "utf8");
    expect(await inBand(input, options("::"), [3])).toEqual(reference(input, options("::")));
  });
});
