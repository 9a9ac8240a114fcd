import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import { Ledger } from "../src/submit/ledger.js";
import { runCli, startCli } from "./helpers/cli.js";
import { readJsonl, tempDir, writeCustomers } from "./helpers/customers.js";

// These tests spawn the built CLI: run `npm run build` first (npm test does).

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const TOKEN = { PARTNER_CENTER_TOKEN: "emulator-token" };

function args(file: string, e: RunningEmulator, state: string, out: string, ...more: string[]): string[] {
  return [
    "import",
    file,
    "--endpoint",
    e.url,
    "--state",
    state,
    "--out",
    out,
    "--rate",
    "0",
    "--concurrency",
    "4",
    "--attest-partner-role",
    "--attest-no-affiliate-resale",
    "--quiet",
    ...more,
  ];
}

/** Keys the ledger left with a request sent and no answer recorded. */
async function pendingKeys(state: string): Promise<string[]> {
  const name = (await readdir(state)).find((f) => f.startsWith("ledger-") && f.endsWith(".jsonl"));
  if (name === undefined) throw new Error("no ledger");
  const ledger = await Ledger.open(join(state, name));
  try {
    return [...ledger.keys()].filter((k) => {
      const s = ledger.get(k);
      return [s?.createSent, s?.mcaSent, s?.cartSent, s?.checkoutSent].some((x) => x !== undefined);
    });
  } finally {
    await ledger.close();
  }
}

function expectOnceEach(e: RunningEmulator, rows: number): void {
  const customers = e.state().customers.filter((c) => !c.seeded);
  expect(customers).toHaveLength(rows);
  expect(new Set(customers.map((c) => c.domain)).size).toBe(rows);
  for (const c of customers) {
    expect(c.agreements).toHaveLength(1);
    expect(c.orders).toHaveLength(1);
  }
}

describe("the CLI before it creates anything", () => {
  it("refuses without --yes when not on a terminal (exit 2), before sending anything", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(3);
    const out = join(await tempDir("yes-"), "out");
    const result = await runCli(args(file, emulator, await tempDir("yes-state-"), out), TOKEN);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not on a terminal, confirm with --yes \(or check with --dry-run\).*\[USAGE\]/);
    expect(emulator.stats().requests).toBe(0);
    await expect(readdir(out)).rejects.toThrow();
  });

  it("--dry-run needs no --yes, creates nothing, and points to payloads.jsonl and dry-run.json", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(3, { offers: true });
    const out = await tempDir("dry-cli-");
    const result = await runCli(
      args(file, emulator, await tempDir("dry-cli-state-"), out, "--dry-run").filter((a) => a !== "--quiet"),
      TOKEN,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("dry run: 3 ready, 0 would fail");
    expect(result.stderr).toContain(`15 requests the import would send: ${join(out, "payloads.jsonl")}`);
    expect(emulator.state().customers.filter((c) => !c.seeded)).toHaveLength(0);
    expect((await readdir(out)).sort()).toEqual(
      expect.arrayContaining(["dry-run.json", "manifest.json", "payloads.jsonl", "results.csv", "summary.json"]),
    );
  });
});

describe("Ctrl-C (SIGINT to the built CLI)", () => {
  it("the first stops taking rows, lets the rows in flight finish their step, exits 5; the same command finishes once", async () => {
    emulator = await startEmulator({ latencyMs: { fixed: 20, jitter: 0 } });
    const e = emulator;
    const rows = 60;
    const file = await writeCustomers(rows, { offers: true });
    const state = await tempDir("sigint-state-");
    const out = await tempDir("sigint-out-");
    const { child, done } = startCli(args(file, e, state, out, "--yes"), TOKEN);
    while ((e.stats().byRoute["POST /v1/customers"] ?? 0) < 8 && child.exitCode === null) await sleep(2);
    child.kill("SIGINT");
    const stopped = await done;
    expect(stopped.code, stopped.stderr).toBe(5);
    expect(stopped.stderr).toContain("Stopping: no new rows are taken");
    expect(stopped.stderr).toMatch(/stopped by Ctrl-C.*\[INTERRUPTED\]/);
    // Every request sent before the stop got its answer recorded: nothing is left to settle.
    expect(await pendingKeys(state)).toEqual([]);
    expect(e.state().customers.filter((c) => !c.seeded).length).toBeLessThan(rows);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as { complete: boolean };
    expect(summary.complete).toBe(false);
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as { complete: boolean };
    expect(manifest.complete).toBe(false);

    const finalOut = await tempDir("sigint-final-");
    const final = await runCli(args(file, e, state, finalOut, "--yes"), TOKEN);
    expect(final.code, final.stderr).toBe(0);
    const results = await readJsonl<{ outcome: string }>(join(finalOut, "results.jsonl"));
    expect(results).toHaveLength(rows);
    for (const r of results) expect(["created", "already-done"]).toContain(r.outcome);
    expectOnceEach(e, rows);
  });

  it("the second aborts at once (exit 5); the next run settles what was in flight, with no duplicates", async () => {
    emulator = await startEmulator({ latencyMs: { fixed: 40, jitter: 0 } });
    const e = emulator;
    const rows = 40;
    const file = await writeCustomers(rows, { offers: true });
    const state = await tempDir("sigint2-state-");
    const { child, done } = startCli(args(file, e, state, await tempDir("sigint2-out-"), "--yes"), TOKEN);
    while ((e.stats().byRoute["POST /v1/customers"] ?? 0) < 6 && child.exitCode === null) await sleep(2);
    child.kill("SIGINT");
    await sleep(5);
    const sent = Date.now();
    child.kill("SIGINT");
    const aborted = await done;
    expect(aborted.code, aborted.stderr).toBe(5);
    expect(aborted.stderr).toContain("Aborted. Run the same command again");
    // At once: well before the 40 ms answers of the requests in flight could all come back and be followed up.
    expect(Date.now() - sent).toBeLessThan(1000);
    await sleep(60); // the requests in flight at the abort act now, their answers unheard

    const final = await runCli(args(file, e, state, await tempDir("sigint2-final-"), "--yes"), TOKEN);
    expect(final.code, final.stderr).toBe(0);
    expectOnceEach(e, rows);
  });
});
