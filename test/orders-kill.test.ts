import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import { runCli, startCli } from "./helpers/cli.js";
import { readJsonl, tempDir, writeCustomers } from "./helpers/customers.js";

interface ResultLine {
  row: number;
  outcome: string;
  customerId?: string;
  cartId?: string;
  orderIds?: string[];
}

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** The saga's requests that change something; the CLI is killed while one of them is on its way. */
const KILL_POINTS = [
  ["create", "POST /v1/customers"],
  ["MCA", "POST /v1/customers/{id}/agreements"],
  ["cart", "POST /v1/customers/{id}/carts"],
  ["checkout", "POST /v1/customers/{id}/carts/{cartId}/checkout"],
] as const;

describe("kill -9 of the CLI (needs `npm run build`)", () => {
  it("at create, MCA, cart and checkout, then the same command: each customer, MCA and order exactly once", async () => {
    // The latency keeps each request in flight long enough to kill the CLI after it was sent and before its answer:
    // the emulator still acts on it, and the next run must settle it.
    emulator = await startEmulator({ latencyMs: { fixed: 25, jitter: 0 } });
    const e = emulator;
    const rows = 60;
    const file = await writeCustomers(rows, { offers: true });
    const state = await tempDir("kill-state-");
    const tokenFile = join(await tempDir("kill-token-"), "token");
    await writeFile(tokenFile, "emulator-token\n");
    const args = (out: string) => [
      "import",
      file,
      "--endpoint",
      e.url,
      "--token-file",
      tokenFile,
      "--state",
      state,
      "--out",
      out,
      "--concurrency",
      "4",
      "--rate",
      "0",
      "--attest-partner-role",
      "--attest-no-affiliate-resale",
      "--quiet",
      "--yes",
    ];

    for (const [, route] of KILL_POINTS) {
      const target = (e.stats().byRoute[route] ?? 0) + 3;
      const { child, done } = startCli(args(await tempDir("kill-out-")));
      while ((e.stats().byRoute[route] ?? 0) < target && child.exitCode === null) await sleep(1);
      child.kill("SIGKILL");
      const result = await done;
      expect(result.signal, `killed at ${route}: ${result.stderr}`).toBe("SIGKILL");
    }
    await sleep(50); // the requests in flight at the last kill act now, their answers unheard

    const out = await tempDir("kill-final-");
    const final = await runCli(args(out));
    expect(final.code, final.stderr).toBe(0);
    // The killed run's lock was taken over, and the run says so.
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as { unfinishedRunStarted?: string };
    expect(summary.unfinishedRunStarted).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const results = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    expect(results).toHaveLength(rows);
    const customers = e.state().customers.filter((c) => !c.seeded);
    expect(customers).toHaveLength(rows);
    const byId = new Map(customers.map((c) => [c.id, c]));
    for (const r of results) {
      expect(["created", "already-done"]).toContain(r.outcome);
      const c = byId.get(r.customerId ?? "");
      expect(c?.domain).toBe(`klant${r.row}nl.onmicrosoft.com`);
      expect(c?.agreements).toHaveLength(1);
      expect(c?.carts.map((k) => k.id)).toEqual([r.cartId]);
      expect(c?.orders.map((o) => o.id)).toEqual(r.orderIds);
      expect(c?.orders).toHaveLength(1);
    }
    // Requests sent before a kill were answered again from their MS-RequestId, not acted on twice.
    expect(e.stats().replayed).toBeGreaterThan(0);
  });
});
