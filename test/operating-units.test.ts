import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../src/submit/lock.js";
import { CircuitBreaker } from "../src/run/circuit-breaker.js";
import { parseRowRange, RowSelector, rowSelection } from "../src/run/row-selection.js";
import type { ValidationOutcome } from "../src/outputs/validation-reports.js";
import { confirmationText } from "../src/cli/commands/import.js";
import { outFolder } from "../src/run/checked-rows.js";
import { RunError } from "../src/errors/run-error.js";

describe("circuit breaker", () => {
  it("opens after K consecutive failures with the same code, and only then", () => {
    const breaker = new CircuitBreaker(3);
    expect(breaker.failure("800073", "account under review")).toBe(false);
    expect(breaker.failure("800073", "account under review")).toBe(false);
    breaker.success();
    expect(breaker.failure("800073", "account under review")).toBe(false);
    expect(breaker.failure("600049", "registration ID missing")).toBe(false);
    expect(breaker.failure("800073", "account under review")).toBe(false);
    expect(breaker.failure("800073", "account under review")).toBe(false);
    expect(breaker.failure("800073", "account under review")).toBe(true);
    expect(breaker.describe()).toBe("3 rows in a row failed with Partner Center code 800073: account under review");
  });

  it("counts no answer, 429 and 5xx after the retries as one cause (an outage), and only those", () => {
    const breaker = new CircuitBreaker(3);
    expect(breaker.failure("HTTP_500", "Partner Center answered 500")).toBe(false);
    expect(breaker.failure("NO_ANSWER", "")).toBe(false);
    expect(breaker.failure("HTTP_503", "Partner Center answered 503")).toBe(true);
    expect(breaker.unavailable).toBe(true);
    expect(breaker.describe()).toBe(
      "3 rows in a row failed because Partner Center did not answer or kept answering 503 after the retries (last: HTTP_503, Partner Center answered 503)",
    );
    breaker.success();
    expect(breaker.failure("HTTP_502", "")).toBe(false);
    expect(breaker.failure("800073", "account under review")).toBe(false);
    expect(breaker.failure("HTTP_429", "")).toBe(false);
    expect(breaker.unavailable).toBe(true);
  });

  it("never opens with limit 0", () => {
    const breaker = new CircuitBreaker(0);
    for (let i = 0; i < 100; i++) expect(breaker.failure("500", "x")).toBe(false);
  });
});

describe("--rows", () => {
  it.each([
    [undefined, { from: 1, to: Number.POSITIVE_INFINITY }],
    ["100-200", { from: 100, to: 200 }],
    ["100-", { from: 100, to: Number.POSITIVE_INFINITY }],
    ["7", { from: 7, to: 7 }],
    [" 3 - 9 ", { from: 3, to: 9 }],
  ])("%j -> %j", (text, expected) => {
    expect(parseRowRange(text)).toEqual(expected);
  });

  it.each(["0-5", "9-3", "a-b", "1,2"])("%j is a usage error", (text) => {
    expect(() => parseRowRange(text)).toThrow(RunError);
  });
});

describe("output folder", () => {
  it.each([
    [undefined, "csp-onboard-out/2026-11-25T07-40-12Z"],
    ["reports", "reports"],
    ["/var/lib/csp/runs/{timestamp}", "/var/lib/csp/runs/2026-11-25T07-40-12Z"],
    ["runs/{date}", "runs/2026-11-25"],
  ])("%j -> %j", (out, expected) => {
    expect(outFolder(out, new Date("2026-11-25T07:40:12.345Z"))).toBe(expected);
  });
});

describe("RowSelector: which rows a run takes, in file order", () => {
  const file: [number, ValidationOutcome, string][] = [
    [1, "accepted", "a"],
    [2, "rejected", "b"],
    [3, "accepted", "c"],
    [4, "relationship", "d"],
    [5, "accepted", "e"],
    [6, "rejected", "f"],
    [7, "accepted", "g"],
  ];
  it.each<[string, string | undefined, number | undefined, string[] | undefined, (string | undefined)[]]>([
    [
      "everything",
      undefined,
      undefined,
      undefined,
      [undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    ],
    [
      "a pilot of 2 ends at the 2nd accepted row",
      undefined,
      2,
      undefined,
      [undefined, undefined, undefined, "BEYOND_LIMIT", "BEYOND_LIMIT", "BEYOND_LIMIT", "BEYOND_LIMIT"],
    ],
    [
      "--rows 2-5",
      "2-5",
      undefined,
      undefined,
      ["OUTSIDE_ROWS", undefined, undefined, undefined, undefined, "OUTSIDE_ROWS", "OUTSIDE_ROWS"],
    ],
    [
      "--only-failed: rejected rows stay rejected",
      undefined,
      undefined,
      ["c", "g"],
      ["NOT_FAILED", undefined, undefined, "NOT_FAILED", "NOT_FAILED", undefined, undefined],
    ],
    [
      "--only-failed with --limit 1",
      undefined,
      1,
      ["c", "g"],
      ["NOT_FAILED", undefined, undefined, "BEYOND_LIMIT", "BEYOND_LIMIT", "BEYOND_LIMIT", "BEYOND_LIMIT"],
    ],
  ])("%s", (_label, rows, limit, failed, expected) => {
    const selector = new RowSelector(
      rowSelection(rows, limit),
      failed === undefined
        ? undefined
        : { takes: (key: string) => failed.includes(key), code: "NOT_FAILED", message: "did not fail" },
    );
    expect(file.map(([row, outcome, key]) => selector.take(row, outcome, key)?.code)).toEqual(expected);
  });
});

describe("the confirmation question", () => {
  it("states customers, billable subscriptions and where; then what else the run does", () => {
    const plan = {
      rows: 9,
      customers: 1,
      subscriptions: 12,
      relationships: 1,
      rejected: 2,
      alreadyDone: 3,
      notSelected: 2,
    };
    expect(confirmationText(plan, "https://api.partnercenter.microsoft.com")).toBe(
      "This import will create 1 customer and order 12 billable subscriptions (offers x quantity) in https://api.partnercenter.microsoft.com.\n" +
        "  Also: 3 customers created before (finished now), 1 relationship request, 2 rejected (not sent), 2 not selected.\n" +
        "Continue?",
    );
  });
});

describe("the state folder's lock", () => {
  it("keeps a second run out while the first holds it, and lets it in once released", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lock-"));
    const path = join(dir, "run.lock");
    const release = await acquireLock(path);
    const holder = JSON.parse(await readFile(path, "utf8")) as { pid: number };
    expect(holder.pid).toBe(process.pid);
    const refused = await acquireLock(path).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RunError);
    expect((refused as RunError).code).toBe("LOCKED");
    expect((refused as RunError).exitCode).toBe(5);
    await release();
    const again = await acquireLock(path);
    await again();
    // No staged copies left behind.
    expect(await readdir(dir)).toEqual([]);
  });

  it("takes over a lock whose process is gone", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lock-"));
    const path = join(dir, "run.lock");
    await writeFile(path, JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    const release = await acquireLock(path);
    expect((JSON.parse(await readFile(path, "utf8")) as { pid: number }).pid).toBe(process.pid);
    await release();
  });

  it("lets exactly one of many simultaneous runs in", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lock-"));
    const path = join(dir, "run.lock");
    const tries = await Promise.allSettled(Array.from({ length: 12 }, () => acquireLock(path)));
    expect(tries.filter((t) => t.status === "fulfilled")).toHaveLength(1);
  });
});
