import type { CustomerRecord } from "../model/record.js";
import type { PartnerCenterClient } from "./client.js";

/** What `--address-suggestions` does with Partner Center's address validation. */
export type AddressSuggestions = "report" | "accept";

/** An address as `POST /v1/validations/address` takes and suggests it. */
export interface ValidationAddress {
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

/** Partner Center's answer: `status` is one of VerifiedShippable, Verified, InteractionRequired, StreetPartial... */
export interface AddressValidation {
  status: string;
  validationMessage?: string;
  suggestedAddresses: ValidationAddress[];
}

const VERIFIED: ReadonlySet<string> = new Set(["verified", "verifiedshippable"]);

/** Whether Partner Center found the address as given. */
export function isVerified(v: AddressValidation): boolean {
  return VERIFIED.has(v.status.toLowerCase());
}

/** The body of `POST /v1/validations/address` for a record's address. */
export function addressOf(r: CustomerRecord): ValidationAddress {
  const a: ValidationAddress = {};
  if (r.address_line1 !== undefined) a.addressLine1 = r.address_line1;
  if (r.address_line2 !== undefined) a.addressLine2 = r.address_line2;
  if (r.city !== undefined) a.city = r.city;
  if (r.state !== undefined) a.state = r.state;
  if (r.postal_code !== undefined) a.postalCode = r.postal_code;
  if (r.country !== undefined) a.country = r.country;
  return a;
}

/** Asks Partner Center to validate a record's address (read-only: it creates nothing). */
export async function validateAddress(client: PartnerCenterClient, r: CustomerRecord): Promise<AddressValidation> {
  const answer = await client.request<Partial<AddressValidation> | undefined>("POST", "/v1/validations/address", {
    body: addressOf(r),
  });
  const body = answer.body ?? {};
  return {
    status: typeof body.status === "string" ? body.status : "NotValidated",
    ...(typeof body.validationMessage === "string" ? { validationMessage: body.validationMessage } : {}),
    suggestedAddresses: Array.isArray(body.suggestedAddresses) ? body.suggestedAddresses : [],
  };
}

/** One line for a person: the address as it reads. */
export function formatAddress(a: ValidationAddress): string {
  return [a.addressLine1, a.addressLine2, [a.postalCode, a.city].filter(Boolean).join(" "), a.state, a.country]
    .filter((p) => p !== undefined && p !== "")
    .join(", ");
}

/**
 * What to do with a validated address. Verified: nothing. Exactly one suggestion and `accept`: the record with the
 * suggested address (the country is never changed: a suggestion in another country is only reported). Otherwise the
 * record as given, with a note saying what Partner Center said and suggested.
 */
export function applySuggestion(
  r: CustomerRecord,
  v: AddressValidation,
  mode: AddressSuggestions,
): { record: CustomerRecord; accepted: boolean; note?: string } {
  if (isVerified(v)) return { record: r, accepted: false };
  const said = `Partner Center's address validation answered ${v.status}${v.validationMessage !== undefined ? ` (${v.validationMessage})` : ""}`;
  const [only, ...more] = v.suggestedAddresses;
  if (only === undefined) return { record: r, accepted: false, note: `${said}, with no suggestion` };
  const sameCountry = (only.country ?? r.country)?.toUpperCase() === r.country?.toUpperCase();
  if (mode === "accept" && more.length === 0 && sameCountry) {
    const next: CustomerRecord = { ...r };
    setOrDrop(next, "address_line1", only.addressLine1);
    setOrDrop(next, "address_line2", only.addressLine2);
    setOrDrop(next, "city", only.city);
    setOrDrop(next, "state", only.state);
    setOrDrop(next, "postal_code", only.postalCode);
    return {
      record: next,
      accepted: true,
      note: `${said}; its suggestion was accepted: ${formatAddress(only)} (was ${formatAddress(addressOf(r))})`,
    };
  }
  const list = v.suggestedAddresses.map(formatAddress).join(" | ");
  const why =
    mode === "accept"
      ? more.length > 0
        ? "; several suggestions: none taken"
        : "; in another country: not taken"
      : "";
  return { record: r, accepted: false, note: `${said}; suggested: ${list}${why}` };
}

type AddressField = "address_line1" | "address_line2" | "city" | "state" | "postal_code";

function setOrDrop(r: CustomerRecord, field: AddressField, value: string | undefined): void {
  const v = value?.trim();
  if (v === undefined || v === "") {
    // Only the second line may be left out by a suggestion; the rest are kept when it does not name them.
    if (field === "address_line2") delete r.address_line2;
  } else {
    r[field] = v;
  }
}
