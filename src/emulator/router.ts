import { PcError } from "./errors.js";
import type { Answer } from "./http.js";
import type { EmulatorStore } from "./store.js";

/** What a handler sees. Handlers are synchronous, so a check and the change it guards cannot interleave. */
export interface RouteContext {
  params: ReadonlyMap<string, string>;
  query: URLSearchParams;
  /** The raw body text (parse it with `parseBody`). */
  body: string;
  store: EmulatorStore;
  /** The emulator clock, epoch ms. */
  now: () => number;
  educationApprovalDelayMs: number;
}

export type Method = "GET" | "POST" | "HEAD";

export interface Route {
  method: Method;
  /** Path with `{name}` placeholders, e.g. `/v1/customers/{id}/carts`. */
  pattern: string;
  handler: (ctx: RouteContext) => Answer;
  /** A POST that changes nothing (a validation): not remembered for replay, never dropped after commit. */
  readOnly?: boolean;
}

/** Whether a route changes state: such requests are replayed by MS-RequestId and subject to commit-then-drop. */
export function isMutating(route: Route): boolean {
  return route.method === "POST" && route.readOnly !== true;
}

export interface RouteMatch {
  route: Route;
  params: Map<string, string>;
}

/** The route for a method and path; literal segments win over placeholders (`relationshiprequests` over `{id}`). */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | undefined {
  const segments = path.split("/").filter((s) => s !== "");
  let best: { match: RouteMatch; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const parts = route.pattern.split("/").filter((s) => s !== "");
    if (parts.length !== segments.length) continue;
    const params = new Map<string, string>();
    let literals = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const part = parts[i] ?? "";
      const seg = segments[i] ?? "";
      if (part.startsWith("{") && part.endsWith("}")) params.set(part.slice(1, -1), safeDecode(seg));
      else if (part.toLowerCase() === seg.toLowerCase()) literals++;
      else ok = false;
    }
    if (ok && (best === undefined || literals > best.literals)) best = { match: { route, params }, literals };
  }
  return best?.match;
}

/** A path parameter the pattern guarantees. */
export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params.get(name);
  if (value === undefined) throw new PcError("NOT_FOUND", `no ${name} in the path`);
  return value;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
