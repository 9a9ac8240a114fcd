import { ConfidentialClientApplication, type AuthenticationResult } from "@azure/msal-node";
import { RunError } from "../errors/run-error.js";
import { isMultiTenant, PARTNER_CENTER_APP_SCOPE } from "./authority.js";
import { SignInError, toSignInError } from "./errors.js";
import { msalSetup, type IdentityConnection } from "./msal-config.js";
import type { TokenProvider } from "./types.js";

const RENEW_BEFORE_MS = 5 * 60_000;

/** How to get App-only tokens with the client credentials grant. */
export interface AppTokenOptions extends IdentityConnection {
  clientId: string;
  /** Kept in memory only; never logged. */
  clientSecret: string;
  /** The partner's tenant ID or domain: client credentials need a tenant, not `organizations`. */
  tenant: string;
  /** Default: Partner Center's `.default`. */
  scopes?: readonly string[] | undefined;
}

/** An App-only token provider (client credentials). Tokens live in memory only: the secret gets a new one any time. */
export function appTokenProvider(options: AppTokenOptions): TokenProvider {
  if (options.clientId.trim() === "") throw new RunError("USAGE", "app sign-in needs a client ID (--client-id)");
  if (options.clientSecret === "") throw new RunError("USAGE", "app sign-in needs a client secret");
  if (isMultiTenant(options.tenant)) {
    throw new RunError("USAGE", `app sign-in needs the partner's own tenant (--tenant), not '${options.tenant}'`);
  }
  const setup = msalSetup(options, options.tenant);
  const app = new ConfidentialClientApplication({
    auth: { ...setup.auth, clientId: options.clientId, clientSecret: options.clientSecret },
    system: setup.system,
  });
  const scopes = [...(options.scopes ?? [PARTNER_CENTER_APP_SCOPE])];
  let current: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  let refreshing: Promise<string> | undefined;

  const acquire = async (force: boolean): Promise<string> => {
    let result: AuthenticationResult | null;
    try {
      result = await app.acquireTokenByClientCredential({ scopes, skipCache: force });
    } catch (error: unknown) {
      throw toSignInError(error, `getting an app token for ${options.clientId}`, setup.network.lastFailure());
    }
    if (result === null || result.accessToken === "") {
      throw new SignInError("SIGN_IN_FAILED", `getting an app token for ${options.clientId} failed: no token`);
    }
    options.logger?.debug(
      { clientId: options.clientId, fromCache: result.fromCache, expiresOn: result.expiresOn?.toISOString() },
      force ? "app token refreshed" : "app token acquired",
    );
    current = { token: result.accessToken, renewAt: (result.expiresOn?.getTime() ?? Date.now()) - RENEW_BEFORE_MS };
    return result.accessToken;
  };

  return {
    kind: "app",
    getToken: () => {
      if (current !== undefined && Date.now() < current.renewAt) return Promise.resolve(current.token);
      pending ??= acquire(false).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    refresh: (rejected) => {
      if (rejected !== undefined && current !== undefined && current.token !== rejected) {
        return Promise.resolve(current.token);
      }
      refreshing ??= acquire(true).finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
  };
}
