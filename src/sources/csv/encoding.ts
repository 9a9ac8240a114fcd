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
 * else is Windows-1252 (Excel's plain "CSV" save on Western-European Windows). A UTF-16 file without BOM shows as
 * NUL bytes in every other position.
 */
export function detectEncoding(sample: Buffer, isWholeFile: boolean): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: "utf-8", bomLength: 3, certain: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2, certain: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: "utf-16be", bomLength: 2, certain: true };
  const utf16 = guessUtf16WithoutBom(sample);
  if (utf16 !== undefined) return { encoding: utf16, bomLength: 0, certain: false };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    decoder.decode(sample, { stream: !isWholeFile });
    return { encoding: "utf-8", bomLength: 0, certain: false };
  } catch {
    return { encoding: "windows-1252", bomLength: 0, certain: false };
  }
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

/** Whether the given encoding's BOM starts the sample (so that a BOM never ends up in a header name). */
export function bomLengthFor(encoding: string, sample: Buffer): number {
  if (encoding === "utf-8" && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 3;
  if (encoding === "utf-16le" && sample[0] === 0xff && sample[1] === 0xfe) return 2;
  if (encoding === "utf-16be" && sample[0] === 0xfe && sample[1] === 0xff) return 2;
  return 0;
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

  constructor(
    encoding: string,
    private readonly file: string,
  ) {
    // Bytes out: UTF-8 passes through as read (checked, not decoded and encoded again); other encodings as UTF-8.
    super({ decodeStrings: true, readableObjectMode: false });
    if (encoding === "utf-8") this.utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    else this.other = iconv.getDecoder(encoding);
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
    const text = this.other?.write(chunk) ?? "";
    this.track(text);
    callback(null, text);
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
    callback(null, this.other?.end() ?? "");
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
      "bytes that are not valid UTF-8 (the start of the file read as UTF-8); if the file was saved by Excel as plain CSV, run again with --encoding windows-1252",
      { file: this.file, line: this.lines + 1, column: this.column + 1 },
      { cause },
    );
  }
}

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
