import { SignInError } from "./errors.js";
import type { TokenProvider } from "./types.js";

/**
 * A token given as is (`--token-file`, PARTNER_CENTER_TOKEN, the emulator's fixed token). It cannot be refreshed:
 * `refresh()` throws `SignInError` REFRESH_FAILED, so a 401 stops the run (exit 4) with what to do next.
 */
export function staticToken(token: string): TokenProvider {
  const value = token.trim();
  if (value === "" || /\s/.test(value)) throw new RangeError("a bearer token is one non-empty word");
  return {
    kind: "static",
    getToken: () => Promise.resolve(value),
    refresh: () =>
      Promise.reject(
        new SignInError(
          "REFRESH_FAILED",
          "Partner Center refused the token given with --token-file or PARTNER_CENTER_TOKEN, and such a token cannot be refreshed (give a fresh one, or sign in instead)",
        ),
      ),
  };
}

/**
 * Who a given JWT speaks for, from its claims (`idtyp`, else `scp` for delegated and `roles` for app permissions);
 * undefined for an opaque token. Lets a run refuse an app-only token up front when it needs a user.
 */
export function tokenKind(token: string): "user" | "app" | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof claims !== "object" || claims === null) return undefined;
  const c = claims as Record<string, unknown>;
  if (c.idtyp === "app" || c.idtyp === "user") return c.idtyp;
  if (typeof c.scp === "string") return "user";
  if (Array.isArray(c.roles)) return "app";
  return undefined;
}
