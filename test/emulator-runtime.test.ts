import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fixtureSeed from "../fixtures/emulator/seed.json" with { type: "json" };
import defaultSeed from "../src/emulator/default-seed.json" with { type: "json" };
import { FaultInjector } from "../src/emulator/faults.js";
import {
  MCA_TEMPLATE_ID,
  runEmulatorCommand,
  startEmulator,
  type EmulatorSeed,
  type EmulatorState,
  type RunningEmulator,
} from "../src/emulator/index.js";
import { createPrng } from "../src/emulator/prng.js";
import { SlidingWindow } from "../src/emulator/sliding-window.js";

const AUTH = { Authorization: "Bearer emulator-token", "Content-Type": "application/json" };

let dir: string;
let counter = 0;
const running: RunningEmulator[] = [];

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const em = await startEmulator(options);
  running.push(em);
  return em;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "csp-emulator-"));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
  await rm(dir, { recursive: true, force: true });
});

function customerBody(): Record<string, unknown> {
  counter++;
  return {
    CompanyProfile: { Domain: `runtime${counter}.onmicrosoft.com` },
    BillingProfile: {
      Email: "a@b.nl",
      Culture: "nl-NL",
      Language: "nl",
      CompanyName: "Runtime B.V.",
      DefaultAddress: { FirstName: "A", LastName: "B", AddressLine1: "Straat 1", City: "Utrecht", Country: "NL" },
    },
  };
}

async function post(em: RunningEmulator, path: string, body: unknown, requestId?: string, signal?: AbortSignal) {
  const res = await fetch(`${em.url}${path}`, {
    method: "POST",
    headers: { ...AUTH, ...(requestId !== undefined && { "MS-RequestId": requestId }) },
    body: JSON.stringify(body),
    ...(signal !== undefined && { signal }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

async function get(em: RunningEmulator, path: string) {
  const res = await fetch(`${em.url}${path}`, { headers: AUTH });
  return { status: res.status, body: await res.json() };
}

function created(state: EmulatorState) {
  return state.customers.filter((c) => !c.seeded);
}

describe("persistence", () => {
  it("keeps customers, agreements and remembered answers across a restart", async () => {
    const stateFile = join(dir, "state.json");
    const first = await start({ stateFile });
    const r = await post(first, "/v1/customers", customerBody(), "req-1");
    const id = String(r.body.id);
    const mca = {
      primaryContact: { firstName: "A", lastName: "B", email: "a@b.nl" },
      templateId: MCA_TEMPLATE_ID,
      dateAgreed: new Date().toISOString(),
      type: "MicrosoftCustomerAgreement",
    };
    expect((await post(first, `/v1/customers/${id}/agreements`, mca)).status).toBe(201);
    await first.close();

    const onDisk = JSON.parse(await readFile(stateFile, "utf8")) as EmulatorState;
    expect(created(onDisk).map((c) => c.id)).toEqual([id]);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const second = await start({ stateFile });
    expect((await get(second, `/v1/customers/${id}`)).status).toBe(200);
    expect((await post(second, `/v1/customers/${id}/agreements`, mca)).body).toMatchObject({ code: 600061 });
    const replay = await post(second, "/v1/customers", { anything: "else" }, "req-1");
    expect(replay).toMatchObject({ status: 201, body: { id } });
    expect(created(second.state())).toHaveLength(1);
  });

  it("writes a new state file at start, and batches later writes", async () => {
    const stateFile = join(dir, "state.json");
    const em = await start({ stateFile, flushIntervalMs: 30 });
    const initial = JSON.parse(await readFile(stateFile, "utf8")) as EmulatorState;
    expect(initial.customers.filter((c) => c.seeded)).toHaveLength(2);
    await Promise.all(Array.from({ length: 20 }, () => post(em, "/v1/customers", customerBody())));
    await expect
      .poll(async () => created(JSON.parse(await readFile(stateFile, "utf8")) as EmulatorState).length)
      .toBe(20);
  });

  it("ignores the seed when the state file exists", async () => {
    const stateFile = join(dir, "state.json");
    const first = await start({ stateFile, seed: { resellers: [], customers: [], products: [] } });
    await first.close();
    const second = await start({ stateFile });
    expect(second.state().resellers).toEqual([]);
  });

  it("bounds the remembered answers", async () => {
    const em = await start({ replayLimit: 3 });
    for (let i = 0; i < 5; i++) await post(em, "/v1/customers", customerBody(), `bounded-${i}`);
    expect(em.state().replies.map((r) => r.key.split(" ")[2])).toEqual(["bounded-2", "bounded-3", "bounded-4"]);
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["of another shape", JSON.stringify({ version: 2 }), /invalid at version/],
  ])("refuses a state file that is %s", async (_name, text, message) => {
    const stateFile = join(dir, "state.json");
    await writeFile(stateFile, text);
    await expect(startEmulator({ stateFile })).rejects.toThrow(message);
  });
});

describe("seed", () => {
  it("ships the fixture seed as the default seed", () => {
    expect(defaultSeed).toEqual(fixtureSeed);
  });

  it("loads a seed file", async () => {
    const seedFile = join(dir, "seed.json");
    await writeFile(
      seedFile,
      JSON.stringify({
        resellers: [
          { partnerId: "123", tenantId: "11111111-2222-4333-8444-555555555555", name: "R", mpaSigned: false },
        ],
      }),
    );
    const em = await start({ seed: seedFile });
    expect(em.state().resellers).toHaveLength(1);
    expect(em.state().customers).toEqual([]);
  });

  it.each([
    [
      "a reseller with a non-digit PartnerID",
      { resellers: [{ partnerId: "ab", tenantId: "x", name: "R", mpaSigned: true }] },
    ],
    ["an unknown key", { resellerz: [] }],
  ])("refuses %s", async (_name, seed) => {
    await expect(startEmulator({ seed: seed as unknown as EmulatorSeed })).rejects.toThrow(/invalid seed: /);
  });

  it("names an unreadable seed file", async () => {
    await expect(startEmulator({ seed: join(dir, "missing.json") })).rejects.toThrow(/cannot read the seed file/);
  });
});

describe("stats", () => {
  it("counts requests in flight, per route, and per window", async () => {
    const em = await start({ latencyMs: { fixed: 400, jitter: 0 } });
    const pending = Promise.all(Array.from({ length: 6 }, () => get(em, "/v1/agreements")));
    await expect.poll(() => em.stats().inFlight, { interval: 10 }).toBe(6);
    await pending;
    const stats = em.stats();
    expect(stats).toMatchObject({ requests: 6, inFlight: 0, maxInFlight: 6, maxPerSecond: 6, maxPerMinute: 6 });
    expect(stats.lastMinute).toBe(6);
    expect(stats.byRoute).toEqual({ "GET /v1/agreements": 6 });
    expect(stats.byStatus).toEqual({ "200": 6 });
  });

  it("serves stats, state and faults on the control API without a token", async () => {
    const em = await start();
    await get(em, "/v1/agreements");
    const stats = (await (await fetch(`${em.url}/_emulator/stats`)).json()) as Record<string, unknown>;
    expect(stats.requests).toBe(1);
    const state = (await (await fetch(`${em.url}/_emulator/state`)).json()) as EmulatorState;
    expect(state.resellers).toHaveLength(7);
    const set = await fetch(`${em.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ errorRate: 1 }) });
    expect(await set.json()).toEqual({ errorRate: 1 });
    expect((await get(em, "/v1/agreements")).status).toBeGreaterThanOrEqual(500);
    const bad = await fetch(`${em.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ errorRate: 2 }) });
    expect(bad.status).toBe(400);
    await fetch(`${em.url}/_emulator/stats/reset`, { method: "POST" });
    expect(em.stats().requests).toBe(0);
    const clock = await fetch(`${em.url}/_emulator/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceMs: 1000 }),
    });
    expect(clock.status).toBe(200);
    expect((await fetch(`${em.url}/_emulator/flush`, { method: "POST" })).status).toBe(200);
  });

  it.each([
    // [times, span, expected counts after each push]
    [[0, 100, 200, 1000, 1100, 2500], 1000, [1, 2, 3, 3, 3, 1]],
    [[0, 0, 0, 999, 1000], 1000, [1, 2, 3, 4, 2]],
  ])("keeps a sliding window over %j", (times, span, expected) => {
    const w = new SlidingWindow(span);
    expect(times.map((t) => w.push(t))).toEqual(expected);
  });
});

describe("faults", () => {
  async function statuses(em: RunningEmulator, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await fetch(`${em.url}/v1/agreements`, { headers: AUTH })).status);
    return out;
  }

  it("is deterministic for a seed", async () => {
    const em = await start({ faults: { seed: 42, errorRate: 0.3, throttleRate: 0.1 } });
    const a = await statuses(em, 40);
    em.setFaults({ seed: 42, errorRate: 0.3, throttleRate: 0.1 });
    const b = await statuses(em, 40);
    expect(b).toEqual(a);
    expect(a.filter((s) => s >= 500).length).toBeGreaterThan(3);
    expect(a.filter((s) => s === 429).length).toBeGreaterThan(0);
    em.setFaults({ seed: 7, errorRate: 0.3, throttleRate: 0.1 });
    expect(await statuses(em, 40)).not.toEqual(a);
  });

  it("draws the same decisions from the same seed (unit)", () => {
    const run = () => {
      const f = new FaultInjector({ seed: 3, errorRate: 0.5, commitThenDrop: 0.5, slowRate: 0.5, slowMs: 10 });
      return Array.from({ length: 30 }, (_, i) => f.decide(true, i));
    };
    expect(run()).toEqual(run());
    expect(createPrng(1)()).toBe(createPrng(1)());
  });

  it("answers 500/503 without acting", async () => {
    const em = await start({ faults: { errorRate: 1 } });
    const r = await post(em, "/v1/customers", customerBody());
    expect([500, 503]).toContain(r.status);
    expect(r.body).toMatchObject({ source: "PartnerCenter" });
    expect(created(em.state())).toHaveLength(0);
    expect(em.stats().injectedErrors).toBe(1);
  });

  it("rate-limits with 429 and Retry-After", async () => {
    const em = await start({ faults: { rateLimit: { perSecond: 3 } } });
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${em.url}/v1/agreements`, { headers: AUTH })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429, 429]);
    const throttled = replies.find((r) => r.status === 429);
    expect(throttled?.headers.get("retry-after")).toBe("1");
    expect(await throttled?.json()).toMatchObject({ code: 990429 });
    expect(em.stats().throttled).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await fetch(`${em.url}/v1/agreements`, { headers: AUTH })).status).toBe(200);
  });

  it("gives the minute window's Retry-After", async () => {
    const em = await start({ faults: { rateLimit: { perMinute: 2 } } });
    await statuses(em, 2);
    const r = await fetch(`${em.url}/v1/agreements`, { headers: AUTH });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
  });

  it("commits then drops the connection; a retry with the same MS-RequestId gets the answer", async () => {
    const em = await start({ faults: { commitThenDrop: 1 } });
    const body = customerBody();
    await expect(post(em, "/v1/customers", body, "drop-1")).rejects.toThrow();
    const committed = created(em.state());
    expect(committed).toHaveLength(1);
    expect(em.stats()).toMatchObject({ dropped: 1, byStatus: { dropped: 1 } });
    em.setFaults({});
    const retry = await post(em, "/v1/customers", body, "drop-1");
    expect(retry).toMatchObject({ status: 201, body: { id: committed[0]?.id } });
    expect((await post(em, "/v1/customers", body, "drop-2")).body).toMatchObject({ code: 990001 });
    expect(created(em.state())).toHaveLength(1);
  });

  it("never drops a GET", async () => {
    const em = await start({ faults: { commitThenDrop: 1 } });
    expect((await get(em, "/v1/agreements")).status).toBe(200);
  });

  it("answers slowly past a client's timeout, then acts once", async () => {
    const em = await start({ faults: { slowRate: 1, slowMs: 300 } });
    const body = customerBody();
    await expect(post(em, "/v1/customers", body, "slow-1", AbortSignal.timeout(80))).rejects.toThrow();
    expect(em.stats().slowed).toBe(1);
    await expect.poll(() => created(em.state()).length, { timeout: 2000 }).toBe(1);
    em.setFaults({});
    const retry = await post(em, "/v1/customers", body, "slow-1");
    expect(retry).toMatchObject({ status: 201, body: { id: created(em.state())[0]?.id } });
  });

  it("closes promptly while requests wait", async () => {
    const em = await startEmulator({ faults: { slowRate: 1, slowMs: 30_000 } });
    const pending = fetch(`${em.url}/v1/agreements`, { headers: AUTH }).catch((error: unknown) => error);
    await expect.poll(() => em.stats().inFlight).toBe(1);
    const t0 = Date.now();
    await em.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("rejects bad settings", async () => {
    await expect(startEmulator({ faults: { errorRate: -1 } })).rejects.toThrow(/invalid fault settings: errorRate/);
  });
});

describe("runEmulatorCommand", () => {
  it("logs the URL, runs until aborted, and writes the state", async () => {
    const stateFile = join(dir, "cli-state.json");
    const lines: string[] = [];
    const stop = new AbortController();
    let url = "";
    const done = runEmulatorCommand({
      stateFile,
      latencyMs: 1,
      log: (line) => lines.push(line),
      signal: stop.signal,
      onStarted: (em) => {
        url = em.url;
      },
    });
    await expect.poll(() => url).not.toBe("");
    const res = await fetch(`${url}/v1/customers`, {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify(customerBody()),
    });
    expect(res.status).toBe(201);
    stop.abort();
    const summary = await done;
    expect(summary.stats.requests).toBe(1);
    expect(lines[0]).toBe(`Partner Center emulator listening on ${url}`);
    expect(lines.join("\n")).toContain("emulator-token");
    expect(created(JSON.parse(await readFile(stateFile, "utf8")) as EmulatorState)).toHaveLength(1);
  });
});
