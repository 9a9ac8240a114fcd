// Checksums stdnum lacks or gets wrong, each from the public specification named beside it.
// Every function takes a value already normalized (upper case, no separators) and of the right shape.

/** A check's outcome: true when valid, otherwise why not (completes "the <type> ..."). */
export type CheckResult = true | string;

export const CHECK_DIGIT = "check digit does not match";

/** Modulo with a non-negative result, as the specifications (and Python) compute it. */
function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

function digit(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

function weighted(s: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digit(s, i) * (weights[i] ?? 0);
  return sum;
}

/** Luhn (ISO/IEC 7812-1 annex B) over the whole value, check digit last. */
export function luhn(s: string): boolean {
  let sum = 0;
  for (let i = s.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digit(s, i);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function twoDigits(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

/**
 * Kazakhstan BIN and IIN check digit (Ministry of Finance order on the national identification numbers):
 * weights 1..11 modulo 11; a result of 10 is recomputed with weights 3..11,1,2; a second 10 means the number is unused.
 */
function kzCheckDigit(s: string): boolean {
  let sum = weighted(s, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) % 11;
  if (sum === 10) sum = weighted(s, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11;
  return sum !== 10 && sum === digit(s, 11);
}

/** KZ BIN: YYMM of registration, entity type 4-6, unit 0-3, 5-digit serial, check digit. */
export function kzBin(s: string): CheckResult {
  const month = twoDigits(s, 2);
  if (month < 1 || month > 12) return "month of registration (3rd-4th digits) is not 01-12";
  if (!"0123".includes(s.charAt(5))) return "6th digit (head office, branch, office) is not 0-3";
  return kzCheckDigit(s) || CHECK_DIGIT;
}

/** KZ IIN: YYMMDD birth date, century and sex digit 0-6, 4-digit serial, check digit. */
export function kzIin(s: string): CheckResult {
  const centuryDigit = digit(s, 6);
  // 1-2: 1800s, 3-4: 1900s, 5-6: 2000s (odd male, even female); 0 is used for some foreign residents.
  const century = centuryDigit === 0 ? 1900 : 1700 + Math.ceil(centuryDigit / 2) * 100;
  if (!isDate(century + twoDigits(s, 0), twoDigits(s, 2), twoDigits(s, 4))) return "birth date is impossible";
  return kzCheckDigit(s) || CHECK_DIGIT;
}

/** Bulgarian EGN: birth date (month +20 for 1800s, +40 for 2000s) and weighted check digit (python-stdnum bg.egn). */
export function bgEgn(s: string): CheckResult {
  let year = 1900 + twoDigits(s, 0);
  let month = twoDigits(s, 2);
  if (month > 40) {
    year += 100;
    month -= 40;
  } else if (month > 20) {
    year -= 100;
    month -= 20;
  }
  if (!isDate(year, month, twoDigits(s, 4))) return "birth date is impossible";
  return (weighted(s, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === digit(s, 9) || CHECK_DIGIT;
}

function bgPnf(s: string): boolean {
  return weighted(s, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 === digit(s, 9);
}

/** Bulgarian VAT: 9 digits for legal entities, 10 for persons (EGN, PNF) and others (python-stdnum bg.vat). */
export function bgVat(s: string): CheckResult {
  if (s.length === 9) {
    let check = weighted(s, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
    if (check === 10) check = weighted(s, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
    return check % 10 === digit(s, 8) || CHECK_DIGIT;
  }
  if (bgEgn(s) === true || bgPnf(s)) return true;
  return (11 - (weighted(s, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11 === digit(s, 9) || CHECK_DIGIT;
}

/** Czech DIČ: 8 digits for legal entities, 9 digits starting with 6 for persons without a birth number. */
export function czDicSpecial(s: string): CheckResult {
  if (s.length === 8) {
    if (s.startsWith("9")) return "8-digit number starting with 9 is not issued";
    const check = mod(11 - weighted(s, [8, 7, 6, 5, 4, 3, 2]), 11);
    return (check === 0 ? 1 : check) % 10 === digit(s, 7) || CHECK_DIGIT;
  }
  const check = weighted(s.slice(1), [8, 7, 6, 5, 4, 3, 2]) % 11;
  return mod(8 - ((10 - check) % 11), 10) === digit(s, 8) || CHECK_DIGIT;
}

/** Slovak IČ DPH: first digit not 0, third digit 2, 3, 4, 7, 8 or 9, divisible by 11 (python-stdnum sk.dph). */
export function skDph(s: string): CheckResult {
  if (s.startsWith("0") || !"234789".includes(s.charAt(2))) return "3rd digit is not 2, 3, 4, 7, 8 or 9";
  return Number(s) % 11 === 0 || CHECK_DIGIT;
}

/** Hungarian adószám core (törzsszám): weights 9,7,3,1 modulo 10. */
export function huCore(s: string): CheckResult {
  return weighted(s, [9, 7, 3, 1, 9, 7, 3, 1]) % 10 === 0 || CHECK_DIGIT;
}

// NAV county codes: 02-20 the counties, 22 Budapest, 41-44 the Budapest and large-taxpayer directorates, 51.
const HU_COUNTY = /^(0[2-9]|1\d|20|22|4[1-4]|51)$/;

/** Hungarian adószám, 11 digits: törzsszám (8), VAT status 1-5, county code (NAV, Art. 16 of the tax procedure act). */
export function huAdoszam(s: string): CheckResult {
  const core = huCore(s.slice(0, 8));
  if (core !== true) return core;
  if (!"12345".includes(s.charAt(8))) return "9th digit (VAT status) is not 1-5";
  return HU_COUNTY.test(s.slice(9)) || "last two digits are not a county code";
}

/** Hungarian adóazonosító jel (a person's tax ID): 8, then Σ i·dᵢ (i = 1..9) modulo 11 as the 10th digit. */
export function huAdoazonosito(s: string): CheckResult {
  return weighted(s, [1, 2, 3, 4, 5, 6, 7, 8, 9]) % 11 === digit(s, 9) || CHECK_DIGIT;
}

const GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
// GST state codes 01-38 (38 Ladakh), 97 other territory, 99 centre jurisdiction.
const GSTIN_STATE = /^(0[1-9]|[12]\d|3[0-8]|97|99)$/;

/** Indian GSTIN: state code, the holder's PAN, entity number, Z, and a base-36 Luhn-style check character (CBIC). */
export function inGstin(s: string): CheckResult {
  if (!GSTIN_STATE.test(s.slice(0, 2))) return "first two digits are not a GST state code";
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = GSTIN_ALPHABET.indexOf(s.charAt(i)) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return GSTIN_ALPHABET.charAt((36 - (sum % 36)) % 36) === s.charAt(14) || "check character does not match";
}

const HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY";

/** Finnish henkilötunnus DDMMYY[century sign]NNNC, with or without the sign: DDMMYYNNN modulo 31. */
export function fiHetu(s: string): CheckResult {
  const digits = s.length === 11 ? s.slice(0, 6) + s.slice(7, 10) : s.slice(0, 9);
  const check = s.charAt(s.length - 1);
  if (!isDate(2000, twoDigits(digits, 2), twoDigits(digits, 0))) return "birth date is impossible";
  return HETU_CHECK.charAt(Number(digits) % 31) === check || "check character does not match";
}

/** Swedish personnummer (10 or 12 digits): birth date (day +60 for a coordination number) and Luhn on the last 10. */
export function sePersonnummer(s: string): CheckResult {
  const ten = s.slice(-10);
  const day = twoDigits(ten, 4);
  if (!isDate(2000, twoDigits(ten, 2), day > 60 ? day - 60 : day)) return "birth date is impossible";
  return luhn(ten) || CHECK_DIGIT;
}

/** A date written DDMMYYYY at position `at`, as in Kyrgyz identification numbers. */
export function ddmmyyyy(s: string, at: number): boolean {
  return isDate(Number(s.slice(at + 4, at + 8)), twoDigits(s, at + 2), twoDigits(s, at));
}

/** Uzbek PINFL: century and sex digit 1-6, then the birth date DDMMYY. */
export function uzPinfl(s: string): CheckResult {
  const century = 1700 + Math.ceil(digit(s, 0) / 2) * 100;
  return isDate(century + twoDigits(s, 5), twoDigits(s, 3), twoDigits(s, 1)) || "birth date is impossible";
}

/** Dutch 11-test (elfproef) shared by BSN and RSIN: Σ (9..2)·dᵢ − d₉ divisible by 11. */
export function elfproef(s: string): boolean {
  return (weighted(s, [9, 8, 7, 6, 5, 4, 3, 2]) - digit(s, 8)) % 11 === 0;
}
