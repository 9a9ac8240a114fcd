import { readFile } from "node:fs/promises";
import { RunError } from "../errors/run-error.js";
import { FIELDS, REQUIRED_FIELDS, isField, type Field, type RawRow } from "../model/fields.js";
import { BUILT_IN_ALIASES, headerKey } from "./aliases.js";

/** A user's own header names: `{ "Header in the file": "field" }`, or `null` to ignore a column. */
export type UserMapping = Readonly<Record<string, Field | null>>;

/** Header key -> field, or null for a column the user told us to ignore. */
export type HeaderLookup = ReadonlyMap<string, Field | null>;

export function buildLookup(user: UserMapping = {}): HeaderLookup {
  const lookup = new Map<string, Field | null>();
  for (const field of FIELDS) {
    lookup.set(headerKey(field), field);
    for (const alias of BUILT_IN_ALIASES[field]) lookup.set(headerKey(alias), field);
  }
  // The user's names win over the built-in ones.
  for (const [header, field] of Object.entries(user)) lookup.set(headerKey(header), field);
  return lookup;
}

/** How many distinct fields a row's cells name: the header row is the row that names the most. */
export function headerScorer(lookup: HeaderLookup): (cells: readonly string[]) => number {
  return (cells) => {
    const seen = new Set<Field>();
    for (const cell of cells) {
      const field = lookup.get(headerKey(cell));
      if (field !== undefined && field !== null) seen.add(field);
    }
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
export function mapColumns(headers: readonly string[], lookup: HeaderLookup, file: string): ColumnMapping {
  const fieldOf: (Field | undefined)[] = [];
  const columnOf = new Map<Field, number>();
  const unmapped: string[] = [];
  headers.forEach((header, index) => {
    const field = lookup.get(headerKey(header));
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
          `map one of them to null in a --columns file to ignore it`,
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
    throw new RunError(
      "COLUMNS_MISSING",
      `missing required column${missing.length > 1 ? "s" : ""}: ${hint}; the header row has: ` +
        `${headers.map((h) => `'${h}'`).join(", ")}. Name the columns so, or map them with --columns mapping.json`,
      { file },
    );
  }
  return { headers, fieldOf, columnOf, unmapped };
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
