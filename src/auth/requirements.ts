import { SignInError } from "./errors.js";
import { tokenKind } from "./static-token.js";
import type { TokenProvider } from "./types.js";

/** What a run will do that Partner Center allows only with a signed-in partner user (App+User). */
export interface RunNeeds {
  /** Confirms the Microsoft Customer Agreement for customers (every run that orders, or creates and confirms). */
  confirmsMca?: boolean;
  /** Creates customers for an indirect reseller (`AssociatedPartnerId`). */
  indirectResellerCustomers?: boolean;
  /** Lists the indirect resellers (`IsIndirectCloudSolutionProviderOf`). */
  listsResellers?: boolean;
  /** Checks resellers' Microsoft Partner Agreement status. */
  checksResellerMpa?: boolean;
  /** Submits education qualifications. */
  educationQualification?: boolean;
}

interface AppUserCall {
  need: keyof RunNeeds;
  method: string;
  path: RegExp;
  /** For calls that need a user only with some body (a customer created for a reseller). */
  when?: (body: unknown) => boolean;
  reason: string;
}

/**
 * The Partner Center calls that refuse App-only tokens (partner-center.md, "Facts from newer documentation"). One
 * table, so the run's up-front check and a per-request check cannot disagree.
 */
export const APP_USER_CALLS: readonly AppUserCall[] = [
  {
    need: "confirmsMca",
    method: "POST",
    path: /^\/v1\/customers\/[^/]+\/agreements$/i,
    reason: "confirming the Microsoft Customer Agreement (POST /v1/customers/{id}/agreements)",
  },
  {
    need: "indirectResellerCustomers",
    method: "POST",
    path: /^\/v1\/customers$/i,
    when: (body) => hasKey(body, "associatedpartnerid"),
    reason: "creating customers for an indirect reseller (POST /v1/customers with AssociatedPartnerId)",
  },
  {
    need: "listsResellers",
    method: "GET",
    path: /^\/v1\/relationships$/i,
    reason: "listing the indirect resellers (GET /v1/relationships)",
  },
  {
    need: "checksResellerMpa",
    method: "GET",
    path: /^\/v1\/compliance\/csp\/agreementstatus$/i,
    reason: "checking resellers' Microsoft Partner Agreement status (GET /v1/compliance/csp/agreementstatus)",
  },
  {
    need: "educationQualification",
    method: "POST",
    path: /^\/v1\/customers\/[^/]+\/qualifications$/i,
    reason: "submitting education qualifications (POST /v1/customers/{id}/qualifications)",
  },
];

/** Why this run needs a signed-in partner user: one reason per App+User call it will make; empty when App-only will do. */
export function requiresUser(needs: RunNeeds): string[] {
  return APP_USER_CALLS.filter((call) => needs[call.need] === true).map((call) => call.reason);
}

/** Why this one request needs a signed-in user; undefined when an App-only token is accepted. `path` has no query. */
export function callRequiresUser(method: string, path: string, body?: unknown): string | undefined {
  const bare = path.split("?")[0] ?? path;
  return APP_USER_CALLS.find(
    (call) =>
      call.method === method.toUpperCase() && call.path.test(bare) && (call.when === undefined || call.when(body)),
  )?.reason;
}

/**
 * Checks before a run starts that its token can make every call it needs: an app provider, or a given token whose
 * claims say App-only, is refused with `SignInError` SIGN_IN_REQUIRED listing the reasons. A given token that does not
 * tell is let through (Partner Center will answer 401/403 if it is wrong).
 */
export async function ensureCanRun(provider: TokenProvider, needs: RunNeeds): Promise<void> {
  const reasons = requiresUser(needs);
  if (reasons.length === 0 || provider.kind === "user") return;
  const appOnly = provider.kind === "app" || tokenKind(await provider.getToken()) === "app";
  if (appOnly) throw signInRequired(reasons);
}

/** The SIGN_IN_REQUIRED error of a run that needs a user and has none, naming each reason. */
export function signInRequired(reasons: readonly string[]): SignInError {
  return new SignInError(
    "SIGN_IN_REQUIRED",
    `this run needs a signed-in partner user (App+User) for ${reasons.join("; ")}; app-only credentials cannot do that`,
  );
}

function hasKey(body: unknown, lowerKey: string): boolean {
  if (typeof body !== "object" || body === null) return false;
  return Object.entries(body).some(
    ([k, v]) => k.toLowerCase() === lowerKey && v !== undefined && v !== null && v !== "",
  );
}
