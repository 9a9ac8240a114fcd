import { describe, expect, it } from "vitest";
import { isAmbiguousDate, normalizeDate } from "../../src/normalize/date.js";

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
    ["2024-02-29", "2024-02-29"],
    ["2000-02-29", "2000-02-29"],
    ["2026-12-31", "2026-12-31"],
    ["45356", "2024-03-05"],
    ["45356.5", "2024-03-05"],
    ["36526", "2000-01-01"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });

  it.each([
    ["29-02-2023"],
    ["2023-02-29"],
    ["1900-02-29"],
    ["2024-04-31"],
    ["2024-00-10"],
    ["2024-01-00"],
    ["2024-01-3a"],
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

  it.each([
    ["10/01/2026", "2026-10-01"],
    ["9/15/2026", "2026-09-15"],
    ["12-31-2026", "2026-12-31"],
    ["02/29/2024", "2024-02-29"],
    // ISO and year-first dates and serials do not depend on the order
    ["2026-01-10", "2026-01-10"],
    ["2026/01/10", "2026-01-10"],
    ["45356", "2024-03-05"],
  ])("month first (mdy): %s -> %s", (input, expected) => {
    expect(normalizeDate(input, "mdy")).toBe(expected);
  });

  it.each([["15/09/2026"], ["02/30/2024"], ["13/01/2026"]])("month first (mdy): %s -> undefined", (input) => {
    expect(normalizeDate(input, "mdy")).toBeUndefined();
  });

  it.each([
    ["10/01/2026", true],
    ["1/2/2026", true],
    ["12/11/2026", true],
    // the same either way, or only one reading is a date
    ["01/01/2026", false],
    ["1/01/2026", false],
    ["15/01/2026", false],
    ["01/15/2026", false],
    // dashes and dots are European (day first); ISO needs no order
    ["10-01-2026", false],
    ["10.01.2026", false],
    ["2026-01-10", false],
    ["00/01/2026", false],
  ])("isAmbiguousDate(%s) = %s", (input, expected) => {
    expect(isAmbiguousDate(input)).toBe(expected);
  });
});
