import { PcError } from "../errors.js";
import { param, type RouteContext } from "../router.js";
import type { CustomerState } from "../state.js";

/** The customer named by the path's `{id}`; 404 when unknown. */
export function requireCustomer(ctx: RouteContext): CustomerState {
  const id = param(ctx, "id");
  const customer = ctx.store.customer(id);
  if (customer === undefined) throw new PcError("NOT_FOUND", `no customer with id ${id}`);
  return customer;
}

/** A collection as Partner Center wraps it. */
export function collection(items: readonly unknown[]): Record<string, unknown> {
  return { totalCount: items.length, items, attributes: { objectType: "Collection" } };
}

/** An optional string field: null and blank mean absent. */
export function present(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** `{ key: value }` when the value is present, else `{}`: for spreading optional properties. */
export function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
