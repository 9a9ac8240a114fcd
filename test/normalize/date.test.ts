import { describe, expect, it } from "vitest";
import { normalizeDate } from "../../src/normalize/date.js";

describe("normalizeDate", () => {
  it.each([
    ["2024-03-05", "2024-03-05"],
    ["2024-3-5", "2024-03-05"],
    ["2024-03-05T10:30:00Z", "2024-03-05"],
    ["2024-03-05 10:30:00", "2024-03-05"],
    ["2024/03/05", "2024-03-05"],
    ["05-03-2024", "2024-03-05"],
    ["5-3-2024", "2024-03-05"],
    // ambiguous day and month: read day first
    ["03/05/2024", "2024-05-03"],
    ["05.03.2024", "2024-03-05"],
    ["29-02-2024", "2024-02-29"],
    ["45356", "2024-03-05"],
    ["45356.5", "2024-03-05"],
    ["36526", "2000-01-01"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });

  it.each([
    ["29-02-2023"],
    ["31/04/2024"],
    ["2024-13-01"],
    ["13/13/2024"],
    ["2024"],
    ["5"],
    ["yesterday"],
    ["05-03-24"],
  ])("%s -> undefined", (input) => {
    expect(normalizeDate(input)).toBeUndefined();
  });
});
