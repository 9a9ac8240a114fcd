import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../src/run/circuit-breaker.js";
import { parseRowRange } from "../src/run/row-selection.js";
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
