import type { Logger } from "pino";
import { DEFAULT_USER_TENANT } from "./authority.js";
import { isSignInError } from "./errors.js";
import { tokenCacheFile, type AuthSettings } from "./settings.js";
import type { SignedInAccount } from "./types.js";
import { deviceCodeSignIn, userTokenProvider, type DeviceCodePrompt } from "./user-token.js";

export interface LoginOptions {
  /** `clientId` is required; `authority`, `tenant` and the CA come from here too. */
  settings: Pick<AuthSettings, "authority" | "tenant" | "clientId"> & { clientId: string };
  /** The CA certificates (PEM) read from `caFile`, if any. */
  ca?: string | undefined;
  stateDir: string;
  /** Sign in with a device code even when the saved sign-in still works (e.g. as another user). */
  force?: boolean | undefined;
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
  /** Hears why a device code is needed although a sign-in was saved. */
  onNotice?: ((text: string) => void) | undefined;
  timeoutSeconds?: number | undefined;
  logger?: Logger | undefined;
  /** Test hook: the authority's OpenID configuration, so msal fetches no discovery document. */
  authorityMetadata?: string | undefined;
}

export interface LoginSummary {
  account: SignedInAccount;
  /** The saved sign-in still worked and was refreshed without a device code. */
  silent: boolean;
  /** The token cache (mode 0600). */
  cacheFile: string;
  expiresOn: Date | undefined;
}

/**
 * `csp-onboard login`: reuses the saved sign-in when it can still get a token, else signs the partner user in with the
 * device code flow. Throws `SignInError` (exit 4) when the sign-in fails.
 */
export async function login(options: LoginOptions): Promise<LoginSummary> {
  const cacheFile = tokenCacheFile(options.stateDir);
  const connection = {
    authority: options.settings.authority,
    clientId: options.settings.clientId,
    tenant: options.settings.tenant ?? DEFAULT_USER_TENANT,
    cacheFile,
    ca: options.ca,
    logger: options.logger,
    ...(options.authorityMetadata !== undefined && { authorityMetadata: options.authorityMetadata }),
  };
  if (options.force !== true) {
    const saved = userTokenProvider(connection);
    const account = await saved.account();
    if (account !== undefined) {
      try {
        await saved.refresh();
        return { account, silent: true, cacheFile, expiresOn: undefined };
      } catch (error: unknown) {
        if (!isSignInError(error) || error.reason !== "REFRESH_FAILED") throw error;
        options.onNotice?.(`the saved sign-in of ${account.userName} can no longer be refreshed; signing in again`);
      }
    }
  }
  const result = await deviceCodeSignIn({
    ...connection,
    onDeviceCode: options.onDeviceCode,
    timeoutSeconds: options.timeoutSeconds,
  });
  return { account: result.account, silent: false, cacheFile, expiresOn: result.expiresOn };
}
