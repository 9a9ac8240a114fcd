import type { Field } from "../model/fields.js";
import type { Issue, Rule, RuleContext, RuleRow, Severity } from "./types.js";

export type SeverityOverride = Severity | "off";

export interface EngineSettings {
  /** Per-code severity from the config file's `rules`; "off" switches a rule off. */
  overrides: Readonly<Record<string, SeverityOverride>>;
  /** Turns every warning into an error, except those a per-code override sets. */
  strict: boolean;
}

interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/** The rules of a run with their effective severities, split by the rows they apply to. */
export interface CompiledRules {
  customer: readonly ActiveRule[];
  relationship: readonly ActiveRule[];
}

/** Codes the overrides name that no rule has: a config error to report before any row is read. */
export function unknownCodes(rules: readonly Rule[], overrides: Readonly<Record<string, unknown>>): string[] {
  const known = new Set(rules.map((r) => r.code));
  return Object.keys(overrides).filter((code) => !known.has(code));
}

export function compileRules(rules: readonly Rule[], settings: EngineSettings): CompiledRules {
  const customer: ActiveRule[] = [];
  const relationship: ActiveRule[] = [];
  for (const rule of rules) {
    const override = settings.overrides[rule.code];
    if (override === "off") continue;
    // A severity the config file sets for one rule is deliberate: --strict does not override it.
    const severity: Severity = override ?? (settings.strict ? "error" : rule.severity);
    const active = { rule, severity };
    if (rule.scope !== "relationship") customer.push(active);
    if (rule.scope !== "customer") relationship.push(active);
  }
  return { customer, relationship };
}

/** Runs every active rule on one row; `columnOf` names the original header of a field's column. */
export function checkRow(
  rules: readonly ActiveRule[],
  row: RuleRow,
  ctx: RuleContext,
  columnOf: (field: Field) => string | undefined,
): Issue[] {
  const issues: Issue[] = [];
  for (const { rule, severity } of rules) {
    const result = rule.check(row, ctx);
    if (result === undefined) continue;
    const findings = Array.isArray(result) ? result : [result];
    for (const f of findings) {
      const field = f.field ?? rule.fields[0];
      const issue: Issue = { code: rule.code, severity, message: f.message };
      if (field !== undefined) issue.field = field;
      const column = f.column ?? (field !== undefined ? columnOf(field) : undefined);
      if (column !== undefined) issue.column = column;
      const value = f.value ?? (field !== undefined ? row.raw[field] : undefined);
      if (value !== undefined) issue.value = value;
      issues.push(issue);
    }
    if (rule.final === true) return issues;
  }
  return issues;
}
