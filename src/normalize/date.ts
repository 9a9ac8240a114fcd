const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4})$/;
const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
// Five-digit serials only (1927-05-18 to 2173-10-14): a shorter number such as "2024" is a typo, not a date in 1905.
const SERIAL = /^\d{5}(?:\.\d+)?$/;
const MS_PER_DAY = 86_400_000;
// Excel counts a 29 February 1900 that never was, so for every serial it writes, day 0 falls on 1899-12-30.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * How numeric dates such as 03/05/2024 are read: day first (3 May 2024, as Europe writes them: the default) or month
 * first (March 5, as the US writes them: `--date-order mdy`). ISO dates and spreadsheet date cells need neither.
 */
export type DateOrder = "dmy" | "mdy";
export const DATE_ORDERS = ["dmy", "mdy"] as const satisfies readonly DateOrder[];

/**
 * A date as YYYY-MM-DD from ISO (a time part is dropped), an Excel serial day number (1900 date system), or a numeric
 * date with `-`, `/` or `.` read in `order` (day first by default: dd-mm-yyyy). Undefined when the value is not a date
 * of the calendar.
 */
export function normalizeDate(value: string, order: DateOrder = "dmy"): string | undefined {
  if (isIsoDay(value)) return value;
  let m = ISO.exec(value) ?? YEAR_FIRST.exec(value);
  if (m !== null) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC.exec(value);
  if (m !== null) {
    const [first, second] = order === "dmy" ? [m[1], m[3]] : [m[3], m[1]];
    return ymd(Number(m[4]), Number(second), Number(first));
  }
  if (SERIAL.test(value)) {
    return new Date(EXCEL_EPOCH + Math.floor(Number(value)) * MS_PER_DAY).toISOString().slice(0, 10);
  }
  return undefined;
}

/**
 * Whether `value` is a numeric date written with slashes that reads as two different dates day first and month first
 * (10/01/2026: 10 January or October 1). Slashes only: dashes and dots are European ways of writing a date, day first.
 */
export function isAmbiguousDate(value: string): boolean {
  const m = NUMERIC.exec(value);
  if (m === null || m[2] !== "/") return false;
  const a = Number(m[1]);
  const b = Number(m[3]);
  return a !== b && a >= 1 && a <= 12 && b >= 1 && b <= 12;
}

function ymd(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** Whether `value` is already a valid YYYY-MM-DD (the common case, taken without a regular expression). */
function isIsoDay(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d) return false;
  for (const i of DIGIT_AT) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(Number(value.slice(0, 4)), month);
}
