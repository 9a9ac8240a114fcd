import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loopbackCertificate } from "./helpers/tls.js";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { deviceCodeSignIn, isSignInError, type DeviceCodePrompt } from "../src/auth/index.js";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import type { RunningIdentity } from "../src/emulator/identity/index.js";
import { importFile, type ImportOptions, type ImportSummary } from "../src/run/import.js";
import { readJsonl, tempDir, writeCustomers } from "./helpers/customers.js";

const PUBLIC_CLIENT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const APP_ID = "5d0c3a51-2f1e-4c0b-9d8a-7e6f5a4b3c2d";
const APP_SECRET = "emulator-app-secret-value-1234";

let tls: { key: string; cert: string };
let em: RunningEmulator | undefined;

beforeAll(async () => {
  tls = await loopbackCertificate();
});

afterEach(async () => {
  await em?.close();
  em = undefined;
});

async function setup(
  latency = 4,
): Promise<{ e: RunningEmulator; identity: RunningIdentity; dir: string; caFile: string }> {
  em = await startEmulator({
    latencyMs: { fixed: latency, jitter: 0 },
    identity: { tls, pollIntervalSeconds: 0.05, apps: [{ clientId: APP_ID, clientSecret: APP_SECRET }] },
  });
  if (em.identity === undefined) throw new Error("identity endpoints not started");
  const dir = await tempDir("signin-import-");
  const caFile = join(dir, "emulator-ca.pem");
  await writeFile(caFile, tls.cert);
  return { e: em, identity: em.identity, dir, caFile };
}

/** `csp-onboard login` as a person does it: the code is entered once the client is polling. */
async function signIn(identity: RunningIdentity, state: string): Promise<void> {
  const prompts: DeviceCodePrompt[] = [];
  const done = deviceCodeSignIn({
    authority: identity.url,
    clientId: PUBLIC_CLIENT,
    ca: tls.cert,
    cacheFile: join(state, "token-cache.json"),
    onDeviceCode: (p) => prompts.push(p),
  });
  await vi.waitFor(() => {
    expect(identity.polls(prompts[0]?.userCode ?? "")).toBeGreaterThan(0);
  });
  identity.approve(prompts[0]?.userCode ?? "");
  await done;
}

function userRun(e: RunningEmulator, identity: RunningIdentity, caFile: string, state: string): ImportOptions {
  return {
    endpoint: e.url,
    env: {},
    clientId: PUBLIC_CLIENT,
    authority: identity.url,
    caFile,
    state,
    rate: 0,
    backoffMs: 2,
    concurrency: 2,
    quiet: true,
  };
}

async function whenCreated(e: RunningEmulator, n: number): Promise<void> {
  while ((e.stats().byRoute["POST /v1/customers"] ?? 0) < n) await sleep(2);
}

function expectOnceEach(e: RunningEmulator, rows: number): void {
  const customers = e.state().customers.filter((c) => !c.seeded);
  expect(customers).toHaveLength(rows);
  expect(new Set(customers.map((c) => c.domain)).size).toBe(rows);
  for (const c of customers) expect(c.agreements).toHaveLength(1);
}

describe("import with a signed-in partner user (the emulator plays the identity platform over HTTPS)", () => {
  it("uses the login's cache silently; a token expiring mid-run is refreshed once and the requests sent again", async () => {
    const { e, identity, dir, caFile } = await setup();
    const state = join(dir, "state");
    await signIn(identity, state);
    const file = await writeCustomers(30);
    const running = importFile(file, { ...userRun(e, identity, caFile, state), out: join(dir, "out") });
    await whenCreated(e, 6);
    // An hour later on Partner Center's clock: the access token is refused from now on.
    e.advanceClock(3601_000);
    const summary = await running;

    expect(summary.auth).toBe("user");
    expect(summary.outcomes.created).toBe(30);
    expect(summary.requests.tokenRefreshes).toBeGreaterThanOrEqual(1);
    expect(e.stats().unauthorized).toBeGreaterThanOrEqual(1);
    const stats = identity.stats();
    expect(stats.deviceCodes).toBe(1);
    // The requests refused at once shared one refresh.
    expect(stats.tokens.refreshToken).toBe(1);
    expectOnceEach(e, 30);
  });

  it("a refresh that fails mid-run stops it (exit 4, resumable); after a new login the same command finishes once", async () => {
    const { e, identity, dir, caFile } = await setup();
    const state = join(dir, "state");
    await signIn(identity, state);
    const file = await writeCustomers(30);
    const out = join(dir, "out1");
    const running = importFile(file, { ...userRun(e, identity, caFile, state), out });
    await whenCreated(e, 6);
    identity.revokeRefreshTokens();
    e.advanceClock(3601_000);
    const error: unknown = await running.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(isSignInError(error) && error.reason).toBe("REFRESH_FAILED");
    expect(isSignInError(error) && error.exitCode).toBe(4);
    expect(isSignInError(error) && error.message).toMatch(/csp-onboard login/);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as ImportSummary;
    expect(summary).toMatchObject({ complete: false, exitCode: 4 });
    const made = e.state().customers.filter((c) => !c.seeded).length;
    expect(made).toBeLessThan(30);
    await access(join(out, "manifest.json"));

    await signIn(identity, state);
    const again = await importFile(file, { ...userRun(e, identity, caFile, state), out: join(dir, "out2") });
    expect(again.outcomes.failed).toBe(0);
    expect(again.outcomes.created + again.outcomes["already-done"]).toBe(30);
    expectOnceEach(e, 30);
    const results = await readJsonl<{ outcome: string }>(join(dir, "out2", "results.jsonl"));
    expect(results).toHaveLength(30);
  });

  it("a run that needs a user and has only app credentials says so before anything is sent; a dry run may use them", async () => {
    const { e, identity, dir, caFile } = await setup(0);
    const file = await writeCustomers(2);
    const app: ImportOptions = {
      endpoint: e.url,
      env: { PARTNER_CENTER_CLIENT_SECRET: APP_SECRET },
      clientId: APP_ID,
      tenant: identity.tenantId,
      authority: identity.url,
      caFile,
      state: join(dir, "state"),
      quiet: true,
    };
    const out = join(dir, "refused-out");
    const error: unknown = await importFile(file, { ...app, out }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(isSignInError(error) && error.reason).toBe("SIGN_IN_REQUIRED");
    expect(isSignInError(error) && error.exitCode).toBe(4);
    expect(isSignInError(error) && error.message).toMatch(
      /needs a signed-in partner user.*Microsoft Customer Agreement/,
    );
    expect(e.stats().requests).toBe(0);
    expect(identity.stats().tokens.clientCredentials).toBe(0);
    await expect(access(out)).rejects.toThrow();

    // A direct partner's dry run makes no App+User call: app credentials do.
    const dry = await importFile(file, { ...app, dryRun: true, out: join(dir, "dry-out") });
    expect(dry.auth).toBe("app");
    expect(dry.dryRun?.ready).toBe(2);
  });
});
