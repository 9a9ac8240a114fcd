import type { Field, RawRow } from "../model/fields.js";
import type { CustomerRecord } from "../model/record.js";
import { cleanText } from "../util/text.js";
import { normalizeBoolean } from "./boolean.js";
import { normalizeCountry } from "./country.js";
import { defaultCulture, languageOf, normalizeCulture, normalizeLanguage } from "./culture.js";
import { normalizeDate } from "./date.js";
import { normalizeDomain } from "./domain.js";
import { normalizeEducationSegment, normalizeWebsite } from "./education.js";
import { normalizeEmail } from "./email.js";
import { normalizeGuid, normalizeResellerId, normalizeResellerIds } from "./ids.js";
import { normalizeOffers } from "./offers.js";
import { normalizePhone } from "./phone.js";
import { normalizePostalCode } from "./postal-code.js";
import { normalizeState } from "./state.js";
import { normalizeBillingCycle, normalizeTermDuration } from "./subscription.js";
import { normalizeRegistrationId } from "../rules/registration-id/normalize.js";

/** Fields kept as cleaned text. */
const PLAIN = [
  "company_name",
  "first_name",
  "last_name",
  "address_line1",
  "address_line2",
  "city",
  "external_id",
  "mca_signer_first_name",
  "mca_signer_last_name",
] as const satisfies readonly Field[];

/** Run defaults for subscription lines that give no term or billing cycle (already checked by the run settings). */
export interface RecordDefaults {
  termDuration: string;
  billingCycle: string;
}

/** The text of a raw cell after `cleanText`, or undefined when it is absent or blank. */
export function cleaned(raw: RawRow, field: Field): string | undefined {
  const value = raw[field];
  if (value === undefined || value === "") return undefined;
  const text = cleanText(value);
  return text === "" ? undefined : text;
}

/**
 * The normalized record of one row. Every text is cleaned (trimmed, white space collapsed, NFC); fields with a
 * normalizer are normalized with the row's country where it matters. A value a normalizer cannot make sense of is
 * left out: the rules report it from `raw`. Term and billing defaults apply only when the row orders offers.
 */
export function normalizeRow(raw: RawRow, defaults: RecordDefaults): CustomerRecord {
  const record: CustomerRecord = {};
  const text = (field: Field): string | undefined => cleaned(raw, field);
  const put = <K extends keyof CustomerRecord>(field: K, value: CustomerRecord[K] | undefined): void => {
    if (value !== undefined) record[field] = value;
  };

  const countryText = text("country");
  const country = countryText === undefined ? undefined : normalizeCountry(countryText);
  put("country", country);

  for (const field of PLAIN) put(field, text(field));

  let v = text("registration_id");
  if (v !== undefined) put("registration_id", normalizeRegistrationId(v, country));
  v = text("domain");
  if (v !== undefined) put("domain", normalizeDomain(v));
  v = text("email");
  if (v !== undefined) put("email", normalizeEmail(v));
  v = text("mca_signer_email");
  if (v !== undefined) put("mca_signer_email", normalizeEmail(v));
  v = text("phone");
  if (v !== undefined) put("phone", normalizePhone(v, country));
  v = text("mca_signer_phone");
  if (v !== undefined) put("mca_signer_phone", normalizePhone(v, country));
  v = text("postal_code");
  if (v !== undefined) put("postal_code", normalizePostalCode(v, country));
  v = text("state");
  if (v !== undefined) put("state", normalizeState(v, country));

  v = text("culture");
  const culture =
    v === undefined ? (country === undefined ? undefined : defaultCulture(country)) : normalizeCulture(v, country);
  put("culture", culture);
  v = text("language");
  put("language", v === undefined ? (culture === undefined ? undefined : languageOf(culture)) : normalizeLanguage(v));

  v = text("reseller_id");
  if (v !== undefined) put("reseller_id", normalizeResellerId(v));
  v = text("additional_reseller_ids");
  if (v !== undefined) put("additional_reseller_ids", normalizeResellerIds(v));
  v = text("customer_tenant_id");
  if (v !== undefined) put("customer_tenant_id", normalizeGuid(v));
  v = text("education");
  if (v !== undefined) put("education", normalizeBoolean(v));
  v = text("enable_gdap_default");
  if (v !== undefined) put("enable_gdap_default", normalizeBoolean(v));
  v = text("education_segment");
  if (v !== undefined) put("education_segment", normalizeEducationSegment(v));
  v = text("website");
  if (v !== undefined) put("website", normalizeWebsite(v));
  v = text("mca_accepted_on");
  if (v !== undefined) put("mca_accepted_on", normalizeDate(v));

  const offerId = text("offer_id");
  const offers = text("offers");
  if (offerId !== undefined || offers !== undefined) {
    put("offers", normalizeOffers(offerId, text("quantity"), offers));
    v = text("term_duration");
    put("term_duration", v === undefined ? defaults.termDuration : normalizeTermDuration(v));
    v = text("billing_cycle");
    put("billing_cycle", v === undefined ? defaults.billingCycle : normalizeBillingCycle(v));
  } else {
    v = text("term_duration");
    if (v !== undefined) put("term_duration", normalizeTermDuration(v));
    v = text("billing_cycle");
    if (v !== undefined) put("billing_cycle", normalizeBillingCycle(v));
  }
  return record;
}

/** Whether a row orders offers: it gives an `offer_id` or `offers`, well formed or not. */
export function ordersOffers(raw: RawRow): boolean {
  return cleaned(raw, "offer_id") !== undefined || cleaned(raw, "offers") !== undefined;
}
