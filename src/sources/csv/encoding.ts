import { isUtf8 } from "node:buffer";
import { Transform, type TransformCallback } from "node:stream";
import { TextDecoder } from "node:util";
import iconv from "iconv-lite";
import { RunError } from "../../errors/run-error.js";

export interface DetectedEncoding {
  /** Canonical name: utf-8, utf-16le, utf-16be, windows-1252, or one iconv-lite knows. */
  encoding: string;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  /** True when the encoding came from a BOM or the user, false when guessed from the sample. */
  certain: boolean;
}

const ALIASES: Readonly<Record<string, string>> = {
  utf8: "utf-8",
  "utf-8": "utf-8",
  "utf-8-bom": "utf-8",
  utf16le: "utf-16le",
  "utf-16le": "utf-16le",
  "utf-16": "utf-16le",
  utf16be: "utf-16be",
  "utf-16be": "utf-16be",
  cp1252: "windows-1252",
  "windows-1252": "windows-1252",
  win1252: "windows-1252",
  ansi: "windows-1252",
  latin1: "latin1",
  "iso-8859-1": "latin1",
  "iso-8859-15": "iso-8859-15",
};

/** The canonical name of an encoding a user typed, or undefined when neither we nor iconv-lite know it. */
export function canonicalEncoding(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  const known = ALIASES[key];
  if (known !== undefined) return known;
  return iconv.encodingExists(key) ? key : undefined;
}

/**
 * Picks the encoding from a sample of the file's first bytes: a BOM decides; else valid UTF-8 is UTF-8, and anything
 * else is Windows-1252 (Excel's plain "CSV" save on Western-European Windows), or Mac Roman when its lines end in a
 * bare CR (Excel for Mac's "CSV (Macintosh)" save, which writes both: read as Windows-1252 "Amélie" became "AmŽlie").
 * A UTF-16 file without BOM shows as NUL bytes in every other position.
 */
export function detectEncoding(sample: Buffer, isWholeFile: boolean): DetectedEncoding {
  const marked = byteOrderMark(sample);
  if (marked !== undefined) return marked;
  const utf16 = guessUtf16WithoutBom(sample);
  if (utf16 !== undefined) return { encoding: utf16, bomLength: 0, certain: false };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    decoder.decode(sample, { stream: !isWholeFile });
    return { encoding: "utf-8", bomLength: 0, certain: false };
  } catch {
    return { encoding: endsLinesWithBareCr(sample) ? "macintosh" : "windows-1252", bomLength: 0, certain: false };
  }
}

/** Whether the sample has line breaks and every one is a bare CR (no LF anywhere): a classic Mac text file. */
function endsLinesWithBareCr(sample: Buffer): boolean {
  return sample.includes(0x0d) && !sample.includes(0x0a);
}

/** The encoding a byte-order mark at the start of the sample names (UTF-8, UTF-16 LE or BE), if there is one. */
export function byteOrderMark(sample: Buffer): DetectedEncoding | undefined {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: "utf-8", bomLength: 3, certain: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2, certain: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: "utf-16be", bomLength: 2, certain: true };
  return undefined;
}

function guessUtf16WithoutBom(sample: Buffer): string | undefined {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 8) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return "utf-16be";
  return undefined;
}

/**
 * Decodes bytes to text. UTF-8 is decoded strictly: a byte sequence that is not UTF-8 stops the run with the line and
 * column where it stands, never a silent replacement character.
 */
export class DecodeStream extends Transform {
  private readonly utf8: TextDecoder | undefined;
  private readonly other: iconv.DecoderStream | undefined;
  /** Line breaks seen in the text decoded so far, for naming the line of a bad byte. */
  private lines = 0;
  private column = 0;

  /** A single-byte encoding (not UTF-16): a replacement character in its text stands for an undefined byte. */
  private readonly singleByte: boolean;

  constructor(
    private readonly encoding: string,
    private readonly file: string,
  ) {
    // Bytes out: UTF-8 passes through as read (checked, not decoded and encoded again); other encodings as UTF-8.
    super({ decodeStrings: true, readableObjectMode: false });
    if (encoding === "utf-8") this.utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    else this.other = iconv.getDecoder(encoding);
    this.singleByte = !/^utf-?(16|32)/.test(encoding) && !/^ucs-?2/.test(encoding);
  }

  /** The bytes of a character cut off at the end of the last chunk. */
  private carry: Buffer | undefined;

  /** Set when bytes that are not valid turned up; the text before them was passed on, up to its last line break. */
  failure: RunError | undefined;

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.failure !== undefined) {
      callback();
      return;
    }
    if (this.utf8 !== undefined) {
      this.passUtf8(chunk);
      callback();
      return;
    }
    this.passDecoded(this.other?.write(chunk) ?? "", false);
    callback();
  }

  /** A high surrogate that ended the last decoded chunk (its pair may start the next). */
  private pendingSurrogate = "";

  /**
   * Passes decoded text on unless it holds what no valid byte sequence gives: an unpaired UTF-16 surrogate, or the
   * replacement character iconv-lite puts for a byte the single-byte encoding has no character for (0x81 in
   * Windows-1252). Either means the file is damaged or in another encoding: the run stops there, never a silent U+FFFD.
   */
  private passDecoded(decoded: string, last: boolean): void {
    let text = this.pendingSurrogate + decoded;
    this.pendingSurrogate = "";
    const end = text.charCodeAt(text.length - 1);
    if (!last && end >= 0xd800 && end <= 0xdbff) {
      this.pendingSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    const bad = firstInvalid(text, this.singleByte);
    if (bad !== -1) {
      this.badText(text, bad);
      return;
    }
    this.track(text);
    if (text !== "") this.push(text);
  }

  private badText(text: string, at: number): void {
    const before = text.slice(0, at);
    const lastBreak = before.lastIndexOf("\n");
    if (lastBreak !== -1) this.push(before.slice(0, lastBreak + 1));
    this.track(before);
    const what = this.singleByte
      ? `a byte that is no character in ${this.encoding}: the file is in another encoding; run again with the right --encoding (for instance utf-8, iso-8859-15 or macintosh)`
      : `an unpaired UTF-16 surrogate: the file is damaged or not ${this.encoding}`;
    this.failure = new RunError("ENCODING_INVALID", what, {
      file: this.file,
      line: this.lines + 1,
      column: this.column + 1,
    });
  }

  /** Checks UTF-8 bytes natively and passes them on as they are, up to the last whole character. */
  private passUtf8(chunk: Buffer): void {
    const bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    const end = wholeCharacters(bytes);
    const whole = bytes.subarray(0, end);
    if (!isUtf8(whole)) {
      // The strict decoder finds where; the good text before the bad bytes is still passed on.
      try {
        this.utf8?.decode(whole);
      } catch (error: unknown) {
        this.badBytes(whole, error);
      }
      return;
    }
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
    this.trackBytes(whole);
    this.push(whole);
  }

  private trackBytes(bytes: Buffer): void {
    let last = -1;
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) {
      this.lines++;
      last = i;
    }
    const tail = bytes.toString("utf8", last + 1).length;
    this.column = last === -1 ? this.column + tail : tail;
  }

  override _flush(callback: TransformCallback): void {
    if (this.failure !== undefined) {
      callback();
      return;
    }
    if (this.utf8 !== undefined) {
      // A character the file ends in the middle of.
      if (this.carry !== undefined) {
        try {
          this.utf8.decode(this.carry);
        } catch (error: unknown) {
          this.badBytes(this.carry, error);
        }
      }
      callback();
      return;
    }
    this.passDecoded(this.other?.end() ?? "", true);
    callback();
  }

  private track(text: string): void {
    let last = -1;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      this.lines++;
      last = i;
    }
    this.column = last === -1 ? this.column + text.length : text.length - last - 1;
  }

  /**
   * Records where the first bad byte stands and passes on the good text before it up to its last line break, so the
   * records before it are still read and reported; the reader then stops the run with this failure.
   */
  private badBytes(chunk: Buffer, cause: unknown): void {
    const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(chunk);
    const at = lenient.indexOf("\ufffd");
    const before = at === -1 ? lenient : lenient.slice(0, at);
    const lastBreak = before.lastIndexOf("\n");
    if (lastBreak !== -1) this.push(before.slice(0, lastBreak + 1));
    this.track(before);
    this.failure = new RunError(
      "ENCODING_INVALID",
      "bytes that are not valid UTF-8 (the file was read as UTF-8: it starts so, or with a UTF-8 mark); if the file was saved by Excel as plain CSV, run again with --encoding windows-1252",
      { file: this.file, line: this.lines + 1, column: this.column + 1 },
      { cause },
    );
  }
}

/** Index of the first unpaired surrogate (or, for a single-byte encoding, replacement character) in `text`, or -1. */
function firstInvalid(text: string, singleByte: boolean): number {
  return singleByte ? text.indexOf("\ufffd") : text.search(UNPAIRED_SURROGATE);
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The length of `bytes` without a UTF-8 character cut off at its end. */
function wholeCharacters(bytes: Buffer): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return n - i >= size ? n : i;
    }
  }
  return n;
}
