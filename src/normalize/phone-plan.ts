import { Metadata, type CountryCode } from "libphonenumber-js/max";

/**
 * A fast path for the common phone number (digits with spaces, dashes, dots or slashes; national with the trunk
 * prefix, or international with + or 00), worked out from libphonenumber's own full metadata with its regular
 * expressions compiled once per country. libphonenumber's parser builds its regular expressions anew on every call,
 * which makes it the costliest step of a row. The fast path answers only when the number is valid for the country;
 * anything else (letters, extensions, brackets, carrier codes, countries with special trunk rules, shared numbering
 * plans other than their main country) goes to libphonenumber itself, and a test checks on generated numbers of
 * every country that both agree.
 */

/** The parts of libphonenumber's numbering plan this uses (present at run time, missing from its typings). */
interface PlanApi {
  callingCode(): string;
  IDDPrefix(): string | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefix(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  hasTypes(): boolean;
  type(t: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

/** Number types in the order libphonenumber's `getNumberType` tries them. */
const TYPES = [
  "FIXED_LINE",
  "MOBILE",
  "PREMIUM_RATE",
  "TOLL_FREE",
  "SHARED_COST",
  "VOIP",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
] as const;

interface TypePattern {
  pattern: RegExp;
  lengths: readonly number[] | undefined;
}

export interface FastPlan {
  callingCode: string;
  /** The trunk prefix ("0"), when the country has a plain one. */
  trunk: string | undefined;
  /** Other prefixes libphonenumber strips (GB: "180020", a carrier's): a number starting with one is its to read. */
  otherPrefixes: readonly string[];
  /** Whether "00" starts an international number here. */
  idd00: boolean;
  general: RegExp;
  types: readonly TypePattern[] | undefined;
}

const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);

function planOf(country: CountryCode): FastPlan | undefined {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan as unknown as PlanApi | undefined;
  if (plan === undefined) return undefined;
  const callingCode = plan.callingCode();
  // In a shared numbering plan (+1, +44, +7, ...) only the main country is read the same way by libphonenumber.
  const sharing = (
    metadata as unknown as { getCountryCodesForCallingCode(c: string): string[] | undefined }
  ).getCountryCodesForCallingCode(callingCode);
  if (sharing !== undefined && sharing[0] !== country) return undefined;
  // The compact metadata writes 0 for an absent entry.
  const trunk = plan.nationalPrefix() || undefined;
  const forParsing = plan.nationalPrefixForParsing() || undefined;
  // Trunk rules beyond a plain prefix (carrier codes, transformations) are libphonenumber's to apply.
  if (plan.nationalPrefixTransformRule()) return undefined;
  if (trunk !== undefined && !/^\d+$/.test(trunk)) return undefined;
  // Prefixes for parsing: the trunk prefix, or a list of plain digit strings that holds it ("0|180020").
  const prefixes = forParsing === undefined ? [] : forParsing.split("|");
  if (!prefixes.every((p) => /^\d+$/.test(p))) return undefined;
  if (forParsing !== undefined && (trunk === undefined || !prefixes.includes(trunk))) return undefined;
  let types: TypePattern[] | undefined;
  if (plan.hasTypes()) {
    types = [];
    for (const t of TYPES) {
      const type = plan.type(t);
      const pattern = type?.pattern();
      if (type === undefined || !pattern) continue;
      types.push({ pattern: whole(pattern), lengths: type.possibleLengths() || undefined });
    }
  }
  return {
    callingCode,
    trunk,
    otherPrefixes: prefixes.filter((p) => p !== trunk),
    idd00: plan.IDDPrefix() === "00",
    general: whole(plan.nationalNumberPattern()),
    types,
  };
}

const PLANS = new Map<string, FastPlan | undefined>();

export function fastPlan(country: CountryCode): FastPlan | undefined {
  if (PLANS.has(country)) return PLANS.get(country);
  const plan = planOf(country);
  PLANS.set(country, plan);
  return plan;
}

/** libphonenumber's `isValid` for a national (significant) number of the plan's country. */
export function validNational(plan: FastPlan, national: string): boolean {
  if (!plan.general.test(national)) return false;
  if (plan.types === undefined) return true;
  for (const t of plan.types) {
    if (t.lengths !== undefined && !t.lengths.includes(national.length)) continue;
    if (t.pattern.test(national)) return true;
  }
  return false;
}

const SEPARATORS = /[ \-./]/g;
const PLAIN = /^\+?\d{2,20}$/;

/**
 * E.164 of a number valid for the plan's country when it is in a plain form; undefined otherwise (not valid, or a
 * form left to libphonenumber).
 */
export function fastE164(plan: FastPlan, value: string): string | undefined {
  const compact = value.replace(SEPARATORS, "");
  if (!PLAIN.test(compact)) return undefined;
  for (const prefix of plan.otherPrefixes) if (compact.includes(prefix)) return undefined;
  let international: string | undefined;
  if (compact.startsWith("+")) international = compact.slice(1);
  else if (plan.idd00 && compact.startsWith("00")) international = compact.slice(2);
  if (international !== undefined) {
    if (!international.startsWith(plan.callingCode)) return undefined;
    const national = international.slice(plan.callingCode.length);
    // A trunk prefix after the country code ("+31 020 ...") is for libphonenumber to judge.
    if (plan.trunk !== undefined && national.startsWith(plan.trunk)) return undefined;
    return validNational(plan, national) ? `+${plan.callingCode}${national}` : undefined;
  }
  if (plan.trunk !== undefined && compact.startsWith(plan.trunk)) {
    const national = compact.slice(plan.trunk.length);
    return validNational(plan, national) ? `+${plan.callingCode}${national}` : undefined;
  }
  return validNational(plan, compact) ? `+${plan.callingCode}${compact}` : undefined;
}
