/** Who a token speaks for: a signed-in partner user (App+User), the app alone (App-only), or a token given as is. */
export type TokenProviderKind = "user" | "app" | "static";

/**
 * Where a run gets its bearer token. `getToken()` is cheap (a token held in memory until close to its expiry);
 * `refresh()` asks the identity platform for a new one, and is what a caller does after a 401.
 */
export interface TokenProvider {
  readonly kind: TokenProviderKind;
  getToken(): Promise<string>;
  /**
   * A new token, whatever the cache holds. Concurrent calls share one refresh. Given the token a request was refused
   * with, a provider that has already replaced it answers the newer token without asking again.
   * Throws a `SignInError` when the refresh itself fails (revoked sign-in, wrong secret): stop the run, exit 4.
   */
  refresh(rejected?: string): Promise<string>;
}

/** The signed-in user, as far as it can be shown: never a token. */
export interface SignedInAccount {
  userName: string;
  tenantId: string;
  /** msal's account key (`<object id>.<tenant id>`). */
  homeAccountId: string;
  /** The authority host that signed the user in, e.g. `login.microsoftonline.com`. */
  environment: string;
}
