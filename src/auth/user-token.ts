import { PublicClientApplication, type AccountInfo, type AuthenticationResult } from "@azure/msal-node";
import { RunError } from "../errors/run-error.js";
import { authorityHost, DEFAULT_USER_TENANT, PARTNER_CENTER_USER_SCOPE } from "./authority.js";
import { SignInError, toSignInError } from "./errors.js";
import { msalSetup, type IdentityConnection } from "./msal-config.js";
import { fileCachePlugin } from "./token-cache-file.js";
import type { SignedInAccount, TokenProvider } from "./types.js";

/** A token is renewed this long before it expires, as msal itself does: a request never leaves with a dying token. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** How to reach a partner user's tokens (App+User). */
export interface UserTokenOptions extends IdentityConnection {
  /** The partner's app registration (public client, device code flow allowed). */
  clientId: string;
  /** Tenant ID or domain; default `organizations` (the user's own tenant). */
  tenant?: string | undefined;
  /** Default: Partner Center's `user_impersonation`. */
  scopes?: readonly string[] | undefined;
  /** The msal token cache file (mode 0600), e.g. `<state>/token-cache.json`. */
  cacheFile: string;
}

/** A signed-in partner user's tokens, refreshed silently from the cache file. */
export interface UserTokenProvider extends TokenProvider {
  readonly kind: "user";
  /** The user the cache holds for this authority; undefined when nobody signed in. */
  account(): Promise<SignedInAccount | undefined>;
}

/** What the device code flow shows the user: enter `userCode` at `verificationUri`. */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  expiresInSeconds: number;
  /** The identity platform's own sentence, e.g. "To sign in, use a web browser to open the page ...". */
  message: string;
}

export interface DeviceCodeSignInOptions extends UserTokenOptions {
  /** Called once the code is issued: show it to the user (the CLI writes it on stderr). */
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
  /** Stop waiting after this many seconds (the code's own lifetime applies anyway). */
  timeoutSeconds?: number | undefined;
}

export interface SignInResult {
  account: SignedInAccount;
  /** The new access token's expiry as msal computed it. */
  expiresOn: Date | undefined;
  /** A provider on the same cache, already holding the new token. */
  provider: UserTokenProvider;
}

/**
 * A partner user's token provider over msal-node's public client and a token cache file. `getToken()` answers from
 * memory, then from the cache (msal refreshes with the refresh token when the access token is near expiry);
 * `refresh()` always gets a new access token with the refresh token. Throws `SignInError` SIGN_IN_REQUIRED when the
 * cache holds nobody for this authority, REFRESH_FAILED when the refresh token is refused.
 */
export function userTokenProvider(options: UserTokenOptions): UserTokenProvider {
  return new UserSession(options);
}

/**
 * Signs a partner user in with the device code flow, keeps the tokens in the cache file (the only account of this
 * authority in it), and answers who signed in. Throws `SignInError` (DEVICE_CODE_EXPIRED, SIGN_IN_DECLINED,
 * IDENTITY_UNREACHABLE, SIGN_IN_FAILED).
 */
export async function deviceCodeSignIn(options: DeviceCodeSignInOptions): Promise<SignInResult> {
  const session = new UserSession(options);
  return session.signIn(options.onDeviceCode, options.timeoutSeconds);
}

class UserSession implements UserTokenProvider {
  readonly kind = "user" as const;
  private readonly app: PublicClientApplication;
  private readonly setup: ReturnType<typeof msalSetup>;
  private readonly scopes: string[];
  private readonly environment: string;
  private current: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private refreshing: Promise<string> | undefined;

  constructor(private readonly options: UserTokenOptions) {
    if (options.clientId.trim() === "") throw new RunError("USAGE", "a client ID is needed to sign in (--client-id)");
    this.setup = msalSetup(options, options.tenant ?? DEFAULT_USER_TENANT);
    this.environment = authorityHost(this.setup.authority);
    this.scopes = [...(options.scopes ?? [PARTNER_CENTER_USER_SCOPE])];
    this.app = new PublicClientApplication({
      auth: { ...this.setup.auth, clientId: options.clientId },
      cache: { cachePlugin: fileCachePlugin(options.cacheFile, options.logger) },
      system: this.setup.system,
    });
  }

  getToken(): Promise<string> {
    if (this.current !== undefined && Date.now() < this.current.renewAt) return Promise.resolve(this.current.token);
    this.pending ??= this.acquire(false).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  refresh(rejected?: string): Promise<string> {
    if (rejected !== undefined && this.current !== undefined && this.current.token !== rejected) {
      return Promise.resolve(this.current.token);
    }
    this.refreshing ??= this.acquire(true).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async account(): Promise<SignedInAccount | undefined> {
    const accounts = await this.accounts();
    const first = accounts[0];
    return first === undefined ? undefined : summary(first);
  }

  async signIn(onDeviceCode: DeviceCodeSignInOptions["onDeviceCode"], timeoutSeconds?: number): Promise<SignInResult> {
    let result: AuthenticationResult | null;
    try {
      result = await this.app.acquireTokenByDeviceCode({
        scopes: this.scopes,
        deviceCodeCallback: (response) => {
          onDeviceCode({
            userCode: response.userCode,
            verificationUri: response.verificationUri,
            expiresInSeconds: response.expiresIn,
            message: response.message,
          });
        },
        ...(timeoutSeconds !== undefined && { timeout: timeoutSeconds }),
      });
    } catch (error: unknown) {
      throw toSignInError(error, "signing in with a device code", this.setup.network.lastFailure());
    }
    if (result?.account == null) {
      throw new SignInError("SIGN_IN_FAILED", "signing in with a device code failed: no account in the answer");
    }
    const account = result.account;
    // One partner user per state folder and authority: the next run must not have to choose.
    const cache = this.app.getTokenCache();
    for (const other of await cache.getAllAccounts()) {
      if (other.environment === account.environment && other.homeAccountId !== account.homeAccountId) {
        await cache.removeAccount(other);
      }
    }
    this.remember(result);
    this.options.logger?.info(
      { user: account.username, tenant: account.tenantId, authority: this.environment },
      "signed in with a device code",
    );
    return { account: summary(account), expiresOn: result.expiresOn ?? undefined, provider: this };
  }

  private async accounts(): Promise<AccountInfo[]> {
    const all = await this.app.getTokenCache().getAllAccounts();
    return all.filter((a) => a.environment.toLowerCase() === this.environment);
  }

  private async acquire(force: boolean): Promise<string> {
    const accounts = await this.accounts();
    const account = accounts[0];
    if (account === undefined) {
      throw new SignInError(
        "SIGN_IN_REQUIRED",
        `nobody is signed in to ${this.environment} in ${this.options.cacheFile}`,
      );
    }
    if (accounts.length > 1) {
      throw new SignInError(
        "SIGN_IN_REQUIRED",
        `several users are signed in to ${this.environment} in ${this.options.cacheFile} (${accounts.map((a) => a.username).join(", ")})`,
      );
    }
    let result: AuthenticationResult;
    try {
      result = await this.app.acquireTokenSilent({ account, scopes: this.scopes, forceRefresh: force });
    } catch (error: unknown) {
      throw toSignInError(
        error,
        `${force ? "refreshing" : "getting"} the token of ${account.username}`,
        this.setup.network.lastFailure(),
      );
    }
    this.options.logger?.debug(
      { user: account.username, fromCache: result.fromCache, expiresOn: result.expiresOn?.toISOString() },
      force ? "token refreshed" : "token acquired",
    );
    return this.remember(result);
  }

  private remember(result: AuthenticationResult): string {
    const expires = result.expiresOn?.getTime() ?? Date.now();
    this.current = { token: result.accessToken, renewAt: expires - RENEW_BEFORE_MS };
    return result.accessToken;
  }
}

function summary(account: AccountInfo): SignedInAccount {
  return {
    userName: account.username,
    tenantId: account.tenantId,
    homeAccountId: account.homeAccountId,
    environment: account.environment,
  };
}
