import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type FaultSettings, type RunningEmulator } from "../src/emulator/index.js";
import { importFile, type ImportOptions } from "../src/run/import.js";
import { readJsonl, tempDir, writeCustomers } from "./helpers/customers.js";

interface ResultLine {
  row: number;
  outcome: string;
  customerId?: string;
  cartId?: string;
  orderIds?: string[];
  code?: string;
  message?: string;
  step?: string;
}

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/**
 * The mix: 10% 5xx, 429s (scattered, plus a burst mid-run), 2% commit-then-drop, 1% answers slower than the
 * client's timeout. Retry-After 0 keeps the test fast; the client's own backoff still applies.
 */
const FAULTS: FaultSettings = {
  seed: 6,
  errorRate: 0.1,
  throttleRate: 0.02,
  throttleRetryAfterSeconds: 0,
  commitThenDrop: 0.02,
  slowRate: 0.01,
  slowMs: 400,
};

/** Every request answered 429 for `ms` once `after` customers were asked for: Partner Center throttling a burst. */
async function throttleBurst(e: RunningEmulator, after: number, ms: number): Promise<void> {
  while ((e.stats().byRoute["POST /v1/customers"] ?? 0) < after) await sleep(5);
  e.setFaults({ ...FAULTS, throttleRate: 1 });
  await sleep(ms);
  e.setFaults(FAULTS);
}

describe("import under faults", () => {
  it("ends every row created or failed with a reason, nothing twice, and a second run finishes the failed ones", async () => {
    emulator = await startEmulator({ latencyMs: { fixed: 1, jitter: 2 }, faults: FAULTS });
    const e = emulator;
    const rows = 300;
    const file = await writeCustomers(rows, { offers: true });
    const state = await tempDir("faults-state-");
    const settings: ImportOptions = {
      endpoint: e.url,
      env: { PARTNER_CENTER_TOKEN: "emulator-token" },
      concurrency: 8,
      rate: 0,
      // Few retries, so that some rows fail and the second run has unknown outcomes to settle; with so few, the
      // burst fails rows in a row, which the circuit breaker would take for an outage: off here.
      retries: 2,
      maxConsecutiveFailures: 0,
      backoffMs: 3,
      timeoutMs: 150,
      attestPartnerRole: true,
      attestNoAffiliateResale: true,
      state,
      quiet: true,
    };

    const out1 = await tempDir("faults-out-");
    const burst = throttleBurst(e, 100, 100);
    const first = await importFile(file, { ...settings, out: out1 });
    await burst;
    const stats = e.stats();
    expect(stats.injectedErrors).toBeGreaterThan(0);
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.slowed).toBeGreaterThan(0);
    expect(first.requests.retries).toBeGreaterThan(0);

    const results1 = await readJsonl<ResultLine>(join(out1, "results.jsonl"));
    expect(results1).toHaveLength(rows);
    expect(first.outcomes.created + first.outcomes.failed).toBe(rows);
    for (const r of results1.filter((x) => x.outcome === "failed")) {
      expect(r.code, `row ${r.row}`).toMatch(/\S/);
      expect(r.message, `row ${r.row}`).toMatch(/\S/);
      expect(r.step, `row ${r.row}`).toMatch(/^(create|mca|availability|cart|checkout)$/);
    }
    const afterFirst = e.state().customers.filter((c) => !c.seeded);
    const byId = new Map(afterFirst.map((c) => [c.id, c]));
    for (const c of afterFirst) {
      expect(c.agreements.length).toBeLessThanOrEqual(1);
      expect(c.carts.length).toBeLessThanOrEqual(1);
      expect(c.orders.length).toBeLessThanOrEqual(1);
    }
    for (const r of results1.filter((x) => x.outcome === "created")) {
      const c = byId.get(r.customerId ?? "");
      expect(c?.agreements).toHaveLength(1);
      expect(c?.orders.map((o) => o.id)).toEqual(r.orderIds);
    }

    e.setFaults({});
    const out2 = await tempDir("faults-out-");
    const second = await importFile(file, { ...settings, out: out2 });
    expect(second.outcomes.failed).toBe(0);
    expect(second.outcomes.created).toBe(first.outcomes.failed);
    const results2 = await readJsonl<ResultLine>(join(out2, "results.jsonl"));
    const customers = e.state().customers.filter((c) => !c.seeded);
    expect(customers).toHaveLength(rows);
    const final = new Map(customers.map((c) => [c.id, c]));
    for (const r of results2) {
      const c = final.get(r.customerId ?? "");
      expect(c?.domain).toBe(`klant${r.row}nl.onmicrosoft.com`);
      expect(c?.agreements).toHaveLength(1);
      expect(c?.carts.map((k) => k.id)).toEqual([r.cartId]);
      expect(c?.orders).toHaveLength(1);
      expect(c?.orders.map((o) => o.id)).toEqual(r.orderIds);
    }
  });
});
