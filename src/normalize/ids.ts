const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const PARTNER_ID = /^\d{5,10}$/;
const LIST_SEPARATOR = /\s*[;,]\s*/;

/** A GUID (a tenant ID) in lower case without braces; undefined when the value is not a GUID. */
export function normalizeGuid(value: string): string | undefined {
  const m = GUID.exec(value);
  return m === null ? undefined : (m[1] ?? "").toLowerCase();
}

/**
 * A reseller reference: a PartnerID (MPN ID: 5 to 10 digits) as given, or a tenant ID (GUID) in lower case. Undefined
 * when it is neither.
 */
export function normalizeResellerId(value: string): string | undefined {
  return PARTNER_ID.test(value) ? value : normalizeGuid(value);
}

/** Splits a list cell on `;` or `,` ("1234567; 7654321"), dropping empty items. */
export function splitList(value: string): string[] {
  return value.split(LIST_SEPARATOR).filter((item) => item !== "");
}

/** `additional_reseller_ids` as reseller references; undefined when any item is not a PartnerID or a GUID. */
export function normalizeResellerIds(value: string): string[] | undefined {
  const ids: string[] = [];
  for (const item of splitList(value)) {
    const id = normalizeResellerId(item);
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}
