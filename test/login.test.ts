import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { loopbackCertificate } from "./helpers/tls.js";
import type { ArgumentsCamelCase } from "yargs";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isSignInError } from "../src/auth/index.js";
import { runLogin, type LoginFlags } from "../src/cli/commands/login.js";
import type { CommandIo } from "../src/cli/io.js";
import type { RunningIdentity } from "../src/emulator/identity/index.js";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import { isRunError } from "../src/errors/run-error.js";

const CLIENT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

let tls: { key: string; cert: string };
let dir: string;
let caFile: string;
let em: RunningEmulator;
let identity: RunningIdentity;

beforeAll(async () => {
  tls = await loopbackCertificate();
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "csp-login-"));
  caFile = join(dir, "emulator-ca.pem");
  await writeFile(caFile, tls.cert);
  em = await startEmulator({ identity: { tls, pollIntervalSeconds: 0.05 } });
  if (em.identity === undefined) throw new Error("identity endpoints not started");
  identity = em.identity;
});

afterEach(async () => {
  await em.close();
  await rm(dir, { recursive: true, force: true });
});

function fakeIo(): { io: CommandIo; stderr: () => string; log: () => string } {
  let err = "";
  let log = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, next) {
        append(chunk.toString());
        next();
      },
    }) as unknown as NodeJS.WriteStream;
  const stderr = sink((t) => (err += t));
  const logSink = sink((t) => (log += t));
  return {
    io: { stdout: sink(() => undefined), stderr, logger: () => pino({ level: "debug" }, logSink) },
    stderr: () => err,
    log: () => log,
  };
}

function args(flags: LoginFlags): ArgumentsCamelCase<LoginFlags> {
  return { _: ["login"], $0: "csp-onboard", ...flags };
}

const flags = (): LoginFlags => ({
  clientId: CLIENT_ID,
  authority: identity.url,
  caFile,
  state: join(dir, "state"),
});

/** Runs `login` and enters the code it printed, the way a person would. */
async function loginApproving(f: LoginFlags, fake = fakeIo()) {
  const run = runLogin(args(f), fake.io);
  await vi.waitFor(() => {
    expect(fake.stderr()).toMatch(/enter the code (\w+)/);
  });
  const code = /enter the code (\w+)/.exec(fake.stderr())?.[1] ?? "";
  identity.approve(code);
  return { exit: await run, stderr: fake.stderr(), log: fake.log(), code };
}

describe("csp-onboard login", () => {
  it("prints the URL and code on stderr, signs in, and keeps the cache 0600 in the state folder", async () => {
    const { exit, stderr, log, code } = await loginApproving(flags());
    expect(exit).toBe(0);
    expect(stderr).toContain(`${identity.url}/devicelogin`);
    expect(stderr).toContain("Signed in as admin@partner.onmicrosoft.com");
    expect((await stat(join(dir, "state", "token-cache.json"))).mode & 0o777).toBe(0o600);
    expect(log).not.toContain(code);
  });

  it("a second login uses the saved sign-in silently: no new device code", async () => {
    await loginApproving(flags());
    const fake = fakeIo();
    expect(await runLogin(args(flags()), fake.io)).toBe(0);
    expect(fake.stderr()).toMatch(/^Already signed in as admin@partner\.onmicrosoft\.com/);
    expect(identity.stats().deviceCodes).toBe(1);
    expect(identity.stats().tokens.refreshToken).toBe(1);
  });

  it("after the sign-in was revoked, login says so and asks for a new code", async () => {
    await loginApproving(flags());
    identity.revokeRefreshTokens();
    const { exit, stderr } = await loginApproving(flags());
    expect(exit).toBe(0);
    expect(stderr).toContain("can no longer be refreshed; signing in again");
    expect(identity.stats().deviceCodes).toBe(2);
  });

  it("--force signs in again although the saved sign-in works", async () => {
    await loginApproving(flags());
    await loginApproving({ ...flags(), force: true });
    expect(identity.stats().deviceCodes).toBe(2);
  });

  it("reads clientId, authority, tenant and a relative caFile from the config file", async () => {
    const config = join(dir, "config.json");
    await writeFile(
      config,
      JSON.stringify({
        clientId: CLIENT_ID,
        authority: identity.url,
        tenant: "organizations",
        caFile: "emulator-ca.pem",
      }),
    );
    const { exit } = await loginApproving({ config, state: join(dir, "state") });
    expect(exit).toBe(0);
  });

  it.each<[string, LoginFlags, string, number]>([
    ["no client ID", { clientId: undefined }, "USAGE", 2],
    ["an http authority", { authority: "http://127.0.0.1:1" }, "CONFIG_INVALID", 2],
    ["a client ID that is not a GUID", { clientId: "my-app" }, "CONFIG_INVALID", 2],
    ["an unreadable CA file", { caFile: "/nonexistent/ca.pem" }, "USAGE", 2],
  ])("fails fast with %s", async (_label, override, code, exitCode) => {
    const f = { ...flags(), ...override };
    const error: unknown = await runLogin(args(f), fakeIo().io).catch((e: unknown) => e);
    expect(isRunError(error) && error.code).toBe(code);
    expect(isRunError(error) && error.exitCode).toBe(exitCode);
    expect(identity.stats().deviceCodes).toBe(0);
  });

  it("a declined code ends with a SignInError (exit 4)", async () => {
    const fake = fakeIo();
    const run = runLogin(args(flags()), fake.io).catch((e: unknown) => e);
    await vi.waitFor(() => {
      expect(identity.pendingUserCodes()).toHaveLength(1);
    });
    identity.deny(identity.pendingUserCodes()[0] ?? "");
    const error = await run;
    expect(isSignInError(error) && error.reason).toBe("SIGN_IN_DECLINED");
    expect(isSignInError(error) && error.exitCode).toBe(4);
  });
});
