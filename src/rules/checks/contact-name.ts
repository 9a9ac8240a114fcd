import type { Field } from "../../model/fields.js";
import type { Finding, Rule, RuleRow } from "../types.js";
import { isPlaceholderName } from "./name-words.js";
import { charCount, q, withFinding } from "./util.js";

const NAME_FIELDS = [
  "first_name",
  "last_name",
  "mca_signer_first_name",
  "mca_signer_last_name",
] as const satisfies readonly Field[];
const MAX = 50;
const NEWER_MAX = 40;
const INITIAL = /^\p{L}\.?$/u;
const LETTER = /\p{L}/u;

function eachName(row: RuleRow, test: (name: string, field: Field) => string | undefined): Finding[] | undefined {
  // Each field by name: a load by a computed name costs several times more, and these run four times a row.
  const r = row.record;
  let findings = nameFinding(r.first_name, "first_name", test, undefined);
  findings = nameFinding(r.last_name, "last_name", test, findings);
  findings = nameFinding(r.mca_signer_first_name, "mca_signer_first_name", test, findings);
  return nameFinding(r.mca_signer_last_name, "mca_signer_last_name", test, findings);
}

function nameFinding(
  name: string | undefined,
  field: Field,
  test: (name: string, field: Field) => string | undefined,
  findings: Finding[] | undefined,
): Finding[] | undefined {
  return name === undefined ? findings : withFinding(findings, field, test(name, field));
}

/** Whether the name has a letter: an ASCII one is found without the regular expression. */
function hasLetter(name: string): boolean {
  const c = name.charCodeAt(0) | 0x20;
  return (c >= 0x61 && c <= 0x7a) || LETTER.test(name);
}

function what(field: Field): string {
  return field.endsWith("first_name") ? "first name" : "last name";
}

export const CONTACT_NAME_TOO_LONG: Rule = {
  code: "CONTACT_NAME_TOO_LONG",
  severity: "error",
  fields: NAME_FIELDS,
  title: `Contact and MCA signer first and last names are at most ${MAX} characters`,
  source: "API DefaultAddress.FirstName/LastName (1-50)",
  scope: "customer",
  check: (row) => eachName(row, tooLong),
};

// The per-name checks are functions of their own, not arrows in `check`: those would be made anew for every row.
function tooLong(name: string, field: Field): string | undefined {
  const n = name.length > MAX ? charCount(name) : 0;
  return n > MAX ? `expected a ${what(field)} of at most ${MAX} characters, found ${n}` : undefined;
}

export const CONTACT_NAME_LONG: Rule = {
  code: "CONTACT_NAME_LONG",
  severity: "warning",
  fields: NAME_FIELDS,
  title: `Contact names over ${NEWER_MAX} characters may be refused by newer Partner Center`,
  source: "API name checks (40-character limit reported for newer Partner Center)",
  scope: "customer",
  check: (row) => eachName(row, longerThanNewer),
};

function longerThanNewer(name: string, field: Field): string | undefined {
  const n = name.length > NEWER_MAX ? charCount(name) : 0;
  return n > NEWER_MAX && n <= MAX
    ? `expected a ${what(field)} of at most ${NEWER_MAX} characters (newer Partner Center), found ${n}`
    : undefined;
}

export const CONTACT_NAME_INITIAL: Rule = {
  code: "CONTACT_NAME_INITIAL",
  severity: "error",
  fields: NAME_FIELDS,
  title: "Contact names are more than a single character or an initial ('J.')",
  source: "API name checks (single characters rejected, reported 2024)",
  scope: "customer",
  check: (row) => eachName(row, initialOnly),
};

function initialOnly(name: string, field: Field): string | undefined {
  return name.length <= 2 && INITIAL.test(name)
    ? `expected the full ${what(field)}, found the initial ${q(name)}`
    : undefined;
}

export const CONTACT_NAME_PLACEHOLDER: Rule = {
  code: "CONTACT_NAME_PLACEHOLDER",
  severity: "error",
  fields: NAME_FIELDS,
  title: "Contact names are a person's name, not a placeholder ('test', 'admin', 'onbekend', '-')",
  source: "API name checks (placeholders rejected, reported 2024)",
  scope: "customer",
  check: (row) => eachName(row, placeholder),
};

function placeholder(name: string, field: Field): string | undefined {
  return !hasLetter(name) || isPlaceholderName(name)
    ? `expected a person's real ${what(field)}, found the placeholder ${q(name)}`
    : undefined;
}
