import type { Rule } from "../types.js";
import { nameParts } from "./name-words.js";
import { charCount, q } from "./util.js";

const MAX_LENGTH = 255;
const ALNUM = /[\p{L}\p{N}]/u;
const ACRONYM = /^\p{Lu}{2,5}$/u;
const ACRONYM_NOISE = /[.\s]/g;
// A web address: "www." or a scheme, or a word followed by a common top-level domain. Two-letter TLDs that are also
// legal-form or initial fragments ("Co.KG", "J.de Vries") are left out on purpose.
export const WEB_DOMAIN =
  /(?:^|[^\p{L}\p{N}])(?:www\.|https?:\/\/)|[\p{L}\p{N}-]{2,}\.(?:com|net|org|info|biz|io|eu|nl|be|de|fr|uk|es|it|ch|at|nu|online|shop|store|app|dev|ai|tech|site|cloud|digital)(?![\p{L}\p{N}])/iu;
const EXPECTED = "expected the exact legal name as in official documents";

/** Whether the text starts with an ASCII letter or digit (it then has one, without the regular expression). */
function startsAsciiAlnum(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

export const COMPANY_NAME_TOO_SHORT: Rule = {
  code: "COMPANY_NAME_TOO_SHORT",
  severity: "error",
  fields: ["company_name"],
  title: "The legal name is more than a single character",
  source: "how-to consideration 5; API name checks",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    // One character is at most two UTF-16 units (a surrogate pair).
    if (name === undefined || name.length > 2 || charCount(name) !== 1) return undefined;
    return { field: "company_name", message: `${EXPECTED} (at least 2 characters), found ${q(name)}` };
  },
};

export const COMPANY_NAME_TOO_LONG: Rule = {
  code: "COMPANY_NAME_TOO_LONG",
  severity: "error",
  fields: ["company_name"],
  title: `The legal name is at most ${MAX_LENGTH} characters`,
  source: "API name checks (2-255 characters, reported 2024)",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined || name.length <= MAX_LENGTH) return undefined;
    const n = charCount(name);
    if (n <= MAX_LENGTH) return undefined;
    return { field: "company_name", message: `expected at most ${MAX_LENGTH} characters, found ${n}` };
  },
};

export const COMPANY_NAME_NO_LETTERS: Rule = {
  code: "COMPANY_NAME_NO_LETTERS",
  severity: "error",
  fields: ["company_name"],
  title: "The legal name has letters or digits, not only special characters",
  source: "how-to consideration 5; API name checks",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined || startsAsciiAlnum(name) || charCount(name) < 2 || ALNUM.test(name)) return undefined;
    return { field: "company_name", message: `${EXPECTED}, found only special characters ${q(name)}` };
  },
};

export const COMPANY_NAME_LEGAL_FORM_ONLY: Rule = {
  code: "COMPANY_NAME_LEGAL_FORM_ONLY",
  severity: "error",
  fields: ["company_name"],
  title: "The legal name is more than a legal-form abbreviation (BV, LLC, Inc, GmbH)",
  source: "how-to consideration 5; API name checks",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined) return undefined;
    const { tokens, core } = nameParts(name);
    if (tokens.length === 0 || core.length > 0) return undefined;
    return { field: "company_name", message: `${EXPECTED}, found only a legal form ${q(name)}` };
  },
};

export const COMPANY_NAME_TEST: Rule = {
  code: "COMPANY_NAME_TEST",
  severity: "error",
  fields: ["company_name"],
  title: "The legal name is not a test name (only test words and legal forms: 'Test BV', 'Demo Klant', 'asdf')",
  source: "how-to consideration 5 (no test names)",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined || !nameParts(name).testName) return undefined;
    return { field: "company_name", message: `${EXPECTED}, found a test name ${q(name)}` };
  },
};

export const COMPANY_NAME_TEST_WORD: Rule = {
  code: "COMPANY_NAME_TEST_WORD",
  severity: "warning",
  fields: ["company_name"],
  title: "A test word beside real words ('Test-Aankoop', 'Test Valley Borough Council' are real): check the name",
  source: "how-to consideration 5 (no test names)",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined) return undefined;
    const { testWord: word, testName } = nameParts(name);
    if (word === undefined || testName) return undefined;
    return {
      field: "company_name",
      message: `${EXPECTED}, found ${q(name)} with the test word '${word}': check that this is the real name`,
    };
  },
};

export const COMPANY_NAME_GENERIC: Rule = {
  code: "COMPANY_NAME_GENERIC",
  severity: "warning",
  fields: ["company_name"],
  title: "The legal name is more than generic words ('Klant BV', 'New Company')",
  source: "how-to consideration 5 (no test names)",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined) return undefined;
    if (!nameParts(name).genericName) return undefined;
    return { field: "company_name", message: `${EXPECTED}, found only generic words ${q(name)}` };
  },
};

export const COMPANY_NAME_ACRONYM: Rule = {
  code: "COMPANY_NAME_ACRONYM",
  severity: "warning",
  fields: ["company_name"],
  title: "The legal name is not an acronym alone ('KPN'; 'KPN B.V.' is fine: a legal form shows a registered name)",
  source: "how-to consideration 5 (no acronyms or short forms)",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined || name.length > 12) return undefined;
    const { core, hasLegalForm } = nameParts(name);
    if (hasLegalForm || core.length !== 1 || !ACRONYM.test(name.replace(ACRONYM_NOISE, ""))) return undefined;
    return { field: "company_name", message: `${EXPECTED}, not an acronym; found ${q(name)}` };
  },
};

export const COMPANY_NAME_WEB_DOMAIN: Rule = {
  code: "COMPANY_NAME_WEB_DOMAIN",
  severity: "warning",
  fields: ["company_name"],
  title: "The legal name holds no web address ('.com', 'www.')",
  source: "API name checks (web domain in the name)",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    // Every web address the pattern knows has "://", "www." or a dot before a known top-level domain: most names
    // ("B.V.", "Co. KG") are passed over without the pattern.
    if (name === undefined || !mayHoldWebAddress(name) || !WEB_DOMAIN.test(name)) return undefined;
    return {
      field: "company_name",
      message: `${EXPECTED}, found a web address in ${q(name)}: keep it only if the registered name has it`,
    };
  },
};

const TOP_LEVEL_DOMAINS: ReadonlySet<string> = new Set(
  "com net org info biz io eu nl be de fr uk es it ch at nu online shop store app dev ai tech site cloud digital".split(
    " ",
  ),
);

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Whether `name` has "://", or a dot followed by the letters of a top-level domain the pattern knows ("www." too). */
function mayHoldWebAddress(name: string): boolean {
  if (name.includes("://")) return true;
  for (let dot = name.indexOf("."); dot !== -1; dot = name.indexOf(".", dot + 1)) {
    let end = dot + 1;
    while (end < name.length && end - dot <= 8 && isAsciiLetter(name.charCodeAt(end))) end++;
    if (TOP_LEVEL_DOMAINS.has(name.slice(dot + 1, end).toLowerCase())) return true;
    if (name.slice(Math.max(0, dot - 3), dot).toLowerCase() === "www") return true;
  }
  return false;
}

/** The name's letters and digits, legal forms aside, when they are one character repeated ("999", "aaa"). */
function repeatedChar(core: readonly string[]): string | undefined {
  let c = -1;
  let count = 0;
  for (const t of core) {
    for (let i = 0; i < t.length; i++) {
      const x = t.charCodeAt(i);
      if (c === -1) c = x;
      else if (x !== c) return undefined;
      count++;
    }
  }
  return count < 2 ? undefined : String.fromCharCode(c);
}

export const COMPANY_NAME_REPEATED_CHARS: Rule = {
  code: "COMPANY_NAME_REPEATED_CHARS",
  severity: "warning",
  fields: ["company_name"],
  title: "The legal name is not one character repeated ('999'; rejected by Partner Center since 2024, --strict)",
  source: "API name checks (repeated characters; reportedly rejected since 2024)",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined || repeatedChar(nameParts(name).core) === undefined) return undefined;
    return { field: "company_name", message: `${EXPECTED}, found one character repeated ${q(name)}` };
  },
};

export const COMPANY_NAME_SPACED_CHARS: Rule = {
  code: "COMPANY_NAME_SPACED_CHARS",
  severity: "warning",
  fields: ["company_name"],
  title:
    "The legal name is not single characters spaced apart ('1 2 3'; rejected by Partner Center since 2024, --strict)",
  source: "API name checks (spaced characters; reportedly rejected since 2024)",
  scope: "customer",
  check(row) {
    const name = row.record.company_name;
    if (name === undefined) return undefined;
    const { core } = nameParts(name);
    if (core.length < 2 || !core.every((t) => t.length === 1) || repeatedChar(core) !== undefined) return undefined;
    return { field: "company_name", message: `${EXPECTED}, found single characters spaced apart ${q(name)}` };
  },
};
