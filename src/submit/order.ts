import type { CustomerRecord } from "../model/record.js";
import type { PartnerCenterClient } from "./client.js";
import { PartnerCenterError, RowFailure, stepRequest } from "./errors.js";
import { attemptRecorder, type Ledger } from "./ledger.js";
import { cartBody, type CartLine, type Participants } from "./payloads.js";

/** Partner Center takes at most five additional resellers on a line. */
export const MAX_ADDITIONAL_RESELLERS = 5;

/** What the order step needs besides the client and the ledger (per-run lookups, cached by the run). */
export interface OrderDeps {
  client: PartnerCenterClient;
  ledger: Ledger;
  /** `PRODUCT:SKU:AVAILABILITY` of a product and SKU in a country, or undefined when it is not sold there. */
  catalogItem(productId: string, skuId: string, country: string): Promise<string | undefined>;
  /** The PartnerID (MPN ID) of a row's reseller reference (PartnerID or tenant GUID), or undefined when unknown. */
  resellerPartnerId(id: string): string | undefined;
}

export interface PlacedOrder {
  cartId: string;
  orderIds: string[];
}

/** The step the saga is in, for the failure it reports and records. */
export interface StepCursor {
  step: string;
}

interface CartAnswer {
  id?: string;
  status?: string;
  creationTimeStamp?: string;
  lineItems?: { catalogItemId?: string }[];
}

interface CheckoutAnswer {
  orders?: { id?: string }[];
  orderErrors?: { code?: unknown; description?: unknown }[];
}

interface OrderList {
  items?: { id?: string; creationDate?: string; lineItems?: { offerId?: string }[] }[];
}

/**
 * Orders a customer's offers through one cart: availabilities, the cart, its checkout. It picks up where the ledger
 * says an earlier run or attempt stopped, and never orders twice: a recorded cart is checked out rather than a new one
 * created; a cart sent without a recorded answer is sent again with the same MS-RequestId (Partner Center answers with
 * the cart it made then); a checkout sent without a recorded answer is settled by asking the cart (Ordered: its orders
 * are looked up) before checking out again with the same MS-RequestId.
 */
export async function placeOrder(
  key: string,
  customerId: string,
  record: CustomerRecord,
  deps: OrderDeps,
  at: StepCursor,
): Promise<PlacedOrder> {
  const state = { ...(deps.ledger.get(key) ?? {}) };
  const carts = `/v1/customers/${encodeURIComponent(customerId)}/carts`;
  let cartId = state.cartId;
  // A cart recorded, or sent again with its request id, may be an old one: past its 7 days it is replaced.
  const earlierCart = cartId !== undefined || state.cartSent !== undefined;
  cartId ??= await createCart(key, carts, record, state.cartSent, deps, at);

  let replay = state.checkoutSent;
  at.step = "checkout";
  if (replay !== undefined) {
    const cart = await getCart(carts, cartId, deps);
    if (cart !== undefined && isOrdered(cart))
      return ordered(key, cartId, await ordersOfCart(customerId, cart, deps), deps);
    if (cart === undefined) replay = undefined;
  }
  try {
    return await checkout(key, carts, cartId, replay, deps);
  } catch (error: unknown) {
    if (error instanceof PartnerCenterError && error.status === 409) {
      // Checked out already (by an attempt whose answer was lost and is no longer replayed): its orders are the answer.
      const cart = await getCart(carts, cartId, deps);
      if (cart !== undefined && isOrdered(cart)) {
        return ordered(key, cartId, await ordersOfCart(customerId, cart, deps), deps);
      }
    }
    if (!(earlierCart && cartGone(error))) throw error;
  }
  // The recorded cart expired (carts live 7 days) or is gone: a new one replaces it in the ledger.
  cartId = await createCart(key, carts, record, undefined, deps, at);
  at.step = "checkout";
  return checkout(key, carts, cartId, undefined, deps);
}

async function createCart(
  key: string,
  carts: string,
  record: CustomerRecord,
  replay: string | undefined,
  deps: OrderDeps,
  at: StepCursor,
): Promise<string> {
  at.step = "availability";
  const lines = await cartLines(record, deps);
  const participants = cartParticipants(record, deps);
  at.step = "cart";
  const answer = await stepRequest(
    deps.client.request<CartAnswer | undefined>("POST", carts, {
      body: cartBody(lines, participants),
      ...(replay !== undefined ? { requestId: replay } : {}),
      onAttempt: attemptRecorder(deps.ledger, key, "cart-sent", replay),
    }),
  );
  const id = answer.body?.id;
  if (id === undefined) throw new RowFailure("BAD_ANSWER", "Partner Center answered the cart without its id", true);
  deps.ledger.note({ k: key, s: "cart", cart: id });
  return id;
}

async function cartLines(record: CustomerRecord, deps: OrderDeps): Promise<CartLine[]> {
  const country = record.country;
  if (country === undefined) throw new RowFailure("COUNTRY_MISSING", "the row has no country to order in");
  const lines: CartLine[] = [];
  for (const offer of record.offers ?? []) {
    const catalogItemId =
      offer.availabilityId !== undefined
        ? `${offer.productId}:${offer.skuId}:${offer.availabilityId}`
        : await deps.catalogItem(offer.productId, offer.skuId, country);
    if (catalogItemId === undefined) {
      throw new RowFailure(
        "OFFER_NOT_AVAILABLE",
        `${offer.productId}:${offer.skuId} has no availability in ${country}: Partner Center does not sell it there`,
      );
    }
    lines.push({
      catalogItemId,
      quantity: offer.quantity,
      // The normalizer applies the run's defaults to rows that order; these only guard a hand-made record.
      termDuration: record.term_duration ?? "P1M",
      billingCycle: record.billing_cycle ?? "monthly",
    });
  }
  return lines;
}

/**
 * The resellers on record of a row's cart lines, as PartnerIDs. Throws `RowFailure` RESELLER_UNKNOWN or
 * TOO_MANY_ADDITIONAL_RESELLERS.
 */
export function cartParticipants(record: CustomerRecord, deps: Pick<OrderDeps, "resellerPartnerId">): Participants {
  const partnerId = (id: string): string => {
    const found = deps.resellerPartnerId(id);
    if (found === undefined) throw new RowFailure("RESELLER_UNKNOWN", `reseller ${id} is not one of your resellers`);
    return found;
  };
  const additional = (record.additional_reseller_ids ?? []).map(partnerId);
  if (additional.length > MAX_ADDITIONAL_RESELLERS) {
    throw new RowFailure(
      "TOO_MANY_ADDITIONAL_RESELLERS",
      `expected at most ${MAX_ADDITIONAL_RESELLERS} additional resellers, found ${additional.length}`,
    );
  }
  return {
    ...(record.reseller_id !== undefined ? { reseller: partnerId(record.reseller_id) } : {}),
    additional,
  };
}

async function checkout(
  key: string,
  carts: string,
  cartId: string,
  replay: string | undefined,
  deps: OrderDeps,
): Promise<PlacedOrder> {
  const answer = await stepRequest(
    deps.client.request<CheckoutAnswer | undefined>("POST", `${carts}/${encodeURIComponent(cartId)}/checkout`, {
      ...(replay !== undefined ? { requestId: replay } : {}),
      onAttempt: attemptRecorder(deps.ledger, key, "checkout-sent", replay),
    }),
  );
  const ids = (answer.body?.orders ?? []).map((o) => o.id).filter((id) => id !== undefined);
  if (ids.length === 0) {
    const first = answer.body?.orderErrors?.[0];
    const code = typeof first?.code === "string" || typeof first?.code === "number" ? String(first.code) : "NO_ORDER";
    const description = typeof first?.description === "string" ? first.description : "the checkout placed no order";
    throw new RowFailure(code, description, true);
  }
  return ordered(key, cartId, ids, deps);
}

function ordered(key: string, cartId: string, orderIds: string[], deps: OrderDeps): PlacedOrder {
  deps.ledger.note({ k: key, s: "ordered", orders: orderIds });
  return { cartId, orderIds };
}

/** The cart, or undefined when Partner Center no longer has it. */
async function getCart(carts: string, cartId: string, deps: OrderDeps): Promise<CartAnswer | undefined> {
  const answer = await deps.client.request<CartAnswer | undefined>("GET", `${carts}/${encodeURIComponent(cartId)}`, {
    accept: [404],
  });
  return answer.status === 404 ? undefined : (answer.body ?? {});
}

function isOrdered(cart: CartAnswer): boolean {
  return cart.status?.toLowerCase() === "ordered";
}

function cartGone(error: unknown): boolean {
  // Partner Center documents no code for an expired cart; its description says so (the emulator's 990007 does too).
  return error instanceof PartnerCenterError && (error.status === 404 || /expired/i.test(error.description));
}

/**
 * The orders a checked-out cart made: the customer's orders whose lines are all the cart's products (the cart itself
 * does not name its orders), made at or after the cart.
 */
async function ordersOfCart(customerId: string, cart: CartAnswer, deps: OrderDeps): Promise<string[]> {
  const productSku = (id: string | undefined): string => (id ?? "").split(":").slice(0, 2).join(":").toUpperCase();
  const wanted = new Set((cart.lineItems ?? []).map((l) => productSku(l.catalogItemId)));
  const since = Date.parse(cart.creationTimeStamp ?? "");
  const list = await deps.client.request<OrderList | undefined>(
    "GET",
    `/v1/customers/${encodeURIComponent(customerId)}/orders`,
  );
  const ids = (list.body?.items ?? [])
    .filter((o) => {
      const lines = o.lineItems ?? [];
      const created = Date.parse(o.creationDate ?? "");
      return (
        lines.length > 0 && lines.every((l) => wanted.has(productSku(l.offerId))) && !(created < since) // unknown dates (NaN) match
      );
    })
    .map((o) => o.id)
    .filter((id) => id !== undefined);
  if (ids.length === 0) {
    throw new RowFailure(
      "ORDER_NOT_FOUND",
      `the cart ${cart.id ?? ""} is checked out but none of the customer's orders matches it; check the customer's orders in Partner Center`,
    );
  }
  return ids;
}
