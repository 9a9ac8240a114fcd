import legal from "../../data/legal-forms.json" with { type: "json" };
import words from "../../data/name-words.json" with { type: "json" };
import { BoundedCache } from "../../normalize/cache.js";
import { foldName, foldWords } from "../../normalize/fold.js";

const TEST: ReadonlySet<string> = new Set(words.test);
const TEST_PREFIXES: readonly string[] = words.testPrefixes;
const GENERIC: ReadonlySet<string> = new Set(words.generic);
const FUNCTION: ReadonlySet<string> = new Set(words.function);
const PLACEHOLDERS: ReadonlySet<string> = new Set(words.contactPlaceholders.map(foldName));
const DIGITS = /^\d+$/;

/** Legal forms as folded token sequences, trailing ones by their last token, leading ones by their first; longest first. */
const TRAILING = indexForms(legal.trailing, (tokens) => tokens[tokens.length - 1]);
const LEADING = indexForms(legal.leading, (tokens) => tokens[0]);

function indexForms(
  forms: readonly string[],
  anchor: (tokens: string[]) => string | undefined,
): Map<string, string[][]> {
  const index = new Map<string, string[][]>();
  for (const form of forms) {
    const tokens = foldName(form).split(" ");
    const key = anchor(tokens);
    if (key === undefined || key === "") continue;
    index.set(key, [...(index.get(key) ?? []), tokens]);
  }
  for (const list of index.values()) list.sort((a, b) => b.length - a.length);
  return index;
}

/** A company name taken apart for the name rules and the duplicate keys. */
export interface NameParts {
  /** Folded tokens of the whole name ("KPN B.V." -> ["kpn", "bv"]). */
  tokens: readonly string[];
  /** The tokens without leading and trailing legal forms (["kpn"]). */
  core: readonly string[];
  /** Whether the name carries a legal form. */
  hasLegalForm: boolean;
  /** The first test word of the core ("test", "demo", "testklant"), if any. */
  testWord: string | undefined;
  /** Whether the core is made of test and filler words only, with at least one test word ("Test BV", "Demo Klant"). */
  testName: boolean;
  /** Whether the core is made of filler words only, with at least one generic noun ("Klant BV", "New Company"). */
  genericName: boolean;
}

let lastName: string | undefined;
let lastParts: NameParts = {
  tokens: [],
  core: [],
  hasLegalForm: false,
  testWord: undefined,
  testName: false,
  genericName: false,
};

/**
 * `name` folded into tokens, legal forms set apart, and what its words are. The last answer is kept: the name rules
 * and the duplicate key all ask about the same name of a row, so it is taken apart once.
 */
export function nameParts(name: string): NameParts {
  if (name === lastName) return lastParts;
  const tokens = foldWords(name);
  let start = 0;
  let end = tokens.length;
  for (let n = matchAt(tokens, start, end, false); n > 0; n = matchAt(tokens, start, end, false)) end -= n;
  for (let n = matchAt(tokens, start, end, true); n > 0; n = matchAt(tokens, start, end, true)) start += n;
  const core = tokens.slice(start, end);
  let testWord: string | undefined;
  let allTestOrFiller = true;
  let allFiller = true;
  let generic = false;
  for (const t of core) {
    const filler = isFillerWord(t);
    if (!filler) allFiller = false;
    if (isTestWord(t)) testWord ??= t;
    else if (!filler) allTestOrFiller = false;
    if (!generic && GENERIC.has(t)) generic = true;
  }
  lastName = name;
  lastParts = {
    tokens,
    core,
    hasLegalForm: start > 0 || end < tokens.length,
    testWord,
    testName: testWord !== undefined && allTestOrFiller,
    genericName: core.length > 0 && generic && allFiller,
  };
  return lastParts;
}

/** Length of a legal form ending at `end` (or starting at `start` when `leading`) within [start, end), or 0. */
function matchAt(tokens: readonly string[], start: number, end: number, leading: boolean): number {
  if (end <= start) return 0;
  const anchor = leading ? tokens[start] : tokens[end - 1];
  const forms = anchor === undefined ? undefined : (leading ? LEADING : TRAILING).get(anchor);
  if (forms === undefined) return 0;
  for (const form of forms) {
    const from = leading ? start : end - form.length;
    if (from < start || from + form.length > end) continue;
    if (form.every((t, i) => tokens[from + i] === t)) return form.length;
  }
  return 0;
}

/** Whether a folded token is a test word: "test", "demo", "asdf", or one glued to a generic word or digits ("testklant"). */
function isTestWord(token: string): boolean {
  if (TEST.has(token)) return true;
  for (const prefix of TEST_PREFIXES) {
    if (token.length > prefix.length && token.startsWith(prefix)) {
      const rest = token.slice(prefix.length);
      if (GENERIC.has(rest) || TEST.has(rest) || DIGITS.test(rest)) return true;
    }
  }
  return false;
}

/** Whether a folded token says nothing about which organization is meant: a generic noun, an article, a number. */
function isFillerWord(token: string): boolean {
  return GENERIC.has(token) || FUNCTION.has(token) || DIGITS.test(token);
}

const placeholderCache = new BoundedCache<boolean>();

/** Whether a person's name is a placeholder ("Test", "Admin", "Voornaam", "Test User"). First names repeat: cached. */
export function isPlaceholderName(name: string): boolean {
  const known = placeholderCache.get(name);
  return known ?? placeholderCache.set(name, placeholder(name));
}

function placeholder(name: string): boolean {
  const folded = foldName(name);
  if (PLACEHOLDERS.has(folded)) return true;
  const tokens = folded.split(" ");
  return tokens.length > 1 && tokens.every((t) => PLACEHOLDERS.has(t) || TEST.has(t));
}
