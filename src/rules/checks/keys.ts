import { nameParts } from "./name-words.js";

/**
 * The key under which a legal name counts as the same in a country: case, diacritics, punctuation and legal forms
 * folded away ("KPN B.V.", "kpn bv" and "KPN" in NL all give "kpn|NL"). For existing-customer lists and duplicates.
 */
export function nameCountryKey(name: string, country: string): string {
  const { tokens, core } = nameParts(name);
  return `${(core.length > 0 ? core : tokens).join(" ")}|${country}`;
}
