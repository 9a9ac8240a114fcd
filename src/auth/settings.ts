import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import { RunError } from "../errors/run-error.js";
import { resolveToken } from "../run/token.js";
import { appTokenProvider } from "./app-token.js";
import { DEFAULT_AUTHORITY, DEFAULT_USER_TENANT } from "./authority.js";
import { isSignInError, SignInError } from "./errors.js";
import { ensureCanRun, requiresUser, signInRequired, type RunNeeds } from "./requirements.js";
import { staticToken } from "./static-token.js";
import { TOKEN_CACHE_FILE } from "./token-cache-file.js";
import type { TokenProvider } from "./types.js";
import { userTokenProvider } from "./user-token.js";

/** The environment variable holding the app's client secret (a file is given with `clientSecretFile`). */
export const CLIENT_SECRET_ENV = "PARTNER_CENTER_CLIENT_SECRET";

/**
 * The sign-in settings, as `--config` keys (flags override them). Meant to be spread into the import's settings
 * schema (`importSettingsSchema.extend(authSettingsShape)`); `clientSecretFile` and `caFile` are paths relative to the
 * config file.
 */
export const authSettingsShape = {
  /** `auto`: a given token, else the signed-in user, else app credentials (when the run allows App-only). */
  auth: z.enum(["auto", "user", "app", "token"]).default("auto"),
  authority: z
    .url({ protocol: /^https$/, error: "an https URL such as https://login.microsoftonline.com" })
    .default(DEFAULT_AUTHORITY),
  tenant: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, "a tenant ID or a domain such as contoso.onmicrosoft.com")
    .optional(),
  clientId: z.guid("the app registration's client ID, a GUID").optional(),
  clientSecretFile: z.string().min(1).optional(),
  caFile: z.string().min(1).optional(),
};

export const authSettingsSchema = z.strictObject(authSettingsShape);
export type AuthSettings = z.output<typeof authSettingsSchema>;

/** The settings that are paths: relative to the config file when they come from one. */
export const AUTH_PATH_KEYS = ["clientSecretFile", "caFile"] as const;

/** The token cache of a state folder. */
export function tokenCacheFile(stateDir: string): string {
  return join(stateDir, TOKEN_CACHE_FILE);
}

export interface ResolveTokenProviderOptions {
  settings: AuthSettings;
  /** The state folder (its token cache is what `csp-onboard login` wrote). */
  stateDir: string;
  /** What the run will do; App+User calls rule out app credentials. */
  needs: RunNeeds;
  /** `--token-file`: a token given as is. */
  tokenFile?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** Used when nothing else is configured (the in-process emulator's fixed token). */
  fallbackToken?: string | undefined;
  logger?: Logger | undefined;
  /** Test hook: the emulator's authority metadata, so msal fetches no discovery document. */
  authorityMetadata?: string | undefined;
}

/**
 * The run's token provider, checked before anything is sent: a user provider has already got a token (silently, from
 * the cache), an app provider too, and a run that needs a user and has none fails here. Throws `SignInError`
 * (SIGN_IN_REQUIRED, REFRESH_FAILED, APP_CREDENTIALS_REJECTED, IDENTITY_UNREACHABLE: exit 4) or a usage `RunError`.
 */
export async function resolveTokenProvider(options: ResolveTokenProviderOptions): Promise<TokenProvider> {
  const { settings, needs, logger } = options;
  const env = options.env ?? process.env;
  const givenToken = options.tokenFile !== undefined || (env.PARTNER_CENTER_TOKEN?.trim() ?? "") !== "";
  const connection = {
    authority: settings.authority,
    ca: settings.caFile === undefined ? undefined : await readSetting(settings.caFile, "--ca-file"),
    logger,
    ...(options.authorityMetadata !== undefined && { authorityMetadata: options.authorityMetadata }),
  };
  const secret = async (): Promise<string | undefined> => {
    const value =
      settings.clientSecretFile !== undefined
        ? await readSetting(settings.clientSecretFile, "--client-secret-file")
        : (env[CLIENT_SECRET_ENV] ?? "");
    return value.trim() === "" ? undefined : value.trim();
  };
  const user = (clientId: string): TokenProvider =>
    userTokenProvider({
      ...connection,
      clientId,
      tenant: settings.tenant ?? DEFAULT_USER_TENANT,
      cacheFile: tokenCacheFile(options.stateDir),
    });
  const app = (clientId: string, clientSecret: string): TokenProvider => {
    if (settings.tenant === undefined)
      throw new RunError("USAGE", "app credentials need --tenant (the partner's tenant)");
    return appTokenProvider({ ...connection, clientId, clientSecret, tenant: settings.tenant });
  };

  let provider: TokenProvider;
  switch (settings.auth) {
    case "token":
      provider = staticToken(await resolveToken(options.tokenFile, env, undefined));
      break;
    case "user":
      provider = user(need(settings.clientId, "--client-id (the app registration the user signed in with)"));
      break;
    case "app": {
      const clientId = need(settings.clientId, "--client-id (the app registration)");
      const clientSecret = await secret();
      if (clientSecret === undefined) {
        throw new RunError(
          "USAGE",
          `app credentials need a client secret: set ${CLIENT_SECRET_ENV} or --client-secret-file`,
        );
      }
      const reasons = requiresUser(needs);
      if (reasons.length > 0) throw signInRequired(reasons);
      provider = app(clientId, clientSecret);
      break;
    }
    case "auto":
      provider = await automatic();
      break;
  }
  await provider.getToken();
  await ensureCanRun(provider, needs);
  logger?.info({ auth: provider.kind }, "token provider ready");
  return provider;

  async function automatic(): Promise<TokenProvider> {
    if (givenToken) return staticToken(await resolveToken(options.tokenFile, env, undefined));
    if (settings.clientId !== undefined) {
      const candidate = user(settings.clientId);
      try {
        await candidate.getToken();
        return candidate;
      } catch (error: unknown) {
        // Nobody signed in: app credentials may still do. A refused refresh must be told, not papered over.
        if (!isSignInError(error) || error.reason !== "SIGN_IN_REQUIRED") throw error;
      }
      const clientSecret = await secret();
      if (clientSecret !== undefined) {
        const reasons = requiresUser(needs);
        if (reasons.length > 0) throw signInRequired(reasons);
        return app(settings.clientId, clientSecret);
      }
    }
    if (options.fallbackToken !== undefined) return staticToken(options.fallbackToken);
    const reasons = requiresUser(needs);
    throw new SignInError(
      "SIGN_IN_REQUIRED",
      settings.clientId === undefined
        ? "no credentials: give --client-id (for `csp-onboard login` or app credentials), or a token with --token-file / PARTNER_CENTER_TOKEN"
        : `nobody is signed in${reasons.length > 0 ? ` and this run needs a user for ${reasons.join("; ")}` : ""}`,
    );
  }
}

function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new RunError("USAGE", `missing ${what}`);
  return value;
}

async function readSetting(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("USAGE", `cannot read ${flag}: ${reason}`, { file: path });
  }
}
