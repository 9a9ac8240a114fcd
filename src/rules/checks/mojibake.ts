import iconv from "iconv-lite";
import type { Field } from "../../model/fields.js";
import type { CustomerRecord } from "../../model/record.js";
import type { Finding, Rule, RuleRow } from "../types.js";
import { q } from "./util.js";

const TEXT_FIELDS = [
  "company_name",
  "first_name",
  "last_name",
  "address_line1",
  "address_line2",
  "city",
  "state",
  "mca_signer_first_name",
  "mca_signer_last_name",
] as const satisfies readonly Field[];

/**
 * What UTF-8 read as Windows-1252 (or Latin-1) looks like: the lead byte of an accented letter shown as Â, Ã, Ä or Å, the
 * next byte as a sign of the 0x80-0xBF range ("AmÃ©lie" for "Amélie", "MÃ¼ller" for "Müller"). Real names do not put
 * these two together.
 */
const DOUBLE_ENCODED =
  /[ÂÃÄÅ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]/;

/** The text as it was before it was encoded twice, when reading it back as UTF-8 gives clean text. */
function repaired(value: string): string | undefined {
  const text = iconv.encode(value, "windows-1252").toString("utf8");
  return text.includes("\ufffd") || text === value ? undefined : text;
}

export const TEXT_ENCODED_TWICE: Rule = {
  code: "TEXT_ENCODED_TWICE",
  severity: "warning",
  fields: TEXT_FIELDS,
  title: "Names and addresses read as written, not encoded twice ('AmÃ©lie' for 'Amélie': UTF-8 read as Windows-1252)",
  source: "input contract (encoding)",
  scope: "customer",
  check: (row) => textFindings(row, isEncodedTwice, encodedTwiceMessage),
};

function isEncodedTwice(value: string): boolean {
  return DOUBLE_ENCODED.test(value);
}

function encodedTwiceMessage(value: string): string {
  const fixed = repaired(value);
  return (
    `expected the text as written, found ${q(value)}${fixed !== undefined ? ` (probably ${q(fixed)})` : ""}: ` +
    "UTF-8 read as Windows-1252 somewhere before this file; export it again as UTF-8"
  );
}

/**
 * A question mark where a letter was: a `?` between letters or before one at the start of a word, or several in a row
 * ("Wi?niewski", "?ukasz", "???????? GmbH"). What Excel's plain "CSV" save (and other exports to a single-byte
 * encoding) writes for every character the encoding has no place for: Polish, Czech, Cyrillic, Greek letters.
 */
const LOST = /\p{L}\?+\p{L}|(?:^|[\s'(-])\?+\p{L}|\?\?/u;

export const TEXT_CHARACTERS_LOST: Rule = {
  code: "TEXT_CHARACTERS_LOST",
  severity: "error",
  fields: TEXT_FIELDS,
  title:
    "Names and addresses hold no '?' where a letter was ('Wi?niewski': an export to Windows-1252 replaced the letters it has no place for)",
  source: "input contract (encoding)",
  scope: "customer",
  check: (row) => textFindings(row, hasLostCharacters, lostCharactersMessage),
};

function hasLostCharacters(value: string): boolean {
  return value.includes("?") && LOST.test(value);
}

function lostCharactersMessage(value: string): string {
  return (
    `expected the text as written, found ${q(value)}: a '?' stands where a letter was, replaced by an export ` +
    `to an encoding without it (Excel's "CSV" save does this to ł, ś, č, Cyrillic and Greek); save the file ` +
    `as "CSV UTF-8" and validate it again`
  );
}

/** A finding for each name and address field whose normalized text `matches`, with the message `say` gives for it. */
function textFindings(
  row: RuleRow,
  matches: (value: string) => boolean,
  say: (value: string) => string,
): Finding[] | undefined {
  let findings: Finding[] | undefined;
  for (const field of suspects(row.record)) {
    const value = row.record[field];
    if (value !== undefined && matches(value)) (findings ??= []).push({ field, message: say(value) });
  }
  return findings;
}

/** A character either rule looks for: a question mark, or any beyond ASCII (Â to Å lead every double encoding). */
const SUSPECT = /[?\u0080-\uffff]/;
type TextField = (typeof TEXT_FIELDS)[number];
const NONE: readonly TextField[] = [];
let lastRecord: CustomerRecord | undefined;
let lastSuspects: readonly TextField[] = NONE;

/**
 * The name and address fields of a record that hold a question mark or a character beyond ASCII: the only ones
 * either rule can find something in (in most rows, none). Worked out once a row, for the two rules, by loading each
 * field by name (a load by a computed name costs several times more).
 */
function suspects(record: CustomerRecord): readonly TextField[] {
  if (record === lastRecord) return lastSuspects;
  let found = suspect(record.company_name, "company_name", undefined);
  found = suspect(record.first_name, "first_name", found);
  found = suspect(record.last_name, "last_name", found);
  found = suspect(record.address_line1, "address_line1", found);
  found = suspect(record.address_line2, "address_line2", found);
  found = suspect(record.city, "city", found);
  found = suspect(record.state, "state", found);
  found = suspect(record.mca_signer_first_name, "mca_signer_first_name", found);
  found = suspect(record.mca_signer_last_name, "mca_signer_last_name", found);
  lastRecord = record;
  lastSuspects = found ?? NONE;
  return lastSuspects;
}

function suspect(value: string | undefined, field: TextField, found: TextField[] | undefined): TextField[] | undefined {
  if (value === undefined || !SUSPECT.test(value)) return found;
  (found ??= []).push(field);
  return found;
}
