import type { RawRow } from "../../src/model/fields.js";
import type { SourceProblem } from "../../src/model/source.js";
import { normalizeRow } from "../../src/normalize/record.js";
import type { Finding, Rule, RuleContext, RuleRow } from "../../src/rules/types.js";
import { KeyIndex } from "../../src/util/key-index.js";

/** A complete, valid Dutch customer row; tests override what they check. */
export const VALID: RawRow = {
  company_name: "Bakkerij Jansen B.V.",
  domain: "bakkerijjansen",
  email: "inkoop@bakkerijjansen.nl",
  first_name: "Anna",
  last_name: "de Vries",
  phone: "020-1234567",
  address_line1: "Damrak 1",
  city: "Amsterdam",
  postal_code: "1012 LG",
  country: "Nederland",
};

export const DEFAULTS = { termDuration: "P1Y", billingCycle: "monthly" };

/** A RuleRow from raw cells: the valid row with `overrides` (an undefined override removes the cell), normalized. */
export function ruleRow(
  overrides: Partial<Record<keyof RawRow, string | undefined>> = {},
  options: { row?: number; base?: RawRow; problems?: SourceProblem[]; headers?: string[] } = {},
): RuleRow {
  const merged: Partial<Record<keyof RawRow, string | undefined>> = { ...(options.base ?? VALID), ...overrides };
  const raw: RawRow = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
  return {
    row: options.row ?? 1,
    raw,
    record: normalizeRow(raw, DEFAULTS),
    problems: options.problems ?? [],
    headers: options.headers ?? Object.keys(raw),
  };
}

/** A RuleContext for a direct-bill partner with nothing registered; `overrides` replace fields. */
export function ruleContext(overrides: Partial<RuleContext> = {}): RuleContext {
  return {
    partnerType: "direct",
    partnerDomains: new Set(),
    today: "2026-01-15",
    seen: { domains: new KeyIndex(), externalIds: new KeyIndex(), nameCountry: new KeyIndex() },
    ...overrides,
  };
}

/** A rule's findings as a list (the rule may return one, several or none). */
export function findings(rule: Rule, row: RuleRow, ctx: RuleContext = ruleContext()): Finding[] {
  const result = rule.check(row, ctx);
  return result === undefined ? [] : Array.isArray(result) ? result : [result];
}

/** The fields a rule flags on a row, in order. */
export function flagged(rule: Rule, row: RuleRow, ctx?: RuleContext): (string | undefined)[] {
  return findings(rule, row, ctx).map((f) => f.field);
}
