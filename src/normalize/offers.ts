import type { OfferLine } from "../model/record.js";

/** `PRODUCT:SKU` or `PRODUCT:SKU:AVAILABILITY`, as in the Partner Center catalogue (CFQ7TTC0LH18:0001). */
export const OFFER_ID = /^([A-Z0-9]{8,16}):([A-Z0-9]{2,8})(?::([A-Z0-9]{8,16}))?$/;
const QUANTITY = /^\d{1,7}(?:\.0+)?$/;
const ITEM = /^(.+?)\s*\*\s*(\S+)$/;
const ITEM_SEPARATOR = /\s*;\s*/;

/** A quantity: a whole number >= 1 ("25", or "25.0" as a spreadsheet may write it); undefined otherwise. */
export function normalizeQuantity(value: string): number | undefined {
  if (!QUANTITY.test(value)) return undefined;
  const n = Math.floor(Number(value));
  return n >= 1 ? n : undefined;
}

/** One `PRODUCT:SKU[:AVAILABILITY]` with a quantity as an offer line; undefined when either is malformed. */
export function offerLine(offerId: string, quantity: string): OfferLine | undefined {
  const m = OFFER_ID.exec(offerId.toUpperCase());
  const q = normalizeQuantity(quantity);
  if (m === null || q === undefined) return undefined;
  const line: OfferLine = { productId: m[1] ?? "", skuId: m[2] ?? "", quantity: q };
  if (m[3] !== undefined) line.availabilityId = m[3];
  return line;
}

/**
 * The subscription lines a row orders: `offer_id` with `quantity`, or `offers` as
 * `PRODUCT:SKU*quantity;PRODUCT:SKU*quantity`. Undefined when the row orders nothing, when it gives both forms, or when
 * any part is malformed (an offer without a quantity included): the rules say which.
 */
export function normalizeOffers(
  offerId: string | undefined,
  quantity: string | undefined,
  offers: string | undefined,
): OfferLine[] | undefined {
  if (offers !== undefined) {
    if (offerId !== undefined) return undefined;
    const lines: OfferLine[] = [];
    for (const item of offers.split(ITEM_SEPARATOR)) {
      if (item === "") continue;
      const m = ITEM.exec(item);
      const line = m === null ? undefined : offerLine(m[1] ?? "", m[2] ?? "");
      if (line === undefined) return undefined;
      lines.push(line);
    }
    return lines.length > 0 ? lines : undefined;
  }
  if (offerId === undefined || quantity === undefined) return undefined;
  const line = offerLine(offerId, quantity);
  return line === undefined ? undefined : [line];
}
