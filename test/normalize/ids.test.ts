import { describe, expect, it } from "vitest";
import { normalizeGuid, normalizeResellerId, normalizeResellerIds, splitList } from "../../src/normalize/ids.js";

describe("ids", () => {
  it.each([
    ["72F988BF-86F1-41AF-91AB-2D7CD011DB47", "72f988bf-86f1-41af-91ab-2d7cd011db47"],
    ["{72f988bf-86f1-41af-91ab-2d7cd011db47}", "72f988bf-86f1-41af-91ab-2d7cd011db47"],
    ["72f988bf86f141af91ab2d7cd011db47", undefined],
    ["not-a-guid", undefined],
  ])("normalizeGuid(%s) = %s", (input, expected) => {
    expect(normalizeGuid(input)).toBe(expected);
  });

  it.each([
    ["1234567", "1234567"],
    ["72F988BF-86F1-41AF-91AB-2D7CD011DB47", "72f988bf-86f1-41af-91ab-2d7cd011db47"],
    ["123", undefined],
    ["MPN1234567", undefined],
  ])("normalizeResellerId(%s) = %s", (input, expected) => {
    expect(normalizeResellerId(input)).toBe(expected);
  });

  it.each([
    ["1234567; 7654321", ["1234567", "7654321"]],
    ["1234567,7654321,", ["1234567", "7654321"]],
    ["1234567;oops", undefined],
  ])("normalizeResellerIds(%s) = %j", (input, expected) => {
    expect(normalizeResellerIds(input)).toEqual(expected);
  });

  it("splits lists on ; and ,", () => {
    expect(splitList("a ; b,c;;")).toEqual(["a", "b", "c"]);
  });
});
