import type { Field, RawRow } from "../model/fields.js";
import type { CustomerRecord } from "../model/record.js";
import { cleanText } from "../util/text.js";
import { normalizeBoolean } from "./boolean.js";
import { normalizeCountry } from "./country.js";
import { defaultCulture, languageOf, normalizeCulture, normalizeLanguage } from "./culture.js";
import { normalizeDate, type DateOrder } from "./date.js";
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

/** Run defaults for subscription lines that give no term or billing cycle (already checked by the run settings). */
export interface RecordDefaults {
  termDuration: string;
  billingCycle: string;
  /** How numeric dates are read (default day first). */
  dateOrder?: DateOrder | undefined;
}

/** The text of a raw cell after `cleanText`, or undefined when it is absent or blank. */
export function cleaned(raw: RawRow, field: Field): string | undefined {
  return clean(raw[field]);
}

function clean(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  const text = cleanText(value);
  return text === "" ? undefined : text;
}

/**
 * The normalized record of one row. Every text is cleaned (trimmed, white space collapsed, NFC); fields with a
 * normalizer are normalized with the row's country where it matters. A value a normalizer cannot make sense of is
 * left out: the rules report it from `raw`. Term and billing defaults apply only when the row orders offers.
 * (Written out field by field, without helpers that would be allocated for every row: this runs once a row.)
 */
export function normalizeRow(raw: RawRow, defaults: RecordDefaults): CustomerRecord {
  const record: CustomerRecord = {};
  let v = clean(raw.country);
  const country = v === undefined ? undefined : normalizeCountry(v);
  if (country !== undefined) record.country = country;

  // The fields kept as cleaned text, one by one and by name (a load or store by a computed name costs several times more).
  if ((v = clean(raw.company_name)) !== undefined) record.company_name = v;
  if ((v = clean(raw.first_name)) !== undefined) record.first_name = v;
  if ((v = clean(raw.last_name)) !== undefined) record.last_name = v;
  if ((v = clean(raw.address_line1)) !== undefined) record.address_line1 = v;
  if ((v = clean(raw.address_line2)) !== undefined) record.address_line2 = v;
  if ((v = clean(raw.city)) !== undefined) record.city = v;
  if ((v = clean(raw.external_id)) !== undefined) record.external_id = v;
  if ((v = clean(raw.mca_signer_first_name)) !== undefined) record.mca_signer_first_name = v;
  if ((v = clean(raw.mca_signer_last_name)) !== undefined) record.mca_signer_last_name = v;

  let n: string | undefined;
  v = clean(raw.registration_id);
  if (v !== undefined && (n = normalizeRegistrationId(v, country)) !== undefined) record.registration_id = n;
  v = clean(raw.domain);
  if (v !== undefined && (n = normalizeDomain(v)) !== undefined) record.domain = n;
  v = clean(raw.email);
  if (v !== undefined && (n = normalizeEmail(v)) !== undefined) record.email = n;
  v = clean(raw.mca_signer_email);
  if (v !== undefined && (n = normalizeEmail(v)) !== undefined) record.mca_signer_email = n;
  v = clean(raw.phone);
  if (v !== undefined && (n = normalizePhone(v, country)) !== undefined) record.phone = n;
  v = clean(raw.mca_signer_phone);
  if (v !== undefined && (n = normalizePhone(v, country)) !== undefined) record.mca_signer_phone = n;
  v = clean(raw.postal_code);
  if (v !== undefined && (n = normalizePostalCode(v, country)) !== undefined) record.postal_code = n;
  v = clean(raw.state);
  if (v !== undefined && (n = normalizeState(v, country)) !== undefined) record.state = n;

  v = clean(raw.culture);
  const culture =
    v === undefined ? (country === undefined ? undefined : defaultCulture(country)) : normalizeCulture(v, country);
  if (culture !== undefined) record.culture = culture;
  v = clean(raw.language);
  const language = v === undefined ? (culture === undefined ? undefined : languageOf(culture)) : normalizeLanguage(v);
  if (language !== undefined) record.language = language;

  v = clean(raw.reseller_id);
  if (v !== undefined && (n = normalizeResellerId(v)) !== undefined) record.reseller_id = n;
  v = clean(raw.additional_reseller_ids);
  if (v !== undefined) {
    const ids = normalizeResellerIds(v);
    if (ids !== undefined) record.additional_reseller_ids = ids;
  }
  v = clean(raw.customer_tenant_id);
  if (v !== undefined && (n = normalizeGuid(v)) !== undefined) record.customer_tenant_id = n;
  let b: boolean | undefined;
  v = clean(raw.education);
  if (v !== undefined && (b = normalizeBoolean(v)) !== undefined) record.education = b;
  v = clean(raw.enable_gdap_default);
  if (v !== undefined && (b = normalizeBoolean(v)) !== undefined) record.enable_gdap_default = b;
  v = clean(raw.education_segment);
  if (v !== undefined && (n = normalizeEducationSegment(v)) !== undefined) record.education_segment = n;
  v = clean(raw.website);
  if (v !== undefined && (n = normalizeWebsite(v)) !== undefined) record.website = n;
  v = clean(raw.mca_accepted_on);
  if (v !== undefined && (n = normalizeDate(v, defaults.dateOrder)) !== undefined) record.mca_accepted_on = n;

  const offerId = clean(raw.offer_id);
  const offers = clean(raw.offers);
  const ordering = offerId !== undefined || offers !== undefined;
  if (ordering) {
    const lines = normalizeOffers(offerId, clean(raw.quantity), offers);
    if (lines !== undefined) record.offers = lines;
  }
  v = clean(raw.term_duration);
  const term = v === undefined ? (ordering ? defaults.termDuration : undefined) : normalizeTermDuration(v);
  if (term !== undefined) record.term_duration = term;
  v = clean(raw.billing_cycle);
  const cycle = v === undefined ? (ordering ? defaults.billingCycle : undefined) : normalizeBillingCycle(v);
  if (cycle !== undefined) record.billing_cycle = cycle;
  return record;
}

/** Whether a row orders offers: it gives an `offer_id` or `offers`, well formed or not. */
export function ordersOffers(raw: RawRow): boolean {
  return cleaned(raw, "offer_id") !== undefined || cleaned(raw, "offers") !== undefined;
}
