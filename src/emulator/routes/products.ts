import { currencyOf, isKnownCountry } from "../country-rules.js";
import { PcError } from "../errors.js";
import { param, type Route, type RouteContext } from "../router.js";
import type { ProductState } from "../state.js";
import type { EmulatorStore } from "../store.js";
import { collection } from "./lookup.js";

/** Terms a product offers when its seed names none: the usual new-commerce license terms. */
export const DEFAULT_TERMS = [
  { termDuration: "P1M", billingCycle: "monthly" },
  { termDuration: "P1Y", billingCycle: "monthly" },
  { termDuration: "P1Y", billingCycle: "annual" },
  { termDuration: "P3Y", billingCycle: "monthly" },
  { termDuration: "P3Y", billingCycle: "triennial" },
] as const;

const TERM_NAMES: Readonly<Record<string, string>> = { P1M: "1 Month", P1Y: "1 Year", P3Y: "3 Years" };

export function termsOf(product: ProductState): readonly { termDuration: string; billingCycle: string }[] {
  return product.terms ?? DEFAULT_TERMS;
}

/** `GET /v1/products/{productId}/skus/{skuId}/availabilities?country=XX`. */
function listAvailabilities(ctx: RouteContext) {
  const productId = param(ctx, "productId");
  const skuId = param(ctx, "skuId");
  const country = (ctx.query.get("country") ?? "").toUpperCase();
  if (!isKnownCountry(country)) throw new PcError("INVALID_INPUT", `country '${country}' is missing or unknown`);
  const product = ctx.store.product(productId, skuId);
  if (product === undefined) throw new PcError("NOT_FOUND", `no product ${productId} with SKU ${skuId}`);
  const availabilityId = product.availabilities[country];
  return {
    status: 200,
    body: collection(availabilityId === undefined ? [] : [availabilityBody(product, availabilityId, country)]),
  };
}

function availabilityBody(p: ProductState, availabilityId: string, country: string): Record<string, unknown> {
  return {
    id: availabilityId,
    productId: p.productId,
    skuId: p.skuId,
    catalogItemId: `${p.productId}:${p.skuId}:${availabilityId}`,
    defaultCurrency: { code: currencyOf(country) },
    segment: "commercial",
    country,
    isPurchasable: true,
    isRenewable: true,
    product: { id: p.productId, title: p.title },
    sku: {
      id: p.skuId,
      productId: p.productId,
      title: p.title,
      minimumQuantity: p.minQuantity,
      maximumQuantity: p.maxQuantity,
    },
    terms: termsOf(p).map((t) => ({
      duration: t.termDuration,
      description: TERM_NAMES[t.termDuration] ?? t.termDuration,
      billingCycle: t.billingCycle,
    })),
    attributes: { objectType: "Availability" },
  };
}

/**
 * The product of a `PRODUCT:SKU:AVAILABILITY` catalog item, when the availability is offered in `country` (any of the
 * product's countries when the customer's country is not known, as for some seeded customers).
 */
export function resolveCatalogItem(
  store: EmulatorStore,
  catalogItemId: string,
  country: string | undefined,
): ProductState | undefined {
  const [productId, skuId, availabilityId, ...rest] = catalogItemId.trim().split(":");
  if (productId === undefined || skuId === undefined || availabilityId === undefined || rest.length > 0)
    return undefined;
  const product = store.product(productId, skuId);
  if (product === undefined) return undefined;
  const offered =
    country === undefined
      ? Object.values(product.availabilities)
      : [product.availabilities[country]].filter((a) => a !== undefined);
  return offered.some((a) => a.toUpperCase() === availabilityId.toUpperCase()) ? product : undefined;
}

export const productRoutes: Route[] = [
  { method: "GET", pattern: "/v1/products/{productId}/skus/{skuId}/availabilities", handler: listAvailabilities },
];
