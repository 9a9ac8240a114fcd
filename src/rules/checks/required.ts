import { REQUIRED_FIELDS } from "../../model/fields.js";
import type { Finding, Rule } from "../types.js";
import { isRelationshipRow } from "./relationship.js";
import { present } from "./util.js";

export const REQUIRED: Rule = {
  code: "REQUIRED",
  severity: "error",
  fields: REQUIRED_FIELDS,
  title: "Every required field has a value (a relationship request needs only the contact e-mail)",
  source: "input contract; API customer create body",
  scope: "both",
  check(row, ctx) {
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
