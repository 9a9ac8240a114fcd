import { z } from "zod";

export const TERM_DURATIONS = ["P1M", "P1Y", "P3Y"] as const;
export const BILLING_CYCLES = ["monthly", "annual", "triennial"] as const;
export const EDUCATION_SEGMENTS = ["K12", "HigherEducation"] as const;

/** One subscription line: `PRODUCT:SKU` (availability looked up later) or `PRODUCT:SKU:AVAILABILITY`. */
export const offerLineSchema = z.strictObject({
  productId: z.string(),
  skuId: z.string(),
  availabilityId: z.string().optional(),
  quantity: z.number().int().min(1),
});
export type OfferLine = z.infer<typeof offerLineSchema>;

/**
 * The normalized customer record: what `accepted.jsonl` holds and what `import` sends.
 * A field a normalizer could not make sense of is left out here; the rules report it from the raw value.
 */
export const customerRecordSchema = z.strictObject({
  company_name: z.string().optional(),
  domain: z.string().optional(),
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  phone: z.string().optional(),
  address_line1: z.string().optional(),
  address_line2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postal_code: z.string().optional(),
  country: z.string().length(2).optional(),
  culture: z.string().optional(),
  language: z.string().optional(),
  registration_id: z.string().optional(),
  external_id: z.string().optional(),
  reseller_id: z.string().optional(),
  additional_reseller_ids: z.array(z.string()).optional(),
  education: z.boolean().optional(),
  education_segment: z.string().optional(),
  website: z.string().optional(),
  offers: z.array(offerLineSchema).optional(),
  term_duration: z.string().optional(),
  billing_cycle: z.string().optional(),
  mca_signer_first_name: z.string().optional(),
  mca_signer_last_name: z.string().optional(),
  mca_signer_email: z.string().optional(),
  mca_signer_phone: z.string().optional(),
  mca_accepted_on: z.string().optional(),
  customer_tenant_id: z.string().optional(),
  enable_gdap_default: z.boolean().optional(),
});
export type CustomerRecord = z.infer<typeof customerRecordSchema>;
