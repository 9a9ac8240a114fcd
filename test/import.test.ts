import { readFile, writeFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import { importFile } from "../src/run/import.js";
import { RunError } from "../src/errors/run-error.js";
import { runCli, startCli } from "./helpers/cli.js";
import { tempDir, writeCustomers } from "./helpers/customers.js";

interface ResultLine {
  row: number;
  key?: string;
  outcome: string;
  customerId?: string;
}

async function readJsonl<T>(path: string): Promise<T[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as T);
}

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function createdCustomers(e: RunningEmulator) {
  return e.state().customers.filter((c) => !c.seeded);
}

describe("import against the emulator", () => {
  it("creates exactly the accepted rows with their MCA confirmed (1,000 rows, concurrency 8)", async () => {
    emulator = await startEmulator({ latencyMs: { fixed: 1, jitter: 2 } });
    const file = await writeCustomers(1000, { rejectEvery: 50 });
    const out = await tempDir("import-out-");
    const state = await tempDir("import-state-");
    const summary = await importFile(file, {
      endpoint: emulator.url,
      env: { PARTNER_CENTER_TOKEN: "emulator-token" },
      concurrency: 8,
      rate: 0,
      backoffMs: 5,
      out,
      state,
      quiet: true,
    });
    expect(summary.rows).toBe(1000);
    expect(summary.outcomes).toMatchObject({ created: 980, rejected: 20, failed: 0 });
    const results = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    expect(results).toHaveLength(1000);
    expect(new Set(results.map((r) => r.row)).size).toBe(1000);

    const customers = createdCustomers(emulator);
    expect(customers).toHaveLength(980);
    const byId = new Map(customers.map((c) => [c.id, c]));
    for (const r of results.filter((x) => x.outcome === "created")) {
      const c = byId.get(r.customerId ?? "");
      expect(c?.domain).toBe(`klant${r.row}nl.onmicrosoft.com`);
      expect(c?.agreements).toHaveLength(1);
    }
    const stats = emulator.stats();
    expect(stats.maxInFlight).toBeLessThanOrEqual(8);
    const credentials = await stat(join(out, "credentials.csv"));
    expect(credentials.mode & 0o777).toBe(0o600);
  });

  it("a second run of the same command creates nothing and reports every row already done", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(30);
    const state = await tempDir("import-state-");
    const options = { endpoint: emulator.url, env: { PARTNER_CENTER_TOKEN: "emulator-token" }, rate: 0, state, quiet: true };
    await importFile(file, { ...options, out: await tempDir("out1-") });
    const requestsBefore = emulator.stats().requests;
    const second = await importFile(file, { ...options, out: await tempDir("out2-") });
    expect(second.outcomes).toMatchObject({ created: 0, "already-done": 30 });
    expect(emulator.stats().requests).toBe(requestsBefore);
    expect(createdCustomers(emulator)).toHaveLength(30);
  });

  it("never has more requests in flight than --concurrency nor more per second than --rate", async () => {
    emulator = await startEmulator({ latencyMs: { fixed: 20, jitter: 10 } });
    const file = await writeCustomers(40);
    const summary = await importFile(file, {
      endpoint: emulator.url,
      env: { PARTNER_CENTER_TOKEN: "emulator-token" },
      concurrency: 3,
      rate: 1200,
      out: await tempDir("out-"),
      state: await tempDir("state-"),
      quiet: true,
    });
    expect(summary.outcomes.created).toBe(40);
    const stats = emulator.stats();
    expect(stats.maxInFlight).toBeLessThanOrEqual(3);
    expect(stats.maxPerSecond).toBeLessThanOrEqual(20);
  });

  it("stops at once on a bad token: exit 4, one clear line, no customer created", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(10);
    const out = await tempDir("out-");
    const result = await runCli(
      ["import", file, "--endpoint", emulator.url, "--out", out, "--state", await tempDir("state-"), "--quiet"],
      { PARTNER_CENTER_TOKEN: "wrong-token" },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^csp-onboard: .*refused the token.*\[AUTH_FAILED\]\n$/m);
    expect(result.stderr).not.toContain("wrong-token");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(createdCustomers(emulator)).toHaveLength(0);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as { complete: boolean; exitCode: number };
    expect(summary).toMatchObject({ complete: false, exitCode: 4 });
  });

  it("without a token or endpoint it is a usage error (exit 2)", async () => {
    const file = await writeCustomers(1);
    await expect(importFile(file, { endpoint: "http://127.0.0.1:9", env: {}, quiet: true })).rejects.toBeInstanceOf(RunError);
    const result = await runCli(["import", file, "--quiet"], { PARTNER_CENTER_TOKEN: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--endpoint URL or --emulator");
  });

  it("survives kill -9 at several points: each customer exactly once, each MCA once", async () => {
    emulator = await startEmulator({ latencyMs: { fixed: 3, jitter: 3 } });
    const file = await writeCustomers(300, { rejectEvery: 25 });
    const state = await tempDir("kill-state-");
    const tokenFile = join(state, "..", `token-${Date.now()}`);
    await writeFile(tokenFile, "emulator-token\n");
    const args = (out: string) => [
      "import",
      file,
      "--endpoint",
      emulator?.url ?? "",
      "--token-file",
      tokenFile,
      "--state",
      state,
      "--out",
      out,
      "--concurrency",
      "6",
      "--rate",
      "0",
      "--quiet",
    ];
    for (const killAfter of [5, 60, 150]) {
      const { child, done } = startCli(args(await tempDir("kill-out-")));
      for (;;) {
        const created = createdCustomers(emulator).length;
        const agreements = emulator.stats().byRoute["POST /v1/customers/{id}/agreements"] ?? 0;
        if (created >= killAfter && agreements >= killAfter - 3) break;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      child.kill("SIGKILL");
      const result = await done;
      expect(result.signal === "SIGKILL" || result.code === 0 || result.code === 1).toBe(true);
    }
    const out = await tempDir("kill-final-");
    const final = await runCli(args(out));
    expect(final.code).toBe(1); // rejected rows beyond --max-rejected 0
    const customers = createdCustomers(emulator);
    expect(customers).toHaveLength(288);
    expect(new Set(customers.map((c) => c.domain)).size).toBe(288);
    for (const c of customers) expect(c.agreements).toHaveLength(1);
    const results = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    expect(results).toHaveLength(300);
    expect(results.filter((r) => r.outcome === "failed")).toEqual([]);
    const ids = new Set(customers.map((c) => c.id));
    for (const r of results.filter((x) => x.outcome === "created" || x.outcome === "already-done")) {
      expect(ids.has(r.customerId ?? "")).toBe(true);
    }
  });
});
