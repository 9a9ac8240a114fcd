import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { loopbackCertificate } from "./helpers/tls.js";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  appTokenProvider,
  callRequiresUser,
  createNetworkClient,
  deviceCodeSignIn,
  ensureCanRun,
  requiresUser,
  resolveTokenProvider,
  SignInError,
  staticToken,
  tokenCacheFile,
  tokenKind,
  userTokenProvider,
  type AuthSettings,
  type DeviceCodePrompt,
  type RunNeeds,
  type SignInErrorCode,
} from "../src/auth/index.js";
import { startEmulator, DEFAULT_TOKEN, type RunningEmulator } from "../src/emulator/index.js";
import type { RunningIdentity } from "../src/emulator/identity/index.js";

const APP_ID = "5d0c3a51-2f1e-4c0b-9d8a-7e6f5a4b3c2d";
const APP_SECRET = "emulator-app-secret-value-1234";
const PUBLIC_CLIENT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const PARTNER_TENANT = "7c1b9e0a-3f4d-4b8e-9a61-2d5f0c8e4b17";

let tls: { key: string; cert: string };
let dir: string;
let em: RunningEmulator;
let identity: RunningIdentity;

beforeAll(async () => {
  tls = await loopbackCertificate();
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "csp-auth-"));
  em = await startEmulator({
    identity: { tls, pollIntervalSeconds: 0.05, apps: [{ clientId: APP_ID, clientSecret: APP_SECRET }] },
  });
  if (em.identity === undefined) throw new Error("identity endpoints not started");
  identity = em.identity;
});

afterEach(async () => {
  await em.close();
  await rm(dir, { recursive: true, force: true });
});

function userOptions(extra: Record<string, unknown> = {}) {
  return {
    authority: identity.url,
    clientId: PUBLIC_CLIENT,
    ca: tls.cert,
    cacheFile: join(dir, "state", "token-cache.json"),
    ...extra,
  };
}

/** Signs in, approving the code only after the client has been told at least once that approval is pending. */
async function signIn(extra: Record<string, unknown> = {}) {
  const prompts: DeviceCodePrompt[] = [];
  const done = deviceCodeSignIn({
    ...userOptions(extra),
    onDeviceCode: (prompt) => {
      prompts.push(prompt);
    },
  });
  await vi.waitFor(() => {
    expect(prompts).toHaveLength(1);
    expect(identity.polls(prompts[0]?.userCode ?? "")).toBeGreaterThan(0);
  });
  identity.approve(prompts[0]?.userCode ?? "");
  return { ...(await done), prompt: prompts[0] };
}

async function apiStatus(token: string): Promise<number> {
  const res = await fetch(`${em.url}/v1/agreements?agreementType=MicrosoftCustomerAgreement`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res.status;
}

async function rejection(promise: Promise<unknown>): Promise<SignInError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SignInError)) throw new Error(`expected a SignInError, got ${String(error)}`);
  return error;
}

describe("device code sign-in against the emulator over HTTPS", () => {
  it("waits while the code is pending, then signs the user in; the token works on /v1", async () => {
    const result = await signIn();
    expect(result.prompt?.verificationUri).toBe(`${identity.url}/devicelogin`);
    expect(result.prompt?.message).toContain(result.prompt?.userCode);
    expect(result.account).toMatchObject({
      userName: "admin@partner.onmicrosoft.com",
      tenantId: PARTNER_TENANT,
      environment: identity.host,
    });
    const stats = identity.stats();
    expect(stats.pendingPolls).toBeGreaterThan(0);
    expect(stats.tokens.deviceCode).toBe(1);
    // Without authority metadata msal read the emulator's discovery document, never Microsoft's.
    expect(stats.requests["GET /organizations/v2.0/.well-known/openid-configuration"]).toBe(1);
    const token = await result.provider.getToken();
    expect(tokenKind(token)).toBe("user");
    expect(await apiStatus(token)).toBe(200);
  });

  it("fetches no discovery document when given the authority metadata", async () => {
    await signIn({ authorityMetadata: identity.authorityMetadata() });
    expect(Object.keys(identity.stats().requests).some((r) => r.startsWith("GET "))).toBe(false);
  });

  it("keeps the cache in a 0600 file in a 0700 folder, written whole (no temp files left)", async () => {
    await signIn();
    const file = join(dir, "state", "token-cache.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "state"))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, "state"))).toEqual(["token-cache.json"]);
    const cache = JSON.parse(await readFile(file, "utf8")) as Record<string, Record<string, unknown>>;
    expect(Object.keys(cache.RefreshToken ?? {})).toHaveLength(1);
  });

  it.each<[string, (code: string) => void, (e: RunningEmulator) => void, SignInErrorCode]>([
    [
      "declined",
      (code) => {
        identity.deny(code);
      },
      () => undefined,
      "SIGN_IN_DECLINED",
    ],
    [
      "left to expire",
      () => undefined,
      (e) => {
        e.advanceClock(901_000);
      },
      "DEVICE_CODE_EXPIRED",
    ],
  ])("fails clearly when the code is %s", async (_label, act, age, reason) => {
    const codes: string[] = [];
    const done = deviceCodeSignIn({ ...userOptions(), onDeviceCode: (p) => codes.push(p.userCode) });
    await vi.waitFor(() => {
      expect(codes).toHaveLength(1);
    });
    act(codes[0] ?? "");
    age(em);
    const error = await rejection(done);
    expect(error.reason).toBe(reason);
    expect(error.exitCode).toBe(4);
  });
});

describe("silent acquisition and refresh from the cache", () => {
  it("a second provider on the same cache gets a token without a device code, and refreshes it", async () => {
    const first = await signIn();
    const firstToken = await first.provider.getToken();
    const second = userTokenProvider(userOptions());
    expect(second.kind).toBe("user");
    expect(await second.account()).toMatchObject({ userName: "admin@partner.onmicrosoft.com" });
    expect(await second.getToken()).toBe(firstToken);
    const refreshed = await second.refresh();
    expect(refreshed).not.toBe(firstToken);
    expect(await apiStatus(refreshed)).toBe(200);
    const stats = identity.stats();
    expect(stats.deviceCodes).toBe(1);
    expect(stats.tokens.refreshToken).toBe(1);
  });

  it("a token that expires mid-run answers 401; one shared refresh gets a new one that works", async () => {
    const { provider } = await signIn();
    const old = await provider.getToken();
    expect(await apiStatus(old)).toBe(200);
    em.advanceClock(3601_000);
    expect(await apiStatus(old)).toBe(401);
    // msal's own clock still trusts the token: only the 401 tells, so the caller refreshes with the rejected token.
    expect(await provider.getToken()).toBe(old);
    const fresh = await Promise.all(Array.from({ length: 5 }, () => provider.refresh(old)));
    expect(new Set(fresh).size).toBe(1);
    expect(fresh[0]).not.toBe(old);
    expect(await apiStatus(fresh[0] ?? "")).toBe(200);
    expect(identity.stats().tokens.refreshToken).toBe(1);
    // A late 401 for the old token does not refresh again.
    expect(await provider.refresh(old)).toBe(fresh[0]);
    expect(identity.stats().tokens.refreshToken).toBe(1);
  });

  it("tokens living less than msal's 5-minute margin are renewed with the refresh token on getToken", async () => {
    identity.setAccessTokenLifetime(60);
    await signIn();
    const again = userTokenProvider(userOptions());
    const token = await again.getToken();
    expect(identity.stats().tokens.refreshToken).toBe(1);
    expect(await apiStatus(token)).toBe(200);
  });

  it("a revoked refresh token fails with REFRESH_FAILED (exit 4) naming the identity platform's code", async () => {
    const { provider } = await signIn();
    expect(identity.revokeRefreshTokens()).toBe(1);
    const error = await rejection(provider.refresh());
    expect(error.reason).toBe("REFRESH_FAILED");
    expect(error.code).toBe("AUTH_FAILED");
    expect(error.exitCode).toBe(4);
    expect(error.message).toMatch(/invalid_grant: AADSTS50173/);
    expect(error.describe()).toMatch(/csp-onboard login.*\[REFRESH_FAILED\]$/);
  });

  it("an empty cache asks for login (SIGN_IN_REQUIRED)", async () => {
    const error = await rejection(userTokenProvider(userOptions()).getToken());
    expect(error.reason).toBe("SIGN_IN_REQUIRED");
    expect(error.exitCode).toBe(4);
  });
});

describe("app-only tokens (client credentials)", () => {
  const appOptions = (secret = APP_SECRET) => ({
    authority: identity.url,
    tenant: PARTNER_TENANT,
    clientId: APP_ID,
    clientSecret: secret,
    ca: tls.cert,
  });

  it("gets an app token /v1 accepts, keeps it, and gets a new one on refresh", async () => {
    const provider = appTokenProvider(appOptions());
    expect(provider.kind).toBe("app");
    const token = await provider.getToken();
    expect(tokenKind(token)).toBe("app");
    expect(await provider.getToken()).toBe(token);
    expect(await apiStatus(token)).toBe(200);
    const fresh = await provider.refresh(token);
    expect(fresh).not.toBe(token);
    expect(identity.stats().tokens.clientCredentials).toBe(2);
  });

  it("a wrong secret is APP_CREDENTIALS_REJECTED", async () => {
    const error = await rejection(appTokenProvider(appOptions("wrong")).getToken());
    expect(error.reason).toBe("APP_CREDENTIALS_REJECTED");
    expect(error.message).toMatch(/invalid_client: AADSTS7000215/);
  });

  it("refuses a multi-tenant authority up front (usage error)", () => {
    expect(() => appTokenProvider({ ...appOptions(), tenant: "organizations" })).toThrow(/partner's own tenant/);
  });
});

describe("nothing leaves the machine, and TLS is checked", () => {
  it("the network client refuses login.microsoftonline.com before connecting", async () => {
    const client = createNetworkClient({ allowedHosts: [identity.host], ca: tls.cert });
    await expect(
      client.sendGetRequestAsync("https://login.microsoftonline.com/common/discovery/instance"),
    ).rejects.toThrow(/refused login\.microsoftonline\.com/);
    expect(client.lastFailure()).toMatch(/not the authority's host/);
  });

  it("without the test CA the emulator's certificate is not trusted: IDENTITY_UNREACHABLE naming --ca-file", async () => {
    const error = await rejection(
      deviceCodeSignIn({ ...userOptions({ ca: undefined }), onDeviceCode: () => undefined }),
    );
    expect(error.reason).toBe("IDENTITY_UNREACHABLE");
    expect(error.message).toMatch(/not trusted.*--ca-file/);
  });
});

describe("the emulator's /v1 and issued tokens", () => {
  it("still accepts the fixed token; refuses ID tokens and tampered tokens", async () => {
    expect(await apiStatus(DEFAULT_TOKEN)).toBe(200);
    await signIn();
    const cache = JSON.parse(await readFile(join(dir, "state", "token-cache.json"), "utf8")) as {
      IdToken: Record<string, { secret: string }>;
      AccessToken: Record<string, { secret: string }>;
    };
    const idToken = Object.values(cache.IdToken)[0]?.secret ?? "";
    const accessToken = Object.values(cache.AccessToken)[0]?.secret ?? "";
    expect(await apiStatus(accessToken)).toBe(200);
    expect(await apiStatus(idToken)).toBe(401);
    const [h, p] = accessToken.split(".");
    const claims = JSON.parse(Buffer.from(p ?? "", "base64url").toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp as number) + 9999 })).toString("base64url")}.${accessToken.split(".")[2]}`;
    expect(await apiStatus(forged)).toBe(401);
  });
});

describe("secrets never reach the log", () => {
  it("logs facts (hosts, user) at trace level but no token, refresh token, secret or device code", async () => {
    let log = "";
    const sink = new Writable({
      write(chunk: Buffer, _enc, next) {
        log += chunk.toString();
        next();
      },
    });
    const logger = pino({ level: "trace" }, sink);
    const { provider, prompt } = await signIn({ logger });
    const token = await provider.getToken();
    identity.revokeRefreshTokens();
    await provider.refresh().catch(() => undefined);
    const app = appTokenProvider({
      authority: identity.url,
      tenant: PARTNER_TENANT,
      clientId: APP_ID,
      clientSecret: APP_SECRET,
      ca: tls.cert,
      logger,
    });
    const appToken = await app.getToken();
    await appTokenProvider({
      ...{ authority: identity.url, tenant: PARTNER_TENANT, clientId: APP_ID, ca: tls.cert, logger },
      clientSecret: "wrong-secret-xyz",
    })
      .getToken()
      .catch(() => undefined);
    const cache = await readFile(join(dir, "state", "token-cache.json"), "utf8");
    const refreshToken =
      Object.values((JSON.parse(cache) as { RefreshToken: Record<string, { secret: string }> }).RefreshToken)[0]
        ?.secret ?? "";
    expect(log).toContain("signed in with a device code");
    expect(log).toContain("admin@partner.onmicrosoft.com");
    for (const secret of [token, appToken, refreshToken, APP_SECRET, "wrong-secret-xyz"]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(log).not.toContain(secret);
    }
    expect(log).not.toContain(prompt?.userCode);
  });
});

describe("which calls need a signed-in user", () => {
  it.each<[RunNeeds, number]>([
    [{}, 0],
    [{ confirmsMca: true }, 1],
    [
      {
        confirmsMca: true,
        indirectResellerCustomers: true,
        listsResellers: true,
        checksResellerMpa: true,
        educationQualification: true,
      },
      5,
    ],
    [{ confirmsMca: false, listsResellers: true }, 1],
  ])("requiresUser(%j) gives %i reasons", (needs, count) => {
    const reasons = requiresUser(needs);
    expect(reasons).toHaveLength(count);
  });

  it.each<[string, string, unknown, RegExp | undefined]>([
    ["POST", "/v1/customers/abc/agreements", {}, /Microsoft Customer Agreement/],
    ["POST", "/v1/customers", { AssociatedPartnerId: "3f2a6c1e-8b7d-4e5f-9a0b-1c2d3e4f5a01" }, /indirect reseller/],
    ["POST", "/v1/customers", { CompanyProfile: {} }, undefined],
    ["GET", "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf", undefined, /indirect resellers/],
    ["GET", "/v1/compliance/csp/agreementstatus?mpnId=4810001", undefined, /Partner Agreement/],
    ["POST", "/v1/customers/abc/qualifications", {}, /education/],
    ["HEAD", "/v1/domains/x.onmicrosoft.com", undefined, undefined],
    ["POST", "/v1/validations/address", {}, undefined],
  ])("%s %s", (method, path, body, reason) => {
    const found = callRequiresUser(method, path, body);
    if (reason === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(reason);
  });

  it("ensureCanRun refuses an app provider (and an app-only JWT) for a run that confirms the MCA", async () => {
    const app = appTokenProvider({
      authority: identity.url,
      tenant: PARTNER_TENANT,
      clientId: APP_ID,
      clientSecret: APP_SECRET,
      ca: tls.cert,
    });
    const error = await rejection(ensureCanRun(app, { confirmsMca: true }));
    expect(error.reason).toBe("SIGN_IN_REQUIRED");
    expect(error.message).toMatch(/Microsoft Customer Agreement/);
    await expect(ensureCanRun(app, { confirmsMca: false })).resolves.toBeUndefined();
    await expect(ensureCanRun(staticToken(await app.getToken()), { confirmsMca: true })).rejects.toThrow(SignInError);
    await expect(ensureCanRun(staticToken("opaque-token"), { confirmsMca: true })).resolves.toBeUndefined();
  });

  it("a static token cannot be refreshed: REFRESH_FAILED", async () => {
    const provider = staticToken("abc");
    expect(await provider.getToken()).toBe("abc");
    expect((await rejection(provider.refresh())).reason).toBe("REFRESH_FAILED");
  });
});

describe("resolveTokenProvider: which provider a run gets, decided before it starts", () => {
  const settings = (extra: Partial<AuthSettings> = {}): AuthSettings => ({
    auth: "auto",
    authority: identity.url,
    clientId: PUBLIC_CLIENT,
    ...extra,
  });
  const resolve = async (s: AuthSettings, needs: RunNeeds, more: Record<string, unknown> = {}) => {
    const caFile = join(dir, "ca.pem");
    await writeFile(caFile, tls.cert);
    return resolveTokenProvider({ settings: { ...s, caFile }, stateDir: join(dir, "state"), needs, env: {}, ...more });
  };

  it("auto: the signed-in user from the state folder's cache", async () => {
    await signIn();
    expect(tokenCacheFile(join(dir, "state"))).toBe(join(dir, "state", "token-cache.json"));
    const provider = await resolve(settings(), { confirmsMca: true });
    expect(provider.kind).toBe("user");
  });

  it("auto: app credentials when nobody signed in and the run allows App-only", async () => {
    const s = settings({ clientId: APP_ID, tenant: PARTNER_TENANT });
    const provider = await resolve(s, { confirmsMca: false }, { env: { PARTNER_CENTER_CLIENT_SECRET: APP_SECRET } });
    expect(provider.kind).toBe("app");
  });

  it("auto: says before the run starts that it needs a user, with each reason", async () => {
    const s = settings({ clientId: APP_ID, tenant: PARTNER_TENANT });
    const error = await rejection(
      resolve(s, { confirmsMca: true, listsResellers: true }, { env: { PARTNER_CENTER_CLIENT_SECRET: APP_SECRET } }),
    );
    expect(error.reason).toBe("SIGN_IN_REQUIRED");
    expect(error.message).toMatch(/Microsoft Customer Agreement.*indirect resellers/);
    expect(identity.stats().tokens.clientCredentials).toBe(0);
  });

  it.each<[string, Partial<AuthSettings>, Record<string, unknown>, string]>([
    ["a given token first", {}, { env: { PARTNER_CENTER_TOKEN: "given" } }, "static"],
    [
      "the emulator's token when nothing is configured",
      { clientId: undefined },
      { fallbackToken: DEFAULT_TOKEN },
      "static",
    ],
  ])("auto: %s", async (_label, extra, more, kind) => {
    const s = settings(extra);
    if (s.clientId === undefined) delete s.clientId;
    expect((await resolve(s, {}, more)).kind).toBe(kind);
  });

  it("user: an empty cache is SIGN_IN_REQUIRED", async () => {
    expect((await rejection(resolve(settings({ auth: "user" }), {}))).reason).toBe("SIGN_IN_REQUIRED");
  });
});
