import { REQUIRED_FIELDS } from "../../model/fields.js";
import type { CustomerRecord } from "../../model/record.js";
import type { Finding, Rule } from "../types.js";
import { isRelationshipRow } from "./relationship.js";
import { present } from "./util.js";

/** Whether the record has every required field (the e-mail too, all a relationship row needs): most rows do. */
function allGiven(r: CustomerRecord): boolean {
  return FAST && loadedByName(r);
}

/** The fields of REQUIRED_FIELDS, loaded by name (a load by a computed name costs several times more). */
function loadedByName(r: CustomerRecord): boolean {
  return (
    r.company_name !== undefined &&
    r.domain !== undefined &&
    r.email !== undefined &&
    r.first_name !== undefined &&
    r.last_name !== undefined &&
    r.address_line1 !== undefined &&
    r.city !== undefined &&
    r.country !== undefined
  );
}

/** Whether `loadedByName` checks exactly REQUIRED_FIELDS (else `allGiven` never takes the short way). */
const FAST = ((): boolean => {
  const full: CustomerRecord = Object.fromEntries(REQUIRED_FIELDS.map((f) => [f, "x"]));
  return loadedByName(full) && REQUIRED_FIELDS.every((f) => !loadedByName({ ...full, [f]: undefined }));
})();

export const REQUIRED: Rule = {
  code: "REQUIRED",
  severity: "error",
  fields: REQUIRED_FIELDS,
  title: "Every required field has a value (a relationship request needs only the contact e-mail)",
  source: "input contract; API customer create body",
  scope: "both",
  check(row, ctx) {
    if (allGiven(row.record)) return undefined;
    if (isRelationshipRow(row, ctx)) {
      return present(row, "email")
        ? undefined
        : { field: "email", message: "expected the contact e-mail, found nothing" };
    }
    let findings: Finding[] | undefined;
    for (const field of REQUIRED_FIELDS) {
      if (!present(row, field))
        (findings ??= []).push({ field, message: `expected a value for ${field}, found nothing` });
    }
    return findings;
  },
};
