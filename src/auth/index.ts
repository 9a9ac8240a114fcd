export type { SignedInAccount, TokenProvider, TokenProviderKind } from "./types.js";
export {
  DEFAULT_AUTHORITY,
  DEFAULT_USER_TENANT,
  PARTNER_CENTER_APP_SCOPE,
  PARTNER_CENTER_USER_SCOPE,
  authorityUrl,
} from "./authority.js";
export { SIGN_IN_ERRORS, SignInError, isSignInError, toSignInError, type SignInErrorCode } from "./errors.js";
export { staticToken, tokenKind } from "./static-token.js";
export {
  deviceCodeSignIn,
  userTokenProvider,
  type DeviceCodePrompt,
  type DeviceCodeSignInOptions,
  type SignInResult,
  type UserTokenOptions,
  type UserTokenProvider,
} from "./user-token.js";
export { appTokenProvider, type AppTokenOptions } from "./app-token.js";
export type { IdentityConnection } from "./msal-config.js";
export { createNetworkClient, type IdentityNetworkClient, type NetworkClientOptions } from "./network-client.js";
export { TOKEN_CACHE_FILE, fileCachePlugin } from "./token-cache-file.js";
export {
  APP_USER_CALLS,
  callRequiresUser,
  ensureCanRun,
  requiresUser,
  signInRequired,
  type RunNeeds,
} from "./requirements.js";
export {
  AUTH_PATH_KEYS,
  CLIENT_SECRET_ENV,
  authSettingsSchema,
  authSettingsShape,
  resolveTokenProvider,
  tokenCacheFile,
  type AuthSettings,
  type ResolveTokenProviderOptions,
} from "./settings.js";
export { login, type LoginOptions, type LoginSummary } from "./login.js";
