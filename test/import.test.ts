import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import { importFile } from "../src/run/import.js";
import { RunError } from "../src/errors/run-error.js";
import { runCli } from "./helpers/cli.js";
import { CUSTOMER_HEADERS, customerRow, readJsonl, tempDir, writeCsv, writeCustomers } from "./helpers/customers.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function createdCustomers(e: RunningEmulator) {
  return e.state().customers.filter((c) => !c.seeded);
}

describe("import against the emulator", () => {
  it("a second run of the same command creates nothing and reports every row already done", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(30);
    const state = await tempDir("import-state-");
    const options = {
      endpoint: emulator.url,
      env: { PARTNER_CENTER_TOKEN: "emulator-token" },
      rate: 0,
      state,
      quiet: true,
    };
    await importFile(file, { ...options, out: await tempDir("out1-") });
    const requestsBefore = emulator.stats().requests;
    const second = await importFile(file, { ...options, out: await tempDir("out2-") });
    expect(second.outcomes).toMatchObject({ created: 0, "already-done": 30 });
    expect(emulator.stats().requests).toBe(requestsBefore);
    expect(createdCustomers(emulator)).toHaveLength(30);
  });

  it("a re-run into the same output folder keeps the passwords of the first run (credentials.csv, 0600)", async () => {
    emulator = await startEmulator();
    const state = await tempDir("cred-state-");
    const out = await tempDir("cred-out-");
    const options = { endpoint: emulator.url, env: { PARTNER_CENTER_TOKEN: "emulator-token" }, rate: 0, state, out };
    const first = await importFile(await writeCustomers(3), { ...options, quiet: true });
    expect(first.credentials).toBe(3);
    const second = await importFile(await writeCustomers(5), { ...options, quiet: true });
    expect(second.credentials).toBe(2);
    const path = join(out, "credentials.csv");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(path, "utf8")).trim().split("\r\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^\ufeff?row,key,customer_id,domain,user_name,password$/);
    const results = await readJsonl<{ outcome: string }>(join(out, "results.jsonl"));
    expect(results.map((r) => r.outcome)).toEqual([
      "already-done",
      "already-done",
      "already-done",
      "created",
      "created",
    ]);
  });

  it("a key an earlier run created another customer under fails the row (KEY_REUSED), never passes it for done", async () => {
    emulator = await startEmulator();
    const state = await tempDir("reuse-state-");
    const options = { endpoint: emulator.url, env: { PARTNER_CENTER_TOKEN: "emulator-token" }, rate: 0, state };
    await importFile(await writeCustomers(2), { ...options, out: await tempDir("reuse-out1-"), quiet: true });
    // The second file gives external_id C-2 to another company (another domain).
    const file = await writeCsv(CUSTOMER_HEADERS, [customerRow(1), customerRow(3).with(0, "C-2")]);
    const out = await tempDir("reuse-out2-");
    const second = await importFile(file, { ...options, out, quiet: true });
    expect(second.outcomes).toMatchObject({ "already-done": 1, failed: 1, created: 0 });
    const results = await readJsonl<{ outcome: string; code?: string; message?: string }>(join(out, "results.jsonl"));
    expect(results[1]).toMatchObject({ outcome: "failed", code: "KEY_REUSED" });
    expect(results[1]?.message).toMatch(
      /^the key 'C-2' created customer \S+ with domain 'klant2nl' in an earlier run, and this row has domain 'klant3nl'/,
    );
    expect(createdCustomers(emulator)).toHaveLength(2);
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
      [
        "import",
        file,
        "--endpoint",
        emulator.url,
        "--out",
        out,
        "--state",
        await tempDir("state-"),
        "--quiet",
        "--yes",
      ],
      { PARTNER_CENTER_TOKEN: "wrong-token" },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^csp-onboard: .*refused the token.*\[AUTH_FAILED\]\n$/m);
    expect(result.stderr).not.toContain("wrong-token");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(createdCustomers(emulator)).toHaveLength(0);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as {
      complete: boolean;
      exitCode: number;
    };
    expect(summary).toMatchObject({ complete: false, exitCode: 4 });
  });

  it("takes the attestations from the config file and orders through the real CLI", async () => {
    emulator = await startEmulator();
    const dir = await tempDir("config-");
    const config = join(dir, "config.json");
    await writeFile(config, JSON.stringify({ attestPartnerRole: true, attestNoAffiliateResale: true, rate: 0 }));
    const out = join(dir, "out");
    const args = [
      "import",
      await writeCustomers(2, { offers: true }),
      "--endpoint",
      emulator.url,
      "--config",
      config,
      "--yes",
    ];
    const result = await runCli([...args, "--state", join(dir, "state"), "--out", out], {
      PARTNER_CENTER_TOKEN: "emulator-token",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("orders: 2 rows' offers ordered");
    const results = await readJsonl<{ outcome: string; orderIds?: string[] }>(join(out, "results.jsonl"));
    expect(results.map((r) => [r.outcome, r.orderIds?.length])).toEqual([
      ["created", 1],
      ["created", 1],
    ]);
    expect(createdCustomers(emulator).map((c) => c.orders.length)).toEqual([1, 1]);
  });

  it("without a token or endpoint it is a usage error (exit 2)", async () => {
    const file = await writeCustomers(1);
    await expect(importFile(file, { endpoint: "http://127.0.0.1:9", env: {}, quiet: true })).rejects.toBeInstanceOf(
      RunError,
    );
    const result = await runCli(["import", file, "--quiet", "--yes"], { PARTNER_CENTER_TOKEN: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--endpoint URL or --emulator");
  });
});
