import { describe, expect, it } from "vitest";
import { normalizeEducationSegment, normalizeWebsite } from "../../src/normalize/education.js";
import { normalizeBillingCycle, normalizeTermDuration } from "../../src/normalize/subscription.js";

describe("term and billing", () => {
  it.each([
    ["P1M", "P1M"],
    ["p1y", "P1Y"],
    ["1 year", "P1Y"],
    ["3 jaar", "P3Y"],
    ["P2Y", undefined],
    ["monthly", undefined],
  ])("normalizeTermDuration(%s) = %s", (input, expected) => {
    expect(normalizeTermDuration(input)).toBe(expected);
  });

  it.each([
    ["monthly", "monthly"],
    ["Annual", "annual"],
    ["yearly", "annual"],
    ["jaarlijks", "annual"],
    ["triennial", "triennial"],
    ["weekly", undefined],
  ])("normalizeBillingCycle(%s) = %s", (input, expected) => {
    expect(normalizeBillingCycle(input)).toBe(expected);
  });
});

describe("education", () => {
  it.each([
    ["K12", "K12"],
    ["K-12", "K12"],
    ["Higher Education", "HigherEducation"],
    ["HigherEducation", "HigherEducation"],
    ["hoger onderwijs", "HigherEducation"],
    ["University", undefined],
  ])("normalizeEducationSegment(%s) = %s", (input, expected) => {
    expect(normalizeEducationSegment(input)).toBe(expected);
  });

  it.each([
    ["www.UvA.nl", "https://www.uva.nl"],
    ["https://www.uva.nl/", "https://www.uva.nl/"],
    ["http://school.example.edu/about?x=1", "http://school.example.edu/about?x=1"],
    ["uva", undefined],
    ["not a website", undefined],
    ["ftp://uva.nl", undefined],
  ])("normalizeWebsite(%s) = %s", (input, expected) => {
    expect(normalizeWebsite(input)).toBe(expected);
  });
});
