import { z } from "zod";

/** The state file's shape: everything the emulator knows, in creation order. */

const contactSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phoneNumber: z.string().optional(),
});

const addressSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string().optional(),
  addressLine3: z.string().optional(),
  city: z.string(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string(),
  phoneNumber: z.string().optional(),
});
export type AddressState = z.infer<typeof addressSchema>;

const agreementSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  type: z.string(),
  dateAgreed: z.string(),
  primaryContact: contactSchema,
  createdAt: z.string(),
});
export type AgreementState = z.infer<typeof agreementSchema>;

const qualificationSchema = z.object({
  qualification: z.string(),
  educationSegment: z.string().optional(),
  website: z.string().optional(),
  submittedAt: z.string(),
  /** The qualification reads `Approved` from this time on (emulator clock), `InReview` before. */
  approvesAt: z.string(),
});
export type QualificationState = z.infer<typeof qualificationSchema>;

const participantSchema = z.object({ key: z.string(), value: z.string() });

const cartLineSchema = z.object({
  id: z.number(),
  catalogItemId: z.string(),
  quantity: z.number(),
  billingCycle: z.string(),
  termDuration: z.string(),
  friendlyName: z.string().optional(),
  participants: z.array(participantSchema),
});
export type CartLineState = z.infer<typeof cartLineSchema>;

const cartSchema = z.object({
  id: z.string(),
  creationTimeStamp: z.string(),
  lastModifiedTimeStamp: z.string(),
  expirationTimeStamp: z.string(),
  status: z.enum(["Active", "Ordered"]),
  lineItems: z.array(cartLineSchema),
  orderIds: z.array(z.string()),
});
export type CartState = z.infer<typeof cartSchema>;

const orderLineSchema = z.object({
  lineItemNumber: z.number(),
  offerId: z.string(),
  subscriptionId: z.string(),
  quantity: z.number(),
  termDuration: z.string(),
  friendlyName: z.string().optional(),
  partnerIdOnRecord: z.string().optional(),
  additionalPartnerIdsOnRecord: z.array(z.string()).optional(),
});

const orderSchema = z.object({
  id: z.string(),
  cartId: z.string(),
  billingCycle: z.string(),
  currencyCode: z.string(),
  creationDate: z.string(),
  status: z.string(),
  lineItems: z.array(orderLineSchema),
});
export type OrderState = z.infer<typeof orderSchema>;

const customerSchema = z.object({
  id: z.string(),
  commerceId: z.string(),
  /** The full initial domain, lower case: `prefix.onmicrosoft.com`. */
  domain: z.string(),
  companyName: z.string(),
  country: z.string().optional(),
  createdAt: z.string(),
  /** From the seed (an existing customer), not created through the API. */
  seeded: z.boolean(),
  associatedPartnerId: z.string().optional(),
  enableGDAPByDefault: z.boolean().optional(),
  organizationRegistrationNumber: z.string().optional(),
  billingProfile: z
    .object({
      id: z.string(),
      email: z.string(),
      culture: z.string(),
      language: z.string(),
      companyName: z.string(),
      defaultAddress: addressSchema,
    })
    .optional(),
  agreements: z.array(agreementSchema),
  qualifications: z.array(qualificationSchema),
  carts: z.array(cartSchema),
  orders: z.array(orderSchema),
});
export type CustomerState = z.infer<typeof customerSchema>;

export const partnerSchema = z.object({ tenantId: z.string(), mpnId: z.string(), name: z.string() });
export type PartnerState = z.infer<typeof partnerSchema>;

export const resellerSchema = z.object({
  partnerId: z.string().regex(/^\d+$/, "a PartnerID (MPN ID) is digits"),
  tenantId: z.guid(),
  name: z.string(),
  mpaSigned: z.boolean(),
});
export type ResellerState = z.infer<typeof resellerSchema>;

export const termSchema = z.object({ termDuration: z.string(), billingCycle: z.string() });

export const productSchema = z.object({
  productId: z.string().min(1),
  skuId: z.string().min(1),
  title: z.string(),
  minQuantity: z.number().int().min(1).default(1),
  maxQuantity: z.number().int().min(1).default(300),
  /** Availability id per country (ISO-2). */
  availabilities: z.record(z.string().length(2), z.string().min(1)),
  terms: z.array(termSchema).optional(),
});
export type ProductState = z.infer<typeof productSchema>;

const replySchema = z.object({ key: z.string(), status: z.number(), body: z.string().optional() });
export type RememberedReply = z.infer<typeof replySchema>;

export const emulatorStateSchema = z.object({
  version: z.literal(1),
  partner: partnerSchema,
  resellers: z.array(resellerSchema),
  products: z.array(productSchema),
  customers: z.array(customerSchema),
  /** Answers to POSTs by `METHOD path MS-RequestId`, oldest first, for replay. */
  replies: z.array(replySchema),
});
/** The emulator's whole state: what `state()` returns and the state file holds. */
export type EmulatorState = z.infer<typeof emulatorStateSchema>;
