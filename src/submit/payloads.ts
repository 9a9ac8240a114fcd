import type { CustomerRecord } from "../model/record.js";

/** What a customer's creation needs besides its record. */
export interface CreateContext {
  /** Countries where Partner Center takes (and requires) OrganizationRegistrationNumber. */
  registrationCountries: ReadonlySet<string>;
  /** The indirect reseller's tenant ID, resolved from the row's reseller_id. */
  associatedPartnerId?: string;
}

/** `POST /v1/customers` body, as documented; optional parts only when they have a value. */
export function customerBody(r: CustomerRecord, ctx: CreateContext): Record<string, unknown> {
  const address: Record<string, unknown> = {
    FirstName: r.first_name,
    LastName: r.last_name,
    AddressLine1: r.address_line1,
    City: r.city,
    Country: r.country,
  };
  if (r.address_line2 !== undefined) address.AddressLine2 = r.address_line2;
  if (r.state !== undefined) address.State = r.state;
  if (r.postal_code !== undefined) address.PostalCode = r.postal_code;
  if (r.phone !== undefined) address.PhoneNumber = r.phone;
  const company: Record<string, unknown> = { Domain: `${r.domain ?? ""}.onmicrosoft.com` };
  // Outside the registration countries Partner Center rejects the number (600002): it stays in the record only.
  if (r.registration_id !== undefined && r.country !== undefined && ctx.registrationCountries.has(r.country)) {
    company.OrganizationRegistrationNumber = r.registration_id;
  }
  const body: Record<string, unknown> = {
    CompanyProfile: company,
    BillingProfile: {
      Email: r.email,
      Culture: r.culture,
      Language: r.language,
      CompanyName: r.company_name,
      DefaultAddress: address,
    },
  };
  if (r.enable_gdap_default !== undefined) body.enableGDAPByDefault = r.enable_gdap_default;
  if (ctx.associatedPartnerId !== undefined) body.AssociatedPartnerId = ctx.associatedPartnerId;
  return body;
}

/** Who accepted the Microsoft Customer Agreement and when, or why the row cannot confirm it. */
export function mcaAcceptance(
  r: CustomerRecord,
):
  | { firstName: string; lastName: string; email: string; phoneNumber?: string; dateAgreed: string }
  | { missing: string } {
  const firstName = r.mca_signer_first_name ?? r.first_name;
  const lastName = r.mca_signer_last_name ?? r.last_name;
  const email = r.mca_signer_email ?? r.email;
  if (r.mca_accepted_on === undefined)
    return { missing: "the row has no mca_accepted_on (date the customer accepted the MCA)" };
  if (firstName === undefined || lastName === undefined || email === undefined) {
    return { missing: "the row names no MCA signer (mca_signer_* or the primary contact)" };
  }
  const phone = r.mca_signer_phone ?? (r.mca_signer_first_name === undefined ? r.phone : undefined);
  return {
    firstName,
    lastName,
    email,
    ...(phone !== undefined ? { phoneNumber: phone } : {}),
    dateAgreed: `${r.mca_accepted_on}T00:00:00Z`,
  };
}

export function mcaBody(
  acceptance: { firstName: string; lastName: string; email: string; phoneNumber?: string; dateAgreed: string },
  templateId: string,
): Record<string, unknown> {
  const { dateAgreed, ...primaryContact } = acceptance;
  return { primaryContact, templateId, dateAgreed, type: "MicrosoftCustomerAgreement" };
}

/** One cart line as `POST /v1/customers/{id}/carts` takes it. */
export interface CartLine {
  catalogItemId: string;
  quantity: number;
  termDuration: string;
  billingCycle: string;
}

/** The reseller on record first, then the additional ones (Partner Center takes at most five). */
export interface Participants {
  reseller?: string;
  additional: readonly string[];
}

/**
 * `POST /v1/customers/{id}/carts` body: one line per offer, each naming the resellers on record. It states the partner's
 * attestation (PartnerOnRecordAttestationAccepted), so it is built only when the run confirmed both attestations.
 */
export function cartBody(lines: readonly CartLine[], participants: Participants): Record<string, unknown> {
  const list = [
    ...(participants.reseller !== undefined ? [{ key: "transaction_reseller", value: participants.reseller }] : []),
    ...participants.additional.map((value) => ({ key: "additional_transaction_reseller", value })),
  ];
  return {
    PartnerOnRecordAttestationAccepted: true,
    lineItems: lines.map((line, id) => ({
      id,
      catalogItemId: line.catalogItemId,
      quantity: line.quantity,
      termDuration: line.termDuration,
      billingCycle: line.billingCycle,
      ...(list.length > 0 ? { participants: list } : {}),
    })),
  };
}
