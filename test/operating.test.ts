import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorState, type RunningEmulator } from "../src/emulator/index.js";
import { isRunError } from "../src/errors/run-error.js";
import { importFile, type ImportOptions, type ImportSummary } from "../src/run/import.js";
import { readHistory, type RunRecord } from "../src/run/manifest.js";
import type { ImportPlan } from "../src/run/plan.js";
import { importSummaryText } from "../src/cli/commands/import.js";
import { CUSTOMER_HEADERS, customerRow, readJsonl, tempDir, writeCsv, writeCustomers } from "./helpers/customers.js";

interface ResultLine {
  row: number;
  key?: string;
  outcome: string;
  customerId?: string;
  code?: string;
  message?: string;
  orderIds?: string[];
  notes?: string[];
}

type Customer = EmulatorState["customers"][number];

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const ATTESTED = { attestPartnerRole: true, attestNoAffiliateResale: true } as const;
const OFFER = CUSTOMER_HEADERS.indexOf("Offer ID");
const DOMAIN = CUSTOMER_HEADERS.indexOf("Domain");
/** An availability the emulator's catalogue does not have: its cart is refused with 990004. */
const UNKNOWN_ITEM = "CFQ7TTC0LH18:0001:DZH318Z0ZZZZ";

function created(e: RunningEmulator): Customer[] {
  return e.state().customers.filter((c) => !c.seeded);
}

function options(e: RunningEmulator, state: string, more: Partial<ImportOptions> = {}): ImportOptions {
  return {
    endpoint: e.url,
    env: { PARTNER_CENTER_TOKEN: "emulator-token" },
    rate: 0,
    backoffMs: 2,
    state,
    quiet: true,
    ...more,
  };
}

async function run(file: string, o: ImportOptions): Promise<{ summary: ImportSummary; results: ResultLine[] }> {
  const out = await tempDir("operating-out-");
  const summary = await importFile(file, { ...o, out });
  // Lines come in the order rows finish: sorted for the assertions.
  const results = await readJsonl<ResultLine>(join(out, "results.jsonl"));
  return { summary, results: results.sort((a, b) => a.row - b.row) };
}

async function failure(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRunError(error)) throw new Error(`expected a RunError, got ${String(error)}`);
  return error;
}

/** Every customer the emulator holds for the file's rows exactly once, each with its MCA once. */
function expectOnceEach(e: RunningEmulator, rows: number, prefix = "klant"): void {
  const customers = created(e);
  expect(customers).toHaveLength(rows);
  expect(new Set(customers.map((c) => c.domain)).size).toBe(rows);
  for (const c of customers) {
    expect(c.domain).toMatch(new RegExp(`^${prefix}\\d+nl\\.onmicrosoft\\.com$`));
    expect(c.agreements).toHaveLength(1);
  }
}

describe("--limit and --rows", () => {
  it("a pilot of the first N accepted rows; the rest reported not-selected; the full run finishes the file", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(10, { rejectEvery: 3 });
    const state = await tempDir("pilot-state-");
    const pilot = await run(file, options(emulator, state, { limit: 4 }));
    // Rows 1, 2, 4, 5 are the first four accepted (3 is rejected); the pilot ends at row 5.
    expect(pilot.results.map((r) => [r.row, r.outcome, r.code])).toEqual([
      [1, "created", undefined],
      [2, "created", undefined],
      [3, "rejected", "REQUIRED"],
      [4, "created", undefined],
      [5, "created", undefined],
      ...[6, 7, 8, 9, 10].map((row) => [row, "not-selected", "BEYOND_LIMIT"]),
    ]);
    expect(pilot.summary.outcomes).toMatchObject({ created: 4, rejected: 1, "not-selected": 5 });
    expect(pilot.summary.rows).toBe(10);
    expect(pilot.summary.selection).toEqual({ limit: 4, onlyFailed: false });
    expect(pilot.results.find((r) => r.row === 6)?.message).toMatch(/--limit 4/);
    expect(created(emulator)).toHaveLength(4);

    const full = await run(file, options(emulator, state));
    expect(full.summary.outcomes).toMatchObject({ created: 3, "already-done": 4, rejected: 3, "not-selected": 0 });
    expectOnceEach(emulator, 7);
  });

  it("--rows FROM-TO takes only those data rows; a row outside carries the ids an earlier run recorded", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(8);
    const state = await tempDir("rows-state-");
    const first = await run(file, options(emulator, state, { rows: "3-5" }));
    expect(first.results.map((r) => r.outcome)).toEqual([
      "not-selected",
      "not-selected",
      "created",
      "created",
      "created",
      "not-selected",
      "not-selected",
      "not-selected",
    ]);
    expect(first.results[0]?.code).toBe("OUTSIDE_ROWS");
    expect(first.results[0]?.message).toMatch(/--rows 3-5/);
    expect(created(emulator).map((c) => c.domain)).toEqual([3, 4, 5].map((i) => `klant${i}nl.onmicrosoft.com`));

    const second = await run(file, options(emulator, state, { rows: "6-" }));
    const third = second.results.find((r) => r.row === 3);
    expect(third).toMatchObject({ outcome: "not-selected", customerId: first.results[2]?.customerId });
    expect(second.summary.outcomes.created).toBe(3);
    expect(created(emulator)).toHaveLength(6);
    expect(importSummaryText(second.summary)).not.toMatch(/selects none/);

    // A range past the end of the file: said so, not passed off as a run that did its work.
    const beyond = await run(file, options(emulator, state, { rows: "100-" }));
    expect(beyond.summary.outcomes["not-selected"]).toBe(8);
    expect(importSummaryText(beyond.summary)).toMatch(/--rows 100- selects none of this file's 8 data rows/);
  });

  it.each([
    [{ rows: "5-2" }, /FROM must be >= 1 and TO >= FROM/],
    [{ rows: "a-b" }, /setting 'rows'/],
    [{ limit: 0 }, /setting 'limit'/],
    [{ maxConsecutiveFailures: -1 }, /setting 'maxConsecutiveFailures'/],
  ])("%j is refused before anything is sent", async (bad, message) => {
    emulator = await startEmulator();
    const error = await failure(importFile(await writeCustomers(2), options(emulator, await tempDir("bad-"), bad)));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(emulator.stats().requests).toBe(0);
  });
});

describe("the confirmation before creating anything (library callers give `confirm`)", () => {
  it("states the customers and billable subscriptions; declined, nothing is sent; accepted, the run goes on", async () => {
    emulator = await startEmulator();
    // Quantities (i % 5) + 1: rows 1-6 order 2+3+4+5+1+2 = 17 subscriptions; row 6 is rejected.
    const file = await writeCustomers(6, { offers: true, rejectEvery: 6 });
    const state = await tempDir("confirm-state-");
    const plans: ImportPlan[] = [];
    const declined = await failure(
      importFile(file, {
        ...options(emulator, state, ATTESTED),
        confirm: (plan) => {
          plans.push(plan);
          return Promise.resolve(false);
        },
      }),
    );
    expect(declined.code).toBe("NOT_CONFIRMED");
    expect(declined.exitCode).toBe(2);
    expect(plans).toEqual([
      { rows: 6, customers: 5, subscriptions: 15, relationships: 0, rejected: 1, alreadyDone: 0, notSelected: 0 },
    ]);
    expect(created(emulator)).toHaveLength(0);
    const mutating = Object.keys(emulator.stats().byRoute).filter((r) => !r.startsWith("GET") && !r.startsWith("HEAD"));
    expect(mutating).toEqual([]);

    // A pilot of 2, without the attestations: 2 customers, nothing ordered.
    const pilotPlans: ImportPlan[] = [];
    await run(file, {
      ...options(emulator, state, { limit: 2 }),
      confirm: (plan) => {
        pilotPlans.push(plan);
        return Promise.resolve(true);
      },
    });
    expect(pilotPlans[0]).toMatchObject({ customers: 2, subscriptions: 0, notSelected: 4 });
    expect(created(emulator)).toHaveLength(2);

    // The rest with the attestations: 3 new customers, and orders for all 5 (the pilot's 2 included).
    const rest: ImportPlan[] = [];
    await run(file, {
      ...options(emulator, state, ATTESTED),
      confirm: (plan) => {
        rest.push(plan);
        return Promise.resolve(true);
      },
    });
    expect(rest[0]).toMatchObject({ customers: 3, subscriptions: 15, alreadyDone: 2 });

    // Nothing left to create: not asked at all.
    let asked = false;
    await run(file, {
      ...options(emulator, state, ATTESTED),
      confirm: () => {
        asked = true;
        return Promise.resolve(true);
      },
    });
    expect(asked).toBe(false);
  });
});

describe("the circuit breaker and --only-failed", () => {
  it("stops after K consecutive failures with the same code (exit 5, resumable); --only-failed re-runs just those", async () => {
    emulator = await startEmulator();
    const rows = Array.from({ length: 12 }, (_, k) => customerRow(k + 1, { offers: true }));
    // Rows 4-9 order an availability Partner Center does not have: their carts are refused with 990004.
    for (const r of rows.slice(3, 9)) r[OFFER] = UNKNOWN_ITEM;
    const file = await writeCsv(CUSTOMER_HEADERS, rows);
    const state = await tempDir("breaker-state-");
    const out = await tempDir("breaker-out-");
    const settings = options(emulator, state, { ...ATTESTED, concurrency: 1, maxConsecutiveFailures: 3 });

    const error = await failure(importFile(file, { ...settings, out }));
    expect(error.code).toBe("CIRCUIT_OPEN");
    expect(error.exitCode).toBe(5);
    expect(error.message).toMatch(/^3 rows in a row failed with Partner Center code 990004: .*catalog item/);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as ImportSummary;
    expect(summary).toMatchObject({ complete: false, exitCode: 5, outcomes: { created: 3, failed: 3 } });
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as RunRecord;
    expect(manifest).toMatchObject({ command: "import", complete: false, exitCode: 5 });
    expect(manifest.error).toMatch(/CIRCUIT_OPEN/);
    // Rows 10-12 were never taken.
    expect(created(emulator)).toHaveLength(6);

    // The fix: the right availability is looked up again. Only the three rows that failed are re-run.
    for (const r of rows) r[OFFER] = "CFQ7TTC0LH18:0001";
    const fixed = await writeCsv(CUSTOMER_HEADERS, rows);
    const before = emulator.stats().byRoute["POST /v1/customers"] ?? 0;
    const retry = await run(fixed, { ...settings, onlyFailed: true });
    expect(retry.summary.outcomes).toMatchObject({ created: 3, failed: 0, "not-selected": 9 });
    expect(retry.results.filter((r) => r.outcome === "created").map((r) => r.row)).toEqual([4, 5, 6]);
    expect(retry.results.find((r) => r.row === 1)).toMatchObject({ outcome: "not-selected", code: "NOT_FAILED" });
    expect(retry.results.find((r) => r.row === 1)?.customerId).toBeDefined();
    // Their customers existed already: only carts and checkouts were sent.
    expect(emulator.stats().byRoute["POST /v1/customers"] ?? 0).toBe(before);

    const full = await run(fixed, settings);
    expect(full.summary.outcomes).toMatchObject({ created: 6, "already-done": 6, failed: 0 });
    expectOnceEach(emulator, 12);
    for (const c of created(emulator)) expect(c.orders).toHaveLength(1);
  });

  it("a failure with another code, or a success, starts the count again", async () => {
    emulator = await startEmulator();
    const rows = Array.from({ length: 8 }, (_, k) => customerRow(k + 1, { offers: true }));
    // 990004, 990004, then a row whose domain is taken (DOMAIN_TAKEN), then 990004 twice: never 3 in a row.
    for (const i of [0, 1, 3, 4]) (rows[i] as string[])[OFFER] = UNKNOWN_ITEM;
    (rows[2] as string[])[DOMAIN] = "wingtiptoys";
    const file = await writeCsv(CUSTOMER_HEADERS, rows);
    const settings = options(emulator, await tempDir("breaker2-"), {
      ...ATTESTED,
      concurrency: 1,
      maxConsecutiveFailures: 3,
    });
    const { summary } = await run(file, settings);
    expect(summary.complete).toBe(true);
    expect(summary.outcomes).toMatchObject({ failed: 5, created: 3 });
  });
});

describe("the circuit breaker and an unavailable Partner Center", () => {
  it("an outage (5xx of several kinds after the retries) stops the run as one cause, exit 5, resumable", async () => {
    emulator = await startEmulator({ faults: { errorRate: 1 } });
    const file = await writeCustomers(12);
    const out = await tempDir("outage-out-");
    const settings = options(emulator, await tempDir("outage-state-"), {
      ...ATTESTED,
      concurrency: 1,
      retries: 1,
      maxConsecutiveFailures: 3,
    });
    const error = await failure(importFile(file, { ...settings, out }));
    expect(error.code).toBe("CIRCUIT_OPEN");
    expect(error.exitCode).toBe(5);
    expect(error.message).toMatch(
      /^3 rows in a row failed because Partner Center did not answer or kept answering 50\d/,
    );
    expect(error.message).toMatch(/check the endpoint and the network, or wait for Partner Center/);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as ImportSummary;
    expect(summary.outcomes.failed).toBe(3);

    // Partner Center is back: the same command creates every customer once.
    emulator.setFaults({});
    const again = await run(file, settings);
    expect(again.summary.outcomes).toMatchObject({ created: 12, failed: 0 });
    expectOnceEach(emulator, 12);
  });

  it("a wrong or unreachable endpoint stops the run after the same count (no answer)", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(8);
    const settings = options(emulator, await tempDir("unreachable-state-"), {
      ...ATTESTED,
      concurrency: 1,
      retries: 0,
      maxConsecutiveFailures: 3,
      endpoint: "http://127.0.0.1:1",
    });
    const error = await failure(importFile(file, { ...settings, out: await tempDir("unreachable-out-") }));
    expect(error.code).toBe("CIRCUIT_OPEN");
    expect(error.message).toMatch(
      /^3 rows in a row failed because Partner Center did not answer or kept answering nothing/,
    );
  });
});

describe("one-time passwords across runs", () => {
  it("a row finished by a later run says which earlier run's credentials.csv holds its password", async () => {
    emulator = await startEmulator();
    const rows = [customerRow(1, { offers: true }), customerRow(2, { offers: true })];
    (rows[1] as string[])[OFFER] = UNKNOWN_ITEM;
    const settings = options(emulator, await tempDir("passwords-state-"), { ...ATTESTED, concurrency: 1 });
    const out1 = await tempDir("passwords-out1-");
    const first = await importFile(await writeCsv(CUSTOMER_HEADERS, rows), { ...settings, out: out1 });
    expect(first.outcomes).toMatchObject({ created: 1, failed: 1 });
    expect(first.credentials).toBe(2);
    // results.csv says at which step: after `create`, the customer exists.
    expect(await readFile(join(out1, "results.csv"), "utf8")).toMatch(/,C-2,failed,cart,[0-9a-f-]{36},/);

    (rows[1] as string[])[OFFER] = "CFQ7TTC0LH18:0001";
    const second = await run(await writeCsv(CUSTOMER_HEADERS, rows), settings);
    expect(second.summary.outcomes).toMatchObject({ created: 1, "already-done": 1 });
    expect(second.summary).toMatchObject({ credentials: 0, passwordsEarlier: 1 });
    expect(second.results.find((r) => r.row === 1)?.notes).toEqual([]);
    const finished = second.results.find((r) => r.row === 2);
    expect(finished?.notes).toContain(
      `the customer was created by an earlier run: its one-time admin password is in ${join(out1, "credentials.csv")}`,
    );
  });
});

describe("a stop requested mid-run (the signal the CLI's Ctrl-C aborts)", () => {
  it("takes no new rows, lets the rows in flight finish their current step, and the next run finishes once", async () => {
    emulator = await startEmulator({ latencyMs: { fixed: 15, jitter: 0 } });
    const e = emulator;
    const file = await writeCustomers(40, { offers: true });
    const state = await tempDir("stop-state-");
    const out = await tempDir("stop-out-");
    const stop = new AbortController();
    const running = importFile(file, {
      ...options(e, state, { ...ATTESTED, concurrency: 4 }),
      out,
      signal: stop.signal,
    });
    while ((e.stats().byRoute["POST /v1/customers"] ?? 0) < 6) await sleep(2);
    stop.abort();
    const error = await failure(running);
    expect(error.code).toBe("INTERRUPTED");
    expect(error.exitCode).toBe(5);
    const stoppedAt = created(e).length;
    expect(stoppedAt).toBeLessThan(20);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as ImportSummary;
    expect(summary.complete).toBe(false);

    const again = await run(file, options(e, state, { ...ATTESTED, concurrency: 4 }));
    expect(again.summary.outcomes.failed).toBe(0);
    expect(again.summary.outcomes.created + again.summary.outcomes["already-done"]).toBe(40);
    expectOnceEach(e, 40);
    for (const c of created(e)) expect(c.orders).toHaveLength(1);
  });
});

describe("manifest and history", () => {
  it("every run leaves manifest.json and a history line; the same bytes imported again are recognized", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(3);
    const state = await tempDir("history-state-");
    const out = await tempDir("history-out-");
    const first = await importFile(file, { ...options(emulator, state), out });
    expect(first.earlierRun).toBeUndefined();
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as RunRecord;
    expect(manifest).toMatchObject({
      command: "import",
      complete: true,
      exitCode: 0,
      inputSha256: first.inputSha256,
      counts: { rows: 3, created: 3 },
    });
    expect(manifest.inputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(manifest.settings)).not.toContain("emulator-token");

    // Neither a dry run nor a pilot is a run of the whole file.
    await importFile(file, { ...options(emulator, state), dryRun: true, out: await tempDir("history-dry-") });
    const pilot = await importFile(file, { ...options(emulator, state), limit: 1, out: await tempDir("history-p-") });
    expect(pilot.earlierRun?.runId).toBe(manifest.runId);
    const second = await importFile(file, { ...options(emulator, state), out: await tempDir("history-out2-") });
    expect(second.earlierRun?.runId).toBe(manifest.runId);
    expect(second.outcomes["already-done"]).toBe(3);
    const history = await readHistory(state);
    expect(history.map((h) => [h.command, h.dryRun === true, h.selection?.limit, h.complete])).toEqual([
      ["import", false, undefined, true],
      ["import", true, undefined, true],
      ["import", false, 1, true],
      ["import", false, undefined, true],
    ]);
    for (const h of history) expect(h.toolVersion).toMatch(/^\d+\.\d+\.\d+/);

    // A run that left rows failed did not import the file completely: the next run does not say so.
    const failing = customerRow(9, { offers: true, domainPrefix: "faalt" });
    failing[OFFER] = UNKNOWN_ITEM;
    const withFailure = await writeCsv(CUSTOMER_HEADERS, [failing]);
    const failed = await importFile(withFailure, {
      ...options(emulator, state),
      ...ATTESTED,
      out: await tempDir("h-f-"),
    });
    expect([failed.complete, failed.outcomes.failed]).toEqual([true, 1]);
    const retried = await importFile(withFailure, {
      ...options(emulator, state),
      ...ATTESTED,
      out: await tempDir("h-r-"),
    });
    expect(retried.earlierRun).toBeUndefined();

    // A file first imported by a pilot: the full run after it is not told the file was imported before.
    const other = await writeCustomers(2, { domainPrefix: "ander" });
    await importFile(other, { ...options(emulator, state), limit: 1, out: await tempDir("history-p2-") });
    const full = await importFile(other, { ...options(emulator, state), out: await tempDir("history-f2-") });
    expect(full.earlierRun).toBeUndefined();
  });
});
