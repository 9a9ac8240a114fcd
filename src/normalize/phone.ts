import examples from "libphonenumber-js/mobile/examples";
import {
  getCountryCallingCode,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from "libphonenumber-js/max";
import { fastE164, fastPlan } from "./phone-plan.js";

const DIGITS = /^\d+$/;
const INTERNATIONAL = /^(?:\+|00)/;

/**
 * E.164 form of a phone number, read with the row's country as the default region ("06-12345678" in NL ->
 * "+31612345678"). A number must be valid for that country (by libphonenumber's full metadata; numbering plans shared
 * by several countries, such as +44 or +1, count as the country's). A number a spreadsheet stored as a number, and so
 * lost its leading zero, is recovered when only the zero-prefixed reading is valid ("212345678" in IT ->
 * "+390212345678"). Without a known country only an international number (+ or 00) can be read.
 * Undefined when the value is not a valid number for the country.
 */
export function normalizePhone(value: string, country: string | undefined): string | undefined {
  const region = country !== undefined && isSupportedCountry(country) ? country : undefined;
  if (region === undefined) {
    if (!INTERNATIONAL.test(value)) return undefined;
    const parsed = parsePhoneNumberFromString(value);
    return parsed?.isValid() === true ? parsed.number : undefined;
  }
  const plan = fastPlan(region);
  const fast = plan === undefined ? undefined : fastE164(plan, value);
  if (fast !== undefined) return fast;
  const parsed = parsePhoneNumberFromString(value, region);
  if (parsed !== undefined && validFor(parsed, region)) return parsed.number;
  if (DIGITS.test(value)) {
    const recovered = parsePhoneNumberFromString(`0${value}`, region);
    if (recovered !== undefined && validFor(recovered, region)) return recovered.number;
  }
  return undefined;
}

/** Why `value` is not a valid phone number for `country`, for a report: another country's number, or not valid. */
export function describePhoneProblem(value: string, country: string | undefined): string {
  const region = country !== undefined && isSupportedCountry(country) ? country : undefined;
  const parsed = region === undefined ? parsePhoneNumberFromString(value) : parsePhoneNumberFromString(value, region);
  if (region !== undefined && parsed?.isValid() === true && !validFor(parsed, region)) {
    return `'${value}' is a number of ${parsed.country ?? `+${parsed.countryCallingCode}`}, not of ${region}`;
  }
  return `'${value}' is not a valid phone number${region === undefined ? "" : ` for ${region}`}`;
}

function validFor(phone: PhoneNumber, region: CountryCode): boolean {
  return phone.countryCallingCode === callingCode(region) && phone.isValid();
}

const CALLING_CODES = new Map<CountryCode, string>();
function callingCode(region: CountryCode): string {
  let code = CALLING_CODES.get(region);
  if (code === undefined) {
    code = getCountryCallingCode(region);
    CALLING_CODES.set(region, code);
  }
  return code;
}

/** An example number of `country` in international format ("+31 6 12345678"), for messages; undefined if none. */
export function examplePhone(country: string): string | undefined {
  return isSupportedCountry(country) ? getExampleNumber(country, examples)?.formatInternational() : undefined;
}
