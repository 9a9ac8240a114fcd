import { stdnum } from "stdnum";
import { CHECK_DIGIT, type CheckResult } from "./checks.js";

/** Who an ID type identifies: a business, a person, or a person who may be trading as a sole trader. */
export type Holder = "business" | "personal" | "sole-trader";

/** How far a value is verified: a check digit, an embedded date or code, or only its length and characters. */
export type Verification = "checksum" | "structure" | "format";

export interface IdType {
  /** Name as people know it, e.g. "CNPJ". */
  name: string;
  /** What it is, in a few words. */
  label: string;
  /** How it is written, e.g. "14 digits, written 12.345.678/0001-95". */
  format: string;
  holder: Holder;
  verified: Verification;
  /** Shape of the normalized value (without a VAT country prefix): a value of this shape is an attempt at this type. */
  shape: RegExp;
  /** Checksum and structure; absent where no public specification exists. */
  check?: (value: string) => CheckResult;
  /** A valid example as people write it (public test vectors; synthetic ones follow the specification). */
  example: string;
}

export interface VatSpec {
  prefix: string;
  type: IdType;
}

export interface CountrySpec {
  name: string;
  /** What the business ID looks like, for messages: "a CNPJ: 14 digits, written 12.345.678/0001-95". */
  expected: string;
  /** EU VAT numbers: the prefix (EL for Greece) and the number after it, also accepted without the prefix. */
  vat?: VatSpec;
  types: readonly IdType[];
  /** Limits of the check, for the generated docs. */
  note?: string;
}

const STDNUM_REASONS: Readonly<Record<string, string>> = {
  InvalidChecksum: CHECK_DIGIT,
  InvalidComponent: "contains an impossible part (date, region or type code)",
  InvalidLength: "has the wrong length",
  InvalidFormat: "has characters in the wrong places",
};

/** A stdnum validator as a check; fails at load time if stdnum lacks it, so a renamed module cannot go unnoticed. */
export function std(country: string, module: string): (value: string) => CheckResult {
  const validator = stdnum[country]?.[module];
  if (validator === undefined) throw new Error(`stdnum has no ${country}.${module}`);
  return (value) => {
    const result = validator.validate(value);
    if (result.isValid) return true;
    return STDNUM_REASONS[result.error.name] ?? "is not valid";
  };
}

/** The checks in turn: the first failure is the reason. */
export function all(...checks: ((value: string) => CheckResult)[]): (value: string) => CheckResult {
  return (value) => {
    for (const check of checks) {
      const result = check(value);
      if (result !== true) return result;
    }
    return true;
  };
}

/** A yes/no test as a check with its reason. */
export function when(test: (value: string) => boolean, reason: string): (value: string) => CheckResult {
  return (value) => test(value) || reason;
}

/** An EU VAT number: the prefix, and the number after it as an ID type. */
export function vat(
  prefix: string,
  format: string,
  shape: RegExp,
  check: (value: string) => CheckResult,
  example: string,
): VatSpec {
  const type: IdType = {
    name: "EU VAT number",
    label: "VAT identification number",
    format: `${prefix} + ${format}`,
    holder: "business",
    verified: "checksum",
    shape,
    check,
    example,
  };
  return { prefix, type };
}

/** What an EU member's business ID looks like, for messages. */
export function euExpected(v: VatSpec): string {
  return `an EU VAT number: ${v.type.format}, e.g. ${v.type.example}`;
}
