import { describe, expect, it } from "vitest";
import { normalizeBoolean } from "../../src/normalize/boolean.js";

describe("normalizeBoolean", () => {
  it.each([
    ["yes", true],
    ["Yes", true],
    ["y", true],
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["ja", true],
    ["J", true],
    ["x", true],
    ["X", true],
    ["no", false],
    ["N", false],
    ["false", false],
    ["0", false],
    ["nee", false],
    ["WAAR", true],
    ["ONWAAR", false],
    ["WAHR", true],
    ["FALSCH", false],
    ["VRAI", true],
    ["FAUX", false],
    ["maybe", undefined],
    ["2", undefined],
    ["-", undefined],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeBoolean(input)).toBe(expected);
  });
});
