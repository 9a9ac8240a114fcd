import type { Field } from "../model/fields.js";
import type { SourceRecord } from "../model/source.js";
import { rawRowReader, type ColumnMapping } from "../mapping/mapping.js";
import { normalizeRow } from "../normalize/record.js";
import { checkRow, type CompiledRules } from "../rules/engine.js";
import type { RuleContext } from "../rules/types.js";
import { isRelationshipRow } from "../rules/catalogue.js";
import type { CheckedRow } from "../outputs/validation-reports.js";

export interface RowChecker {
  check(record: SourceRecord, row: number): CheckedRow;
}

/** One row through mapping, normalization and the rules, to its outcome. Pure apart from the run's key indexes. */
export function rowChecker(
  mapping: ColumnMapping,
  rules: CompiledRules,
  ctx: RuleContext,
  defaults: { termDuration: string; billingCycle: string },
): RowChecker {
  const columnOf = (field: Field): string | undefined => {
    const index = mapping.columnOf.get(field);
    return index === undefined ? undefined : mapping.headers[index];
  };
  const toRawRow = rawRowReader(mapping);
  return {
    check(source, row) {
      const raw = toRawRow(source.values);
      const record = source.normalized ?? normalizeRow(raw, defaults);
      const ruleRow = {
        row,
        at: source.position,
        raw,
        record,
        problems: source.problems,
        headers: mapping.headers,
        fieldOf: mapping.fieldOf,
      };
      const relationship = isRelationshipRow(ruleRow, ctx);
      const issues = checkRow(relationship ? rules.relationship : rules.customer, ruleRow, ctx, columnOf);
      let rejected = false;
      for (const issue of issues) if (issue.severity === "error") rejected = true;
      const checked: CheckedRow = {
        row,
        source: source.position,
        values: source.values,
        raw,
        record,
        issues,
        outcome: rejected ? "rejected" : relationship ? "relationship" : "accepted",
      };
      if (source.rendered !== undefined) checked.rendered = source.rendered;
      const key = record.external_id ?? record.domain;
      if (key !== undefined) checked.key = key;
      return checked;
    },
  };
}
