import { fullDomain } from "../domain-name.js";
import { param, type Route, type RouteContext } from "../router.js";

/** `HEAD /v1/domains/{domain}`: 200 when a customer has the domain, 404 when it is free. */
function domainTaken(ctx: RouteContext) {
  return { status: ctx.store.customerByDomain(fullDomain(param(ctx, "domain"))) === undefined ? 404 : 200 };
}

export const domainRoutes: Route[] = [{ method: "HEAD", pattern: "/v1/domains/{domain}", handler: domainTaken }];
