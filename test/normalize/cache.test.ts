import { describe, expect, it } from "vitest";
import { BoundedCache, detached } from "../../src/normalize/cache.js";

describe("BoundedCache", () => {
  it("keeps answers by key and starts over when full", () => {
    const cache = new BoundedCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.has("a")).toBe(false);
    expect(cache.get("c")).toBe(3);
  });

  it("finds a key cut from a larger text (kept as a copy of its own)", () => {
    const batch = `${"x".repeat(1000)}Johannes Sebastiaan${"y".repeat(1000)}`;
    const cell = batch.slice(1000, 1019);
    const cache = new BoundedCache<boolean>();
    cache.set(cell, true);
    expect(cache.get("Johannes Sebastiaan")).toBe(true);
  });
});

describe("detached", () => {
  it.each(["", "Jan", "Johannes Sebastiaan", "Ærøskøbing Kommune 🍎"])("gives the same text: %j", (text) => {
    expect(detached(text)).toBe(text);
  });
});
