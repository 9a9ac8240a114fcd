/**
 * How a number cell is shown, reduced to what matters for input data: a date, a time of day, an integer padded with
 * zeros (`00000` for postal codes) or set in a pattern of digits and literal text (`00000-0000`, `"NL"000000000"B01"`),
 * a percentage, or the plain number. Thousands separators, currency brackets and a leading caption (`"Tel. "0`) are not
 * applied: the plain digits are the value the importer wants.
 */
export type NumberDisplay =
  | { kind: "number" }
  | { kind: "date"; showsTime: boolean }
  | { kind: "time" }
  | { kind: "zero-padded"; width: number }
  /**
   * A whole number in a pattern of digit placeholders and literal text, in format-code notation: `0` is a digit or
   * zero, `#` a digit, any other character is shown as it is, and `\` shows the next one as it is (`\0` a literal
   * zero). `00000-0000` (US ZIP+4), `00-000` (Polish postal code), `\0#########` (a Dutch phone number). `negative` and
   * `zero` are the format's own sections for those values, when it has them.
   */
  | { kind: "digits"; pattern: string; negative?: string; zero?: string }
  | { kind: "percent"; decimals: number };

type DigitsDisplay = Extract<NumberDisplay, { kind: "digits" }>;

const PLAIN: NumberDisplay = { kind: "number" };

// Built-in formats (ECMA-376 part 1, 18.8.30): 14-17 and 22 are dates, 18-21 and 45-47 times; 27-36 and 50-58 are
// the East Asian date formats Excel writes for those locales.
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);
const BUILTIN_DATETIME_IDS = new Set([22]);
const BUILTIN_TIME_IDS = new Set([18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56]);

/** The display of a number format, by id and (for custom formats or overridden built-ins) code. */
export function numberDisplay(numFmtId: number, formatCode: string | undefined): NumberDisplay {
  if (formatCode !== undefined) return classifyFormatCode(formatCode);
  if (BUILTIN_DATE_IDS.has(numFmtId)) return { kind: "date", showsTime: false };
  if (BUILTIN_DATETIME_IDS.has(numFmtId)) return { kind: "date", showsTime: true };
  if (BUILTIN_TIME_IDS.has(numFmtId)) return { kind: "time" };
  if (numFmtId === 1) return { kind: "zero-padded", width: 1 };
  // 9 and 10: `0%` and `0.00%`, what Excel's % button writes.
  if (numFmtId === 9) return { kind: "percent", decimals: 0 };
  if (numFmtId === 10) return { kind: "percent", decimals: 2 };
  return PLAIN;
}

/** Classifies a format code such as `dd-mm-yyyy`, `[$-413]d mmmm yyyy;@`, `dd\-mm\-yyyy\ hh:mm`, `00000`. */
export function classifyFormatCode(code: string): NumberDisplay {
  const sections = formatSections(code);
  const section = sections[0] ?? "";
  // Drop what is shown literally or is no format letter: quoted text, escaped and fill/padding characters,
  // brackets (colours, locales, conditions) except the elapsed-time brackets [h] [mm] [ss].
  const stripped = section
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/[_*]./g, "")
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, "")
    .toLowerCase()
    .replace(/general/g, "");
  const hasDate = /[yd]/.test(stripped) || (/m/.test(stripped) && !/[hs]/.test(stripped));
  const hasTime = /[hs]/.test(stripped) || /a\/p|am\/pm/.test(stripped);
  if (hasDate) return { kind: "date", showsTime: hasTime };
  if (hasTime) return { kind: "time" };
  // A format with conditions (`[<=9999999]###-####;(###) ###-####`) picks its section by the value: not applied.
  const conditional = /\[[<>=]/.test(code);
  const digits = conditional ? undefined : digitsDisplay(sections);
  if (digits !== undefined) return digits;
  // `0%`, `0.00%`, `#,##0%`: the thousands separator is not applied.
  const percent = /^(?:#[#,]*)?0(?:\.(0+))?%$/.exec(stripped.trim());
  if (percent !== null) return { kind: "percent", decimals: percent[1]?.length ?? 0 };
  return PLAIN;
}

/**
 * The display of a format whose first section is a whole-number pattern (see `sectionPattern`). Its negative and zero
 * sections (positive;negative;zero;text) are kept when they are patterns too and differ from what the first section
 * shows; sections that are no pattern are ignored. A bare pattern that shows a whole number as it is (`0`, `#,##0`) is
 * the plain number, one of zeros alone (`00000`) zero-padding.
 */
function digitsDisplay(sections: readonly string[]): NumberDisplay | undefined {
  const [positive, negative, zero] = sections.slice(0, 3).map(sectionPattern);
  if (positive === undefined || !patternChars(positive).some((c) => c.placeholder)) return undefined;
  const extra = {
    ...(negative !== undefined && negative !== `-${positive}` ? { negative } : {}),
    ...(zero !== undefined && zero !== positive ? { zero } : {}),
  };
  if (Object.keys(extra).length === 0) {
    if (/^0+$/.test(positive)) return { kind: "zero-padded", width: positive.length };
    if (/^#*0$/.test(positive)) return PLAIN;
  }
  return { kind: "digits", pattern: positive, ...extra };
}

/** Characters a format code shows as they are without quotes or a backslash. */
const PLAIN_LITERALS = " -()/:+$";

/**
 * A format section as a digit pattern (see `NumberDisplay`): digit placeholders (`0`, `#`, and `?` taken as `#`),
 * quoted and escaped text, and the characters shown as they are (`-`, space, `(`, `)`, `/`, `:`, `+`, `$`). Colour and
 * locale brackets, padding (`_x`) and fill (`*x`) are left out, and so are thousands separators between placeholders.
 * A leading caption, the literal text before the first placeholder up to its last space (`"Tel. "0`), is left out too.
 * Undefined for anything else: decimals, fractions, exponents, scaling, text (`@`), letters outside quotes.
 */
function sectionPattern(section: string): string | undefined {
  if (/[0#?]\s*\/\s*[0-9#?]/.test(section)) return undefined; // a fraction, `# ?/?`
  let pattern = "";
  let seenPlaceholder = false;
  for (let i = 0; i < section.length; i++) {
    const c = section.charAt(i);
    if (c === "0" || c === "#" || c === "?") {
      if (!seenPlaceholder) pattern = pattern.replace(/^.*\s/, ""); // a leading caption
      seenPlaceholder = true;
      pattern += c === "?" ? "#" : c;
    } else if (c === ",") {
      // A thousands separator between placeholders; one after the last scales the number by 1000.
      if (!/[0#?]/.test(section.charAt(i - 1)) || !/[0#?]/.test(section.charAt(i + 1))) return undefined;
    } else if (c === '"') {
      const end = section.indexOf('"', i + 1);
      if (end < 0) return undefined;
      pattern += escapeLiteral(section.slice(i + 1, end));
      i = end;
    } else if (c === "\\" || c === "_" || c === "*") {
      if (c === "\\") pattern += escapeLiteral(section.charAt(i + 1));
      i++;
    } else if (c === "[") {
      const end = section.indexOf("]", i);
      if (end < 0) return undefined;
      i = end;
    } else if (PLAIN_LITERALS.includes(c)) {
      pattern += c;
    } else {
      return undefined;
    }
  }
  return pattern.trim();
}

function escapeLiteral(text: string): string {
  return text.replace(/[0#\\]/g, "\\$&");
}

/**
 * A whole number (0 or more) set in a digit pattern as Excel does: digits fill the placeholders from the right, extra
 * ones go in the first. 0 has no digits of its own, so `#` shows nothing for it and `0` a zero.
 */
function fillDigits(value: number, pattern: string): string {
  const chars = patternChars(pattern);
  const digits = value === 0 ? "" : String(value);
  const first = chars.findIndex((c) => c.placeholder);
  let next = digits.length; // the digits still to place are digits.slice(0, next)
  let out = "";
  for (const [i, { char, placeholder }] of [...chars.entries()].reverse()) {
    if (!placeholder) {
      out = char + out;
    } else if (i === first) {
      const rest = digits.slice(0, next);
      out = (rest === "" && char === "0" ? "0" : rest) + out;
      next = 0;
    } else if (next > 0) {
      out = digits.charAt(--next) + out;
    } else if (char === "0") {
      out = "0" + out;
    }
  }
  return out.trim();
}

/** The characters of a digit pattern, each a placeholder (`0`, `#`) or a literal. */
function patternChars(pattern: string): { char: string; placeholder: boolean }[] {
  const chars: { char: string; placeholder: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") chars.push({ char: pattern.charAt(++i), placeholder: false });
    else chars.push({ char: c, placeholder: c === "0" || c === "#" });
  }
  return chars;
}

/** A whole number in a digits display: the zero or negative section when the format has one, else the pattern. */
function digitsText(value: number, display: DigitsDisplay): string {
  if (value === 0 && display.zero !== undefined) return fillDigits(0, display.zero);
  if (value >= 0) return fillDigits(value, display.pattern);
  // Excel shows a negative section without the minus sign, and the first section with one in front.
  if (display.negative !== undefined) return fillDigits(-value, display.negative);
  return `-${fillDigits(-value, display.pattern)}`;
}

/** The sections of a format code, split at the semicolons outside quotes and escapes. */
function formatSections(code: string): string[] {
  const sections: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === "\\" && !inQuotes) i++;
    else if (c === ";" && !inQuotes) {
      sections.push(code.slice(start, i));
      start = i + 1;
    }
  }
  sections.push(code.slice(start));
  return sections;
}

/** The text a user sees for a number cell's stored value (`<v>`), under the cell's number format. */
export function numberText(raw: string, display: NumberDisplay, date1904: boolean): string {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) return raw;
  const whole = Number.isInteger(value) && Math.abs(value) < 1e15;
  switch (display.kind) {
    case "date":
      return serialToIso(value, date1904, display.showsTime) ?? plainNumber(value);
    case "time":
      return serialToTime(value) ?? plainNumber(value);
    case "zero-padded":
      return whole
        ? `${value < 0 ? "-" : ""}${String(Math.abs(value)).padStart(display.width, "0")}`
        : plainNumber(value);
    case "digits":
      return whole ? digitsText(value, display) : plainNumber(value);
    case "percent":
      return `${(value * 100).toFixed(display.decimals)}%`;
    case "number":
      return plainNumber(value);
  }
}

/**
 * A number as Excel shows it in a wide General column: 15 significant digits (Excel's precision), so binary float
 * noise disappears (0.1+0.2 -> "0.3"), and never in exponent notation (31612345678 stays "31612345678").
 */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const [mantissa = "0", exponentText = "0"] = Math.abs(value).toExponential(14).split("e");
  const digits = mantissa.replace(".", "").replace(/0+$/, "") || "0";
  const exponent = Number(exponentText);
  let text: string;
  if (exponent >= 0) {
    const whole = digits.padEnd(exponent + 1, "0");
    const integer = whole.slice(0, exponent + 1);
    const fraction = whole.slice(exponent + 1);
    text = fraction === "" ? integer : `${integer}.${fraction}`;
  } else {
    text = `0.${"0".repeat(-exponent - 1)}${digits}`;
  }
  return value < 0 ? `-${text}` : text;
}

const MS_PER_DAY = 86_400_000;
const EPOCH_1904 = Date.UTC(1904, 0, 1);
const LAST_SERIAL = 2_958_465; // 9999-12-31 in the 1900 system

/**
 * An Excel date serial as an ISO date (`2024-03-15`), with the time (`2024-03-20T14:30:00`) when `withTime` and the
 * time is not midnight. The 1900 system counts the non-existent 1900-02-29 (Lotus' bug, kept by Excel) as day 60, and
 * its day 0 is shown as Excel shows it, `1900-01-00` (no date: the date rules reject it). Returns undefined for serials
 * that are no date (negative, past 9999).
 */
export function serialToIso(serial: number, date1904: boolean, withTime: boolean): string | undefined {
  if (serial < 0 || serial > LAST_SERIAL) return undefined;
  // A time is shown rounded to the second (23:59:59.6 shows as the next day's 00:00:00, as in Excel); a date alone is
  // the day the moment falls in (a CRM's 23:59:59.999 stays that day), float noise of a millisecond aside.
  const totalSeconds = withTime ? Math.round(serial * 86_400) : Math.floor(Math.round(serial * MS_PER_DAY) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const seconds = totalSeconds - days * 86_400;
  // Day 0 of the 1900 system is what Excel shows for a 0 in a date cell (an empty lookup's result): no date.
  if (days === 0 && !date1904) return withTime && seconds > 0 ? `1900-01-00T${clock(seconds)}` : "1900-01-00";
  let ms: number;
  if (date1904) ms = EPOCH_1904 + days * MS_PER_DAY;
  else if (days >= 61) ms = Date.UTC(1899, 11, 30) + days * MS_PER_DAY;
  else ms = Date.UTC(1899, 11, 31) + days * MS_PER_DAY;
  const date = new Date(ms).toISOString().slice(0, 10);
  return withTime && seconds > 0 ? `${date}T${clock(seconds)}` : date;
}

function serialToTime(serial: number): string | undefined {
  if (serial < 0) return undefined;
  const seconds = Math.round(serial * 86_400) % 86_400;
  return clock(seconds);
}

function clock(seconds: number): string {
  const hh = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = seconds % 60;
  return [hh, mm, ss].map((n) => String(n).padStart(2, "0")).join(":");
}

/** A `t="d"` cell (ISO 8601 text, as strict OOXML writers store dates) as an ISO date, time only when not midnight. */
export function isoCellText(raw: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?Z?)?$/.exec(raw.trim());
  if (!match?.[1]) return raw;
  const time = match[2];
  if (time === undefined || /^00:00(:00)?$/.test(time)) return match[1];
  return `${match[1]}T${time.length === 5 ? `${time}:00` : time}`;
}

/**
 * Decodes OOXML's `_xHHHH_` escapes (Excel writes a carriage return as `_x000D_`, a literal `_x` as `_x005F_x`), and
 * reduces a text that is nothing but a `mailto:` link to its address, as a hyperlink cell typed that way shows it.
 */
export function stringCellText(raw: string): string {
  const text = raw.includes("_x") ? raw.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => decodeHex(hex)) : raw;
  const mailto = /^\s*mailto:([^?\s]+)(?:\?\S*)?\s*$/i.exec(text);
  if (mailto?.[1] !== undefined) {
    try {
      return decodeURIComponent(mailto[1]);
    } catch {
      return mailto[1];
    }
  }
  return text;
}

function decodeHex(hex: string): string {
  return String.fromCharCode(parseInt(hex, 16));
}

/** 0-based column index of a cell reference's letters (`B7` -> 1, `AA1` -> 26); -1 when there are none. */
export function columnIndex(ref: string): number {
  let index = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    const upper = code >= 97 ? code - 32 : code;
    if (upper < 65 || upper > 90) break;
    index = index * 26 + (upper - 64);
  }
  return i === 0 ? -1 : index - 1;
}

/** Column letters of a 0-based index (1 -> `B`). */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
