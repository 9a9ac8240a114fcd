import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { currencyOf } from "../country-rules.js";
import { PcError } from "../errors.js";
import { parseBody } from "../http.js";
import { param, type Route, type RouteContext } from "../router.js";
import type { CartLineState, CartState, CustomerState, OrderState } from "../state.js";
import type { EmulatorStore } from "../store.js";
import { hasConfirmedMca } from "./agreements.js";
import { optional, present, requireCustomer } from "./lookup.js";
import { orderBody } from "./orders.js";
import { resolveCatalogItem, termsOf } from "./products.js";

/** Carts expire this long after creation, as in Partner Center. */
export const CART_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_ADDITIONAL_RESELLERS = 5;
const RESELLER = "transaction_reseller";
const ADDITIONAL_RESELLER = "additional_transaction_reseller";

const createCartSchema = z.object({
  partnerOnRecordAttestationAccepted: z.boolean().nullish(),
  lineItems: z
    .array(
      z.object({
        id: z.number().int().nullish(),
        catalogItemId: z.string().min(1),
        quantity: z.number().int(),
        billingCycle: z.string().min(1),
        termDuration: z.string().min(1),
        friendlyName: z.string().nullish(),
        participants: z.array(z.object({ key: z.string(), value: z.string() })).nullish(),
      }),
    )
    .min(1),
});

/** `POST /v1/customers/{id}/carts`: every line is checked against the catalog and the reseller registry. */
function createCart(ctx: RouteContext) {
  const customer = requireCustomer(ctx);
  const body = parseBody(createCartSchema, ctx.body);
  if (body.partnerOnRecordAttestationAccepted !== true) {
    throw new PcError("INVALID_PROPERTY", "PartnerOnRecordAttestationAccepted must be true");
  }
  const lines: CartLineState[] = body.lineItems.map((line, index) => {
    const where = `line ${index}`;
    const product = resolveCatalogItem(ctx.store, line.catalogItemId, customer.country);
    if (product === undefined) {
      throw new PcError("CATALOG_ITEM_UNKNOWN", `${where}: '${line.catalogItemId}' in ${customer.country ?? "?"}`);
    }
    if (line.quantity < product.minQuantity || line.quantity > product.maxQuantity) {
      throw new PcError(
        "QUANTITY_OUT_OF_RANGE",
        `${where}: ${line.quantity} not in ${product.minQuantity}-${product.maxQuantity} for ${product.title}`,
      );
    }
    const billingCycle = line.billingCycle.toLowerCase();
    const term = termsOf(product).find(
      (t) => t.termDuration === line.termDuration.toUpperCase() && t.billingCycle.toLowerCase() === billingCycle,
    );
    if (term === undefined) {
      throw new PcError("TERM_NOT_AVAILABLE", `${where}: ${line.termDuration} billed ${line.billingCycle}`);
    }
    const participants = line.participants ?? [];
    checkParticipants(ctx.store, participants, where);
    return {
      id: line.id ?? index,
      catalogItemId: line.catalogItemId.trim(),
      quantity: line.quantity,
      billingCycle: term.billingCycle,
      termDuration: term.termDuration,
      ...optional("friendlyName", present(line.friendlyName)),
      participants: participants.map((p) => ({ key: p.key.toLowerCase(), value: p.value.trim() })),
    };
  });
  const now = ctx.now();
  const cart: CartState = {
    id: randomUUID(),
    creationTimeStamp: new Date(now).toISOString(),
    lastModifiedTimeStamp: new Date(now).toISOString(),
    expirationTimeStamp: new Date(now + CART_LIFETIME_MS).toISOString(),
    status: "Active",
    lineItems: lines,
    orderIds: [],
  };
  customer.carts.push(cart);
  ctx.store.changed();
  return { status: 201, body: cartBody(customer, cart) };
}

/** The reseller first, then at most five additional ones; each must be a reseller with a signed MPA. */
function checkParticipants(
  store: EmulatorStore,
  participants: readonly { key: string; value: string }[],
  where: string,
) {
  const resellers = participants.filter((p) => p.key.toLowerCase() === RESELLER);
  const additional = participants.filter((p) => p.key.toLowerCase() === ADDITIONAL_RESELLER);
  const unknownKey = participants.find((p) => ![RESELLER, ADDITIONAL_RESELLER].includes(p.key.toLowerCase()));
  if (unknownKey !== undefined) throw new PcError("INVALID_PROPERTY", `${where}: participant key '${unknownKey.key}'`);
  if (resellers.length > 1) throw new PcError("INVALID_PROPERTY", `${where}: more than one ${RESELLER}`);
  if (additional.length > 0 && resellers.length === 0) {
    throw new PcError("INVALID_PROPERTY", `${where}: ${ADDITIONAL_RESELLER} without a ${RESELLER}`);
  }
  if (additional.length > MAX_ADDITIONAL_RESELLERS) {
    throw new PcError("TOO_MANY_ADDITIONAL_RESELLERS", `${where}: ${additional.length} given`);
  }
  for (const p of [...resellers, ...additional]) {
    const reseller = store.resellerByPartnerId(p.value);
    if (reseller === undefined) throw new PcError("UNKNOWN_RESELLER", `${where}: PartnerID ${p.value}`);
    if (!reseller.mpaSigned) throw new PcError("RESELLER_MPA_NOT_SIGNED", `${where}: PartnerID ${p.value}`);
  }
}

function requireCart(ctx: RouteContext, customer: CustomerState): CartState {
  const cartId = param(ctx, "cartId");
  const cart = customer.carts.find((c) => c.id === cartId.toLowerCase());
  if (cart === undefined) throw new PcError("NOT_FOUND", `no cart ${cartId} for customer ${customer.id}`);
  return cart;
}

function getCart(ctx: RouteContext) {
  const customer = requireCustomer(ctx);
  return { status: 200, body: cartBody(customer, requireCart(ctx, customer)) };
}

/** `POST .../carts/{cartId}/checkout`: one order per billing cycle, once; needs the MCA and a cart under 7 days. */
function checkout(ctx: RouteContext) {
  const customer = requireCustomer(ctx);
  const cart = requireCart(ctx, customer);
  if (cart.status === "Ordered") throw new PcError("CART_ALREADY_ORDERED", `cart ${cart.id}`);
  const now = ctx.now();
  if (now > Date.parse(cart.expirationTimeStamp)) {
    throw new PcError("CART_EXPIRED", `cart ${cart.id} expired at ${cart.expirationTimeStamp}`);
  }
  if (!hasConfirmedMca(customer.agreements)) throw new PcError("MCA_NOT_CONFIRMED", `customer ${customer.id}`);
  const cycles = [...new Set(cart.lineItems.map((l) => l.billingCycle))];
  const orders: OrderState[] = cycles.map((billingCycle) => ({
    id: randomBytes(18).toString("base64url"),
    cartId: cart.id,
    billingCycle,
    currencyCode: currencyOf(customer.country ?? "US"),
    creationDate: new Date(now).toISOString(),
    status: "completed",
    lineItems: cart.lineItems
      .filter((l) => l.billingCycle === billingCycle)
      .map((l, i) => {
        const reseller = l.participants.find((p) => p.key === RESELLER)?.value;
        const additional = l.participants.filter((p) => p.key === ADDITIONAL_RESELLER).map((p) => p.value);
        return {
          lineItemNumber: i,
          offerId: l.catalogItemId,
          subscriptionId: randomUUID(),
          quantity: l.quantity,
          termDuration: l.termDuration,
          ...optional("friendlyName", l.friendlyName),
          ...optional("partnerIdOnRecord", reseller),
          ...(additional.length > 0 && { additionalPartnerIdsOnRecord: additional }),
        };
      }),
  }));
  customer.orders.push(...orders);
  cart.status = "Ordered";
  cart.lastModifiedTimeStamp = new Date(now).toISOString();
  cart.orderIds = orders.map((o) => o.id);
  ctx.store.changed();
  return {
    status: 201,
    body: {
      orders: orders.map((o) => orderBody(customer, o)),
      orderErrors: [],
      attributes: { objectType: "CartCheckoutResult" },
    },
  };
}

function cartBody(customer: CustomerState, cart: CartState): Record<string, unknown> {
  return {
    id: cart.id,
    creationTimeStamp: cart.creationTimeStamp,
    lastModifiedTimeStamp: cart.lastModifiedTimeStamp,
    expirationTimeStamp: cart.expirationTimeStamp,
    lastModifiedUser: "emulator",
    status: cart.status,
    lineItems: cart.lineItems.map((l) => ({
      ...l,
      currencyCode: currencyOf(customer.country ?? "US"),
      provisioningContext: {},
      orderGroup: "0",
    })),
    links: { self: { uri: `/customers/${customer.id}/carts/${cart.id}`, method: "GET", headers: [] } },
    attributes: { objectType: "Cart" },
  };
}

export const cartRoutes: Route[] = [
  { method: "POST", pattern: "/v1/customers/{id}/carts", handler: createCart },
  { method: "GET", pattern: "/v1/customers/{id}/carts/{cartId}", handler: getCart },
  { method: "POST", pattern: "/v1/customers/{id}/carts/{cartId}/checkout", handler: checkout },
];
