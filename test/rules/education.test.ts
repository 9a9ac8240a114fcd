import { describe, expect, it } from "vitest";
import {
  BOOLEAN_INVALID,
  EDUCATION_SEGMENT_INVALID,
  EDUCATION_WEBSITE_REQUIRED,
  WEBSITE_INVALID,
} from "../../src/rules/checks/education.js";
import { findings, flagged, ruleRow } from "./helpers.js";

const EDU = { education: "ja", education_segment: "K12", website: "www.school.nl", email: "it@school.nl" };

describe("education rules", () => {
  it.each([
    [{ education: "yes", enable_gdap_default: "nee" }, []],
    [{ education: "maybe" }, ["education"]],
    [{ enable_gdap_default: "2" }, ["enable_gdap_default"]],
  ])("BOOLEAN_INVALID %j -> %j", (overrides, expected) => {
    expect(flagged(BOOLEAN_INVALID, ruleRow(overrides))).toEqual(expected);
  });

  it.each([
    [EDU, []],
    [{ ...EDU, education_segment: "Higher Education" }, []],
    [
      { ...EDU, education_segment: undefined },
      ["expected K12 or HigherEducation for an education customer, found nothing"],
    ],
    [
      { ...EDU, education_segment: "University" },
      ["expected K12 or HigherEducation for an education customer, found 'University'"],
    ],
    [{ education_segment: "University" }, []],
  ])("EDUCATION_SEGMENT_INVALID %j", (overrides, messages) => {
    expect(findings(EDUCATION_SEGMENT_INVALID, ruleRow(overrides)).map((f) => f.message)).toEqual(messages);
  });

  it.each([
    [EDU, [], []],
    [{ ...EDU, website: undefined }, ["website"], []],
    [{ ...EDU, website: "school" }, [], ["website"]],
    [{ website: "not a site" }, [], ["website"]],
    [{ education: "no", website: undefined }, [], []],
  ])("EDUCATION_WEBSITE_REQUIRED / WEBSITE_INVALID %j", (overrides, required, invalid) => {
    expect(flagged(EDUCATION_WEBSITE_REQUIRED, ruleRow(overrides))).toEqual(required);
    expect(flagged(WEBSITE_INVALID, ruleRow(overrides))).toEqual(invalid);
  });
});
