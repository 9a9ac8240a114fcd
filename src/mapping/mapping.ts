import { readFile } from "node:fs/promises";
import { RunError } from "../errors/run-error.js";
import { FIELDS, REQUIRED_FIELDS, isField, type Field, type RawRow } from "../model/fields.js";
import { BUILT_IN_ALIASES, headerKey } from "./aliases.js";

/** A user's own header names: `{ "Header in the file": "field" }`, or `null` to ignore a column. */
export type UserMapping = Readonly<Record<string, Field | null>>;

/**
 * Which field each cell of a header row names: `null` for a column the user said to ignore, undefined for an unknown
 * one. A whole row at a time, because the user's names are matched exactly before they are matched loosely.
 */
export interface HeaderLookup {
  fieldsOf(cells: readonly string[]): (Field | null | undefined)[];
  /** The field the built-in names give a header, whatever the user's mapping says. */
  builtInFieldOf(header: string): Field | undefined;
  /** The user's keys that name no column of this header row (a typo, or a `#N` past its end). */
  unusedKeys(headers: readonly string[]): string[];
}

/** A `--columns` key naming a column by its position: `#12` is the 12th column. */
const POSITION_KEY = /^#(\d+)$/;

/**
 * The built-in names, and the user's on top. A user's key matches its header loosely (case, spaces, punctuation and
 * accents aside) unless some header has exactly its text: then only that one, so `{ "E-mail": null }` ignores the
 * column "E-mail" and leaves "Email" to the built-in names. A key `#N` names the N-th column (for two headers alike).
 */
export function buildLookup(user: UserMapping = {}): HeaderLookup {
  const builtIn = new Map<string, Field>();
  for (const field of FIELDS) {
    builtIn.set(headerKey(field), field);
    for (const alias of BUILT_IN_ALIASES[field]) builtIn.set(headerKey(alias), field);
  }
  const byPosition = new Map<number, Field | null>();
  const exact = new Map<string, Field | null>();
  const loose = new Map<string, { key: string; field: Field | null }[]>();
  for (const [key, field] of Object.entries(user)) {
    const position = POSITION_KEY.exec(key.trim());
    if (position !== null) {
      byPosition.set(Number(position[1]), field);
      continue;
    }
    exact.set(key.trim(), field);
    const folded = headerKey(key);
    loose.set(folded, [...(loose.get(folded) ?? []), { key: key.trim(), field }]);
  }
  return {
    builtInFieldOf: (header) => builtIn.get(headerKey(header)),
    unusedKeys(headers) {
      const texts = new Set(headers.map((h) => h.trim()));
      const keys = new Set(headers.map((h) => headerKey(h)));
      return Object.keys(user).filter((key) => {
        const position = POSITION_KEY.exec(key.trim());
        if (position !== null) return Number(position[1]) > headers.length;
        return !texts.has(key.trim()) && !keys.has(headerKey(key));
      });
    },
    fieldsOf(cells) {
      const matchedExactly = new Set(cells.map((c) => c.trim()).filter((c) => exact.has(c)));
      return cells.map((cell, index) => {
        const byIndex = byPosition.get(index + 1);
        if (byIndex !== undefined) return byIndex;
        const text = cell.trim();
        if (exact.has(text)) return exact.get(text);
        const key = headerKey(cell);
        // The user's names win over the built-in ones (the last of several that fold alike).
        const users = loose.get(key)?.filter((u) => !matchedExactly.has(u.key));
        const mine = users?.at(-1);
        return mine !== undefined ? mine.field : builtIn.get(key);
      });
    },
  };
}

/** How many distinct fields a row's cells name: the header row is the row that names the most. */
export function headerScorer(lookup: HeaderLookup): (cells: readonly string[]) => number {
  return (cells) => {
    const seen = new Set<Field>();
    for (const field of lookup.fieldsOf(cells)) if (field !== undefined && field !== null) seen.add(field);
    return seen.size;
  };
}

export interface ColumnMapping {
  headers: readonly string[];
  /** Field per column index (undefined: unmapped or ignored). */
  fieldOf: readonly (Field | undefined)[];
  /** Column index per field. */
  columnOf: ReadonlyMap<Field, number>;
  /** Headers of columns that map to no field: carried to the reports. */
  unmapped: readonly string[];
}

/**
 * Maps a header row onto the canonical fields. A required column that is missing, or two columns naming one field,
 * is one clear error before any row is read.
 */
export function mapColumns(
  headers: readonly string[],
  lookup: HeaderLookup,
  file: string,
  where: { sheet?: string | undefined; headerRow?: number | undefined } = {},
): ColumnMapping {
  const fieldOf: (Field | undefined)[] = [];
  const columnOf = new Map<Field, number>();
  const unmapped: string[] = [];
  const fields = lookup.fieldsOf(headers);
  headers.forEach((header, index) => {
    const field = fields[index];
    if (field === undefined || field === null) {
      fieldOf.push(undefined);
      if (field === undefined && header.trim() !== "") unmapped.push(header);
      return;
    }
    const earlier = columnOf.get(field);
    if (earlier !== undefined) {
      throw new RunError(
        "COLUMNS_DUPLICATE",
        `columns '${headers[earlier] ?? ""}' (${earlier + 1}) and '${header}' (${index + 1}) both map to field ${field}; ` +
          `ignore one of them with a --columns file: ${ignoreHint(headers[earlier] ?? "", header, index)}`,
        { file, column: header },
      );
    }
    columnOf.set(field, index);
    fieldOf.push(field);
  });

  const relationshipOnly = columnOf.has("customer_tenant_id") && !columnOf.has("company_name");
  const required = relationshipOnly ? (["email"] as const) : REQUIRED_FIELDS;
  const missing = required.filter((f) => !columnOf.has(f));
  if (missing.length > 0) {
    const hint = missing.map((f) => `${f} (e.g. '${BUILT_IN_ALIASES[f][0] ?? f}')`).join(", ");
    const row = [
      where.sheet !== undefined ? `sheet '${where.sheet}'` : undefined,
      where.headerRow !== undefined
        ? `${where.sheet !== undefined ? "row" : "line"} ${String(where.headerRow)}`
        : undefined,
    ].filter((part) => part !== undefined);
    const other = where.sheet !== undefined ? "--sheet or --header-row" : "--header-row";
    // A column the built-in names would have taken, ignored by the user's mapping: say so, it is the likely cause.
    const ignored = headers.filter((h, i) => {
      const builtIn = lookup.builtInFieldOf(h);
      return fields[i] === null && builtIn !== undefined && missing.includes(builtIn);
    });
    const ignoredNote =
      ignored.length > 0 ? ` (the --columns file ignores ${ignored.map((h) => `'${h}'`).join(", ")})` : "";
    throw new RunError(
      "COLUMNS_MISSING",
      `missing required column${missing.length > 1 ? "s" : ""}: ${hint}${ignoredNote}; the header row` +
        `${row.length > 0 ? ` (${row.join(", ")})` : ""} has: ${listHeaders(headers)}. ` +
        `Name the columns so, map them with --columns mapping.json, or point at the right header row with ${other}`,
      { file },
    );
  }
  return { headers, fieldOf, columnOf, unmapped };
}

/** Headers for a one-line message: each cut at 40 characters, at most 30 of them (a wrongly decoded file has odd ones). */
function listHeaders(headers: readonly string[]): string {
  const cut = (h: string) => (h.length > 40 ? `${h.slice(0, 40)}…` : h);
  const shown = headers.slice(0, 30).map((h) => `'${cut(h)}'`);
  if (headers.length > 30) shown.push(`and ${String(headers.length - 30)} more`);
  return shown.join(", ");
}

/** The `--columns` entry that ignores the second of two columns naming one field: by its header, or its position. */
function ignoreHint(first: string, second: string, index: number): string {
  const byPosition = `{ "#${String(index + 1)}": null }`;
  return first.trim() === second.trim() ? byPosition : `{ "${second.trim()}": null } (or by position, ${byPosition})`;
}

/** A value written by `rejected.csv` as `'=...` to keep Excel from running it is read back without the quote. */
export function unescapeCell(value: string): string {
  if (value.length > 1 && value.charCodeAt(0) === 0x27) {
    const c = value.charCodeAt(1);
    if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40) return value.slice(1);
  }
  return value;
}

/** A record's cells per field; empty cells are left out. */
export function toRawRow(values: readonly string[], mapping: ColumnMapping): RawRow {
  return rawRowReader(mapping)(values);
}

/** `toRawRow` for one mapping, with the mapped columns listed once (a row then allocates only its own object). */
export function rawRowReader(mapping: Pick<ColumnMapping, "columnOf">): (values: readonly string[]) => RawRow {
  const fields = [...mapping.columnOf.keys()];
  const indexes = [...mapping.columnOf.values()];
  return (values) => {
    const raw: RawRow = {};
    for (let i = 0; i < fields.length; i++) {
      const v = values[indexes[i] ?? 0];
      if (v !== undefined && v !== "") raw[fields[i] as Field] = unescapeCell(v);
    }
    return raw;
  };
}

/** Reads a `--columns` file: JSON `{ "Header": "field" | null }`. */
export async function loadUserMapping(path: string): Promise<UserMapping> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("MAPPING_INVALID", `cannot read the column mapping: ${reason}`, { file: path });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RunError("MAPPING_INVALID", `expected a JSON object { "Header": "field" }`, { file: path });
  }
  const out: Record<string, Field | null> = {};
  for (const [header, field] of Object.entries(parsed)) {
    if (field === null) out[header] = null;
    else if (typeof field === "string" && isField(field)) out[header] = field;
    else {
      throw new RunError(
        "MAPPING_INVALID",
        `header '${header}' maps to '${String(field)}', which is not a field; expected one of ${FIELDS.join(", ")} or null`,
        { file: path },
      );
    }
  }
  return out;
}
