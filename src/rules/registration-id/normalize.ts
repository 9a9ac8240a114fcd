import { COUNTRY_SPECS } from "./countries.js";

// Separators people type or paste (spaces of every kind, dots, dashes, slashes, colons, quotes Excel leaves).
const SEPARATORS = /[\s.\-/\\:,_'"`´‐‑‒–—―−]+/g;
// "VAT no.: NL...", "Tax ID: ...": a label ending in a colon.
const COLON_LABEL = /^[\p{L}\s.]{2,24}:/u;
// Labels written before the number without a colon, as on invoices ("ИНН 7707083893", "NIP 526-102-54-21").
const WORD_LABEL =
  /^(?:VAT|TIN|INN|UNP|BIN|IIN|EDRPOU|RNOKPP|NIP|REGON|CNPJ|VKN|GSTIN|TRN|MST|VOEN|VÖEN|IDNO|STIR|BTW|UID)(?:\s*(?:NO|NR|N°|№|#)\.?)?(?:\s+|\s*[#№]\s*)/u;
// Cyrillic labels never belong to an ID, so they go even without a space.
const CYRILLIC_LABEL = /^(?:ИНН|УНП|БИН|ИИН|БСН|ЖСН|ЄДРПОУ|ЕДРПОУ|РНОКПП|ІПН|СТИР)\s*№?\s*/u;
// Belarusian UNPs of individuals start with two letters, often typed in Cyrillic.
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  А: "A",
  В: "B",
  С: "C",
  Е: "E",
  Н: "H",
  К: "K",
  М: "M",
  О: "O",
  Р: "P",
  Т: "T",
};

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The one stored form of a registration ID: upper case, without separators, labels or a country prefix that is not
 * part of the official format. EU VAT numbers keep their prefix ("NL123456789B01", "DE136308783"; "GR" becomes "EL");
 * a Dutch or Austrian VAT number written without it gets it, since its shape cannot be anything else.
 */
export function normalizeRegistrationId(value: string, country: string | undefined): string {
  const ascii = isAscii(value);
  let s = (ascii ? value : value.normalize("NFKC")).trim().toUpperCase();
  // Labels start with a letter; the cheap tests keep the label patterns off the common bare numbers.
  if (!/^[\d(]/.test(s)) {
    if (s.includes(":")) s = s.replace(COLON_LABEL, "").trimStart();
    if (/[\s#№]/.test(s)) s = s.replace(WORD_LABEL, "");
    if (!ascii) s = s.replace(CYRILLIC_LABEL, "");
  }
  if (!/^[0-9A-Z]*$/.test(s)) s = s.replace(SEPARATORS, "");
  if (country === undefined) return s;
  const cc = country.toUpperCase();
  const spec = COUNTRY_SPECS[cc];
  if (spec === undefined) return s;

  const prefix = spec.vat?.prefix;
  if (prefix !== undefined) {
    if (cc === "GR" && /^GR\d/.test(s)) return `EL${s.slice(2)}`;
    if (cc === "NL") {
      const nl = /^(NL)?(\d{1,9})B(\d{2})$/.exec(s);
      if (nl) return `NL${(nl[2] ?? "").padStart(9, "0")}B${nl[3] ?? ""}`;
    }
    if (cc === "AT" && /^U\d{8}$/.test(s)) return `AT${s}`;
    return s;
  }

  if (s.startsWith(cc) && (/^\d$/.test(s.charAt(2)) || (cc === "VE" && /^[JGVEP]\d$/.test(s.slice(2, 4))))) {
    s = s.slice(2);
  }
  if (cc === "BY" && !isAscii(s)) s = s.replace(/[АВСЕНКМОРТ]/g, (c) => CYRILLIC_TO_LATIN[c] ?? c);
  // A VÖEN's leading 0 is often dropped (python-stdnum az.voen).
  if (cc === "AZ" && /^\d{8}[12]$/.test(s)) s = `0${s}`;
  return s;
}
