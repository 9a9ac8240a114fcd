import type { Route, RouteContext } from "../router.js";
import type { CustomerState, OrderState } from "../state.js";
import { collection, requireCustomer } from "./lookup.js";

function listOrders(ctx: RouteContext) {
  const customer = requireCustomer(ctx);
  return { status: 200, body: collection(customer.orders.map((o) => orderBody(customer, o))) };
}

/** The order resource as Partner Center returns it (the cart it came from is kept in the state only). */
export function orderBody(customer: CustomerState, order: OrderState): Record<string, unknown> {
  return {
    id: order.id,
    referenceCustomerId: customer.id,
    billingCycle: order.billingCycle,
    currencyCode: order.currencyCode,
    creationDate: order.creationDate,
    status: order.status,
    lineItems: order.lineItems,
    links: { self: { uri: `/customers/${customer.id}/orders/${order.id}`, method: "GET", headers: [] } },
    attributes: { objectType: "Order" },
  };
}

export const orderRoutes: Route[] = [{ method: "GET", pattern: "/v1/customers/{id}/orders", handler: listOrders }];
