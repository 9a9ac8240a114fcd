/** The canonical fields of one customer row (shared/domain/input-contract.md). */
export const FIELDS = [
  "company_name",
  "domain",
  "email",
  "first_name",
  "last_name",
  "phone",
  "address_line1",
  "address_line2",
  "city",
  "state",
  "postal_code",
  "country",
  "culture",
  "language",
  "registration_id",
  "external_id",
  "reseller_id",
  "additional_reseller_ids",
  "education",
  "education_segment",
  "website",
  "offer_id",
  "quantity",
  "offers",
  "term_duration",
  "billing_cycle",
  "mca_signer_first_name",
  "mca_signer_last_name",
  "mca_signer_email",
  "mca_signer_phone",
  "mca_accepted_on",
  "customer_tenant_id",
  "enable_gdap_default",
] as const;

export type Field = (typeof FIELDS)[number];

const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);
export function isField(name: string): name is Field {
  return FIELD_SET.has(name);
}

/** Fields every new-customer row must carry. */
export const REQUIRED_FIELDS: readonly Field[] = [
  "company_name",
  "domain",
  "email",
  "first_name",
  "last_name",
  "address_line1",
  "city",
  "country",
];

/** A row's cell text per canonical field, as read (trimmed of nothing). Absent = no such column or empty cell. */
export type RawRow = Partial<Record<Field, string>>;
