import { AU, BR, CA, CN, IN, MX, US, type CountryData } from "country-region-data";
import data from "../data/states.json" with { type: "json" };
import { BoundedCache } from "./cache.js";
import { foldName } from "./fold.js";

const LISTS: Readonly<Record<string, CountryData>> = { AU, BR, CA, CN, IN, MX, US };
const REQUIRED: ReadonlySet<string> = new Set(data.required);
const ALIASES = data.aliases as Record<string, Record<string, string> | undefined>;

interface StateList {
  /** Folded name or code -> code. */
  byName: Map<string, string>;
  /** code -> name, for messages. */
  names: Map<string, string>;
}

const STATE_LISTS: ReadonlyMap<string, StateList> = new Map(
  data.codeLists.flatMap((country) => {
    const list = LISTS[country];
    return list === undefined ? [] : [[country, buildList(country, list)] as const];
  }),
);
const cache = new BoundedCache<string | undefined>();

function buildList(country: string, [, , regions]: CountryData): StateList {
  const byName = new Map<string, string>();
  const names = new Map<string, string>();
  for (const [name, code] of regions) {
    names.set(code, name);
    byName.set(foldName(name), code);
  }
  // Codes win over names: "IN" is Indiana's code, never a name.
  for (const code of names.keys()) byName.set(foldName(code), code);
  for (const [alias, code] of Object.entries(ALIASES[country] ?? {})) {
    const key = foldName(alias);
    if (!names.has(key.toUpperCase()) || key.toUpperCase() === code) byName.set(key, code);
  }
  return { byName, names };
}

/** Whether an address in `country` needs a state or province. */
export function stateRequired(country: string): boolean {
  return REQUIRED.has(country);
}

/** The states or provinces of `country` as code -> name, where the catalogue checks them; undefined elsewhere. */
export function statesOf(country: string): ReadonlyMap<string, string> | undefined {
  return STATE_LISTS.get(country)?.names;
}

/**
 * The state or province code where the country has a code list (US, CA, AU, BR, MX, IN, CN): a name, a code or an
 * ISO 3166-2 code in any case ("California", "ca", "US-CA" -> "CA"). Undefined when the value is none of the
 * country's states. Elsewhere, and without a known country, the value as given.
 */
export function normalizeState(value: string, country: string | undefined): string | undefined {
  const list = country === undefined ? undefined : STATE_LISTS.get(country);
  if (list === undefined || country === undefined) return value;
  const key = `${country}|${value}`;
  if (cache.has(key)) return cache.get(key);
  let folded = foldName(value);
  const iso = `${country.toLowerCase()} `;
  if (folded.startsWith(iso)) folded = folded.slice(iso.length);
  return cache.set(key, list.byName.get(folded));
}
