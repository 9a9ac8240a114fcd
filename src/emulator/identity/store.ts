import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { signJwt, verifyJwt, type Claims } from "./jwt.js";
import type { IdentityApp, IdentityStats, IdentityUser } from "./types.js";

/** The audience of Partner Center tokens; `/v1` accepts no other. */
export const PARTNER_CENTER_RESOURCE = "https://api.partnercenter.microsoft.com";

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
const USER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** An answer of the token or device code endpoint: a JSON body and its status. */
export interface OAuthReply {
  status: number;
  body: Record<string, unknown>;
}

interface User {
  userName: string;
  displayName: string;
  objectId: string;
}

interface DeviceCode {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  status: "pending" | "approved" | "declined";
  user?: User;
  polls: number;
}

interface RefreshGrant {
  clientId: string;
  user: User;
  expiresAt: number;
  revoked: boolean;
}

export interface IdentityStoreOptions {
  tenantId: string;
  /** Issuer host, e.g. `https://127.0.0.1:4433`. */
  baseUrl: string;
  now: () => number;
  accessTokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  deviceCodeLifetimeSeconds: number;
  pollIntervalSeconds: number;
  users: readonly IdentityUser[];
  apps: readonly IdentityApp[];
}

/**
 * The identity platform's state: device codes waiting for a user, refresh tokens, confidential apps. Times come from
 * the emulator clock, so moving it forward expires access tokens for `/v1` while msal-node still thinks they are good.
 */
export class IdentityStore {
  private readonly key = randomBytes(32);
  private readonly users: User[];
  private readonly apps: ReadonlyMap<string, string>;
  private readonly deviceCodes = new Map<string, DeviceCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private accessTokenLifetimeSeconds: number;
  private readonly counters: IdentityStats = {
    deviceCodes: 0,
    pendingPolls: 0,
    tokens: { deviceCode: 0, refreshToken: 0, clientCredentials: 0 },
    refusals: {},
    requests: {},
  };

  constructor(private readonly options: IdentityStoreOptions) {
    const users = options.users.length > 0 ? options.users : [{ userName: "admin@partner.onmicrosoft.com" }];
    this.users = users.map((u) => ({
      userName: u.userName,
      displayName: u.displayName ?? u.userName.split("@")[0] ?? u.userName,
      objectId: u.objectId ?? guidFrom(u.userName),
    }));
    this.apps = new Map(options.apps.map((a) => [a.clientId, a.clientSecret]));
    this.accessTokenLifetimeSeconds = positive(options.accessTokenLifetimeSeconds, "accessTokenLifetimeSeconds");
    positive(options.refreshTokenLifetimeSeconds, "refreshTokenLifetimeSeconds");
    positive(options.deviceCodeLifetimeSeconds, "deviceCodeLifetimeSeconds");
    positive(options.pollIntervalSeconds, "pollIntervalSeconds");
  }

  /** The device authorization endpoint: a new code for the user to enter. */
  startDeviceCode(clientId: string | undefined, scope: string | undefined, verificationUri: string): OAuthReply {
    if (clientId === undefined || clientId === "") return missing("client_id");
    if (scope === undefined || scope.trim() === "") return missing("scope");
    this.sweep();
    const code: DeviceCode = {
      deviceCode: randomBytes(24).toString("base64url"),
      userCode: userCode(),
      clientId,
      scopes: scope.split(/\s+/).filter((s) => s !== ""),
      expiresAt: this.options.now() + this.options.deviceCodeLifetimeSeconds * 1000,
      status: "pending",
      polls: 0,
    };
    this.deviceCodes.set(code.deviceCode, code);
    this.counters.deviceCodes++;
    return {
      status: 200,
      body: {
        user_code: code.userCode,
        device_code: code.deviceCode,
        verification_uri: verificationUri,
        expires_in: this.options.deviceCodeLifetimeSeconds,
        interval: this.options.pollIntervalSeconds,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${code.userCode} to authenticate.`,
      },
    };
  }

  /** The token endpoint, by grant type. */
  token(form: URLSearchParams): OAuthReply {
    const grant = form.get("grant_type") ?? "";
    const clientId = form.get("client_id") ?? "";
    if (clientId === "") return this.refuse(missing("client_id"));
    switch (grant) {
      case "urn:ietf:params:oauth:grant-type:device_code":
      case "device_code":
        return this.redeemDeviceCode(form.get("device_code") ?? "", clientId, form.get("client_info") === "1");
      case "refresh_token":
        return this.redeemRefreshToken(
          form.get("refresh_token") ?? "",
          clientId,
          scopesOf(form.get("scope")),
          form.get("client_info") === "1",
        );
      case "client_credentials":
        return this.clientCredentials(clientId, form.get("client_secret") ?? "", form.get("scope") ?? "");
      default:
        return this.refuse(
          oauthError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`),
        );
    }
  }

  approve(userCode: string, userName?: string): void {
    const code = this.pendingCode(userCode);
    const user = userName === undefined ? this.users[0] : this.users.find((u) => u.userName === userName);
    if (user === undefined) throw new RangeError(`no emulator user '${userName ?? ""}'`);
    code.status = "approved";
    code.user = user;
  }

  deny(userCode: string): void {
    this.pendingCode(userCode).status = "declined";
  }

  pendingUserCodes(): string[] {
    this.sweep();
    return [...this.deviceCodes.values()].filter((c) => c.status === "pending").map((c) => c.userCode);
  }

  polls(userCode: string): number {
    return [...this.deviceCodes.values()].find((c) => c.userCode === userCode)?.polls ?? 0;
  }

  revokeRefreshTokens(): number {
    let n = 0;
    for (const grant of this.refreshTokens.values()) {
      if (!grant.revoked) n++;
      grant.revoked = true;
    }
    return n;
  }

  setAccessTokenLifetime(seconds: number): void {
    this.accessTokenLifetimeSeconds = positive(seconds, "access token lifetime");
  }

  /** `/v1`'s check: signed here, for Partner Center, not expired on the emulator clock. */
  accepts(token: string): boolean {
    const claims = verifyJwt(token, this.key);
    return (
      claims !== undefined &&
      claims.aud === PARTNER_CENTER_RESOURCE &&
      typeof claims.exp === "number" &&
      claims.exp * 1000 > this.options.now()
    );
  }

  countRequest(label: string): void {
    this.counters.requests[label] = (this.counters.requests[label] ?? 0) + 1;
  }

  stats(): IdentityStats {
    return structuredClone(this.counters);
  }

  private redeemDeviceCode(deviceCode: string, clientId: string, clientInfo: boolean): OAuthReply {
    const code = this.deviceCodes.get(deviceCode);
    if (code?.clientId !== clientId) {
      return this.refuse(
        oauthError(
          400,
          "invalid_grant",
          70000,
          "The provided value for the input parameter 'device_code' is not valid.",
        ),
      );
    }
    if (code.expiresAt <= this.options.now()) {
      this.deviceCodes.delete(deviceCode);
      return this.refuse(oauthError(400, "expired_token", 70019, "Verification code expired."));
    }
    if (code.status === "declined") {
      this.deviceCodes.delete(deviceCode);
      return this.refuse(oauthError(400, "authorization_declined", 70000, "The user declined the sign-in request."));
    }
    if (code.status === "pending" || code.user === undefined) {
      code.polls++;
      this.counters.pendingPolls++;
      return oauthError(
        400,
        "authorization_pending",
        70016,
        "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
      );
    }
    this.deviceCodes.delete(deviceCode);
    this.counters.tokens.deviceCode++;
    return this.userTokens(code.user, clientId, code.scopes, clientInfo);
  }

  private redeemRefreshToken(token: string, clientId: string, scopes: string[], clientInfo: boolean): OAuthReply {
    const grant = this.refreshTokens.get(token);
    if (grant === undefined || grant.clientId !== clientId) {
      return this.refuse(oauthError(400, "invalid_grant", 9002313, "Invalid request. The refresh token is not valid."));
    }
    if (grant.revoked) {
      return this.refuse(
        oauthError(
          400,
          "invalid_grant",
          50173,
          "The provided grant has expired due to it being revoked, a fresh auth token is needed.",
        ),
      );
    }
    if (grant.expiresAt <= this.options.now()) {
      this.refreshTokens.delete(token);
      return this.refuse(oauthError(400, "invalid_grant", 700082, "The refresh token has expired due to inactivity."));
    }
    // Entra ID rotates refresh tokens; keeping only the newest keeps the emulator's memory flat on long runs.
    this.refreshTokens.delete(token);
    this.counters.tokens.refreshToken++;
    return this.userTokens(grant.user, clientId, scopes, clientInfo);
  }

  private clientCredentials(clientId: string, secret: string, scope: string): OAuthReply {
    const expected = this.apps.get(clientId);
    if (expected === undefined) {
      return this.refuse(
        oauthError(
          400,
          "unauthorized_client",
          700016,
          `Application with identifier '${clientId}' was not found in the directory.`,
        ),
      );
    }
    if (!sameSecret(secret, expected)) {
      return this.refuse(oauthError(401, "invalid_client", 7000215, "Invalid client secret provided."));
    }
    const scopes = scope.split(/\s+/).filter((s) => s !== "");
    const resource = scopes.length === 1 && scopes[0]?.endsWith("/.default") === true ? scopes[0].slice(0, -9) : "";
    if (resource === "") {
      return this.refuse(
        oauthError(
          400,
          "invalid_scope",
          1002012,
          "Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        ),
      );
    }
    this.counters.tokens.clientCredentials++;
    const lifetime = this.accessTokenLifetimeSeconds;
    return {
      status: 200,
      body: {
        token_type: "Bearer",
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: this.accessToken(resource, clientId, lifetime, { idtyp: "app", roles: [] }),
      },
    };
  }

  private userTokens(user: User, clientId: string, requested: string[], clientInfo: boolean): OAuthReply {
    const resourceScopes = requested.filter((s) => !OIDC_SCOPES.has(s));
    const first = resourceScopes[0] ?? `${PARTNER_CENTER_RESOURCE}/user_impersonation`;
    const slash = first.lastIndexOf("/");
    const resource = slash > 0 ? first.slice(0, slash) : first;
    const lifetime = this.accessTokenLifetimeSeconds;
    const now = this.nowSeconds();
    const body: Record<string, unknown> = {
      token_type: "Bearer",
      scope: (resourceScopes.length > 0 ? resourceScopes : [first]).join(" "),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: this.accessToken(resource, clientId, lifetime, {
        idtyp: "user",
        scp: resourceScopes.map((s) => s.slice(s.lastIndexOf("/") + 1)).join(" ") || "user_impersonation",
        oid: user.objectId,
        upn: user.userName,
        name: user.displayName,
      }),
    };
    if (requested.includes("offline_access")) {
      const refreshToken = randomBytes(32).toString("base64url");
      this.refreshTokens.set(refreshToken, {
        clientId,
        user,
        expiresAt: this.options.now() + this.options.refreshTokenLifetimeSeconds * 1000,
        revoked: false,
      });
      body.refresh_token = refreshToken;
    }
    if (requested.includes("openid")) {
      body.id_token = signJwt(
        {
          aud: clientId,
          iss: `${this.options.baseUrl}/${this.options.tenantId}/v2.0`,
          iat: now,
          nbf: now,
          exp: now + 3600,
          name: user.displayName,
          oid: user.objectId,
          preferred_username: user.userName,
          sub: guidFrom(`${user.objectId}|${clientId}`),
          tid: this.options.tenantId,
          ver: "2.0",
        },
        this.key,
      );
    }
    if (clientInfo) {
      body.client_info = Buffer.from(JSON.stringify({ uid: user.objectId, utid: this.options.tenantId })).toString(
        "base64url",
      );
    }
    return { status: 200, body };
  }

  private accessToken(resource: string, clientId: string, lifetime: number, extra: Claims): string {
    const now = this.nowSeconds();
    return signJwt(
      {
        aud: resource,
        iss: `https://sts.windows.net/${this.options.tenantId}/`,
        iat: now,
        nbf: now,
        exp: now + lifetime,
        appid: clientId,
        tid: this.options.tenantId,
        uti: randomUUID(),
        ver: "1.0",
        ...extra,
      },
      this.key,
    );
  }

  private pendingCode(userCode: string): DeviceCode {
    this.sweep();
    const code = [...this.deviceCodes.values()].find((c) => c.userCode === userCode.trim().toUpperCase());
    if (code?.status !== "pending") throw new RangeError(`no pending device code '${userCode}'`);
    return code;
  }

  private refuse(reply: OAuthReply): OAuthReply {
    const error = typeof reply.body.error === "string" ? reply.body.error : "unknown";
    this.counters.refusals[error] = (this.counters.refusals[error] ?? 0) + 1;
    return reply;
  }

  private sweep(): void {
    // Keep codes a minute past expiry so a late poll still hears expired_token rather than an unknown code.
    const cutoff = this.options.now() - 60_000;
    for (const [key, code] of this.deviceCodes) if (code.expiresAt < cutoff) this.deviceCodes.delete(key);
  }

  private nowSeconds(): number {
    return Math.floor(this.options.now() / 1000);
  }
}

/** An Entra ID style error answer: `AADSTS<n>: <text>` plus trace and correlation IDs. */
function oauthError(status: number, error: string, code: number, text: string): OAuthReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

function missing(parameter: string): OAuthReply {
  return oauthError(
    400,
    "invalid_request",
    900144,
    `The request body must contain the following parameter: '${parameter}'.`,
  );
}

function scopesOf(scope: string | null): string[] {
  return (scope ?? "").split(/\s+/).filter((s) => s !== "");
}

function userCode(): string {
  let code = "";
  for (let i = 0; i < 9; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)] ?? "X";
  return code;
}

function guidFrom(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function positive(value: number, name: string): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be > 0 seconds`);
  return value;
}
