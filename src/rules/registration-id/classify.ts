import { elfproef } from "./checks.js";
import { COUNTRY_SPECS, type CountrySpec, type IdType } from "./countries.js";
import { normalizeRegistrationId } from "./normalize.js";

/** What a registration ID is for the customer's country. */
export type Verdict =
  /** A valid business ID of the country (or a valid EU VAT number). */
  | { kind: "business"; type: string; normalized: string }
  /** A valid personal ID; `soleTrader` when sole traders legitimately use it as their tax number. */
  | { kind: "personal"; type: string; label: string; soleTrader: boolean; expected: string }
  /** Not a valid business ID: wrong format, length or checksum. */
  | { kind: "invalid"; expected: string; reason: string }
  /** A bare 9-digit Dutch number passing the 11-test: an RSIN or a BSN, which cannot be told apart. */
  | { kind: "ambiguous-nl"; expected: string }
  /** No known format for the country (or an empty value). */
  | { kind: "unchecked" };

function describe(s: string): string {
  return /^\d*$/.test(s) ? `${s.length} digits` : `${s.length} characters`;
}

function firstValid(types: readonly IdType[], value: string): IdType | undefined {
  return types.find((t) => t.shape.test(value) && (t.check === undefined || t.check(value) === true));
}

/** Why the value fails the first business type whose shape it has, or undefined when it has none of their shapes. */
function failure(types: readonly IdType[], value: string): string | undefined {
  for (const t of types) {
    if (!t.shape.test(value) || t.check === undefined) continue;
    const result = t.check(value);
    if (result !== true) return `${t.name}: ${result}`;
  }
  return undefined;
}

interface Split {
  personal: readonly IdType[];
  business: readonly IdType[];
}

// Each country's types split once, as classification runs once per row.
const SPLITS: ReadonlyMap<string, Split> = new Map(
  Object.entries(COUNTRY_SPECS).map(([cc, spec]) => [
    cc,
    {
      personal: spec.types.filter((t) => t.holder !== "business"),
      business: [
        ...(spec.vat === undefined ? [] : [spec.vat.type]),
        ...spec.types.filter((t) => t.holder === "business"),
      ],
    },
  ]),
);

function classifyPrefixed(spec: CountrySpec, prefix: string, type: IdType, normalized: string): Verdict {
  const rest = normalized.slice(prefix.length);
  if (!type.shape.test(rest)) {
    return { kind: "invalid", expected: spec.expected, reason: `found ${prefix} + ${describe(rest)}` };
  }
  const result = type.check === undefined ? true : type.check(rest);
  if (result !== true) return { kind: "invalid", expected: spec.expected, reason: `${type.name}: ${result}` };
  return { kind: "business", type: type.name, normalized };
}

/**
 * Classifies a registration ID for the customer's country (ISO alpha-2). The value may be raw or already normalized.
 * A bare value that is a valid personal ID is personal even when a VAT number of a person has the same digits
 * (ES, BG, CZ, PT, LV, SE): written with its country prefix it is a VAT number, and a business one.
 */
export function classifyRegistrationId(value: string, country: string): Verdict {
  const cc = country.toUpperCase();
  const normalized = normalizeRegistrationId(value, cc);
  const spec = COUNTRY_SPECS[cc];
  const types = SPLITS.get(cc);
  if (spec === undefined || types === undefined || normalized === "") return { kind: "unchecked" };

  const vat = spec.vat;
  if (vat !== undefined && normalized.startsWith(vat.prefix)) {
    return classifyPrefixed(spec, vat.prefix, vat.type, normalized);
  }

  const personal = firstValid(types.personal, normalized);
  if (personal !== undefined) {
    return {
      kind: "personal",
      type: personal.name,
      label: personal.label,
      soleTrader: personal.holder === "sole-trader",
      expected: spec.expected,
    };
  }

  if (cc === "NL" && /^\d{9}$/.test(normalized)) {
    if (elfproef(normalized)) return { kind: "ambiguous-nl", expected: spec.expected };
    return {
      kind: "invalid",
      expected: spec.expected,
      reason: "9 digits failing the 11-test: neither an RSIN, a BSN nor a Dutch VAT number",
    };
  }

  const business = types.business;
  if (business.length === 0) return { kind: "unchecked" };
  const valid = firstValid(business, normalized);
  if (valid !== undefined) return { kind: "business", type: valid.name, normalized };
  return {
    kind: "invalid",
    expected: spec.expected,
    reason: failure(business, normalized) ?? `found ${describe(normalized)}: no known business ID format`,
  };
}

/** The country's English name, for messages; the code itself when the country is not covered. */
export function countryName(country: string): string {
  return COUNTRY_SPECS[country.toUpperCase()]?.name ?? country;
}
