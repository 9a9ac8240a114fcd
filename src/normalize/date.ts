const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
// Five-digit serials only (1927-05-18 to 2173-10-14): a shorter number such as "2024" is a typo, not a date in 1905.
const SERIAL = /^\d{5}(?:\.\d+)?$/;
const MS_PER_DAY = 86_400_000;
// Excel counts a 29 February 1900 that never was, so for every serial it writes, day 0 falls on 1899-12-30.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date as YYYY-MM-DD from ISO (a time part is dropped), an Excel serial day number (1900 date system), or
 * dd-mm-yyyy, dd/mm/yyyy and dd.mm.yyyy. A date such as 03/05/2024 is read day first (3 May 2024): the product's users
 * are European, and a US month-first date cannot be told apart; ISO is unambiguous and preferred. Undefined when the
 * value is not a date of the calendar.
 */
export function normalizeDate(value: string): string | undefined {
  if (isIsoDay(value)) return value;
  let m = ISO.exec(value) ?? YEAR_FIRST.exec(value);
  if (m !== null) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_FIRST.exec(value);
  if (m !== null) return ymd(Number(m[3]), Number(m[2]), Number(m[1]));
  if (SERIAL.test(value)) {
    return new Date(EXCEL_EPOCH + Math.floor(Number(value)) * MS_PER_DAY).toISOString().slice(0, 10);
  }
  return undefined;
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
