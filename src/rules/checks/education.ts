import { EDUCATION_SEGMENTS } from "../../model/record.js";
import type { Finding, Rule } from "../types.js";
import { given, present, q } from "./util.js";

export const BOOLEAN_INVALID: Rule = {
  code: "BOOLEAN_INVALID",
  severity: "error",
  fields: ["education", "enable_gdap_default"],
  title:
    "Yes/no fields hold yes/no, true/false, 1/0, ja/nee, y/n, j/n, x, or Excel's TRUE/FALSE in Dutch, German or French",
  source: "input contract (education, enable_gdap_default)",
  scope: "customer",
  check(row) {
    let findings: Finding[] | undefined;
    for (const field of ["education", "enable_gdap_default"] as const) {
      if (row.record[field] !== undefined) continue;
      const text = given(row, field);
      if (text !== undefined) {
        (findings ??= []).push({ field, message: `expected yes or no (true/false, 1/0, ja/nee, x), found ${q(text)}` });
      }
    }
    return findings;
  },
};

export const EDUCATION_SEGMENT_INVALID: Rule = {
  code: "EDUCATION_SEGMENT_INVALID",
  severity: "error",
  fields: ["education_segment"],
  title: `An education customer gives its segment (${EDUCATION_SEGMENTS.join(" or ")})`,
  source: "how-to consideration 7; API qualifications educationSegment",
  scope: "customer",
  check(row) {
    if (row.record.education !== true || row.record.education_segment !== undefined) return undefined;
    const text = given(row, "education_segment");
    return {
      field: "education_segment",
      message: `expected ${EDUCATION_SEGMENTS.join(" or ")} for an education customer, found ${text === undefined ? "nothing" : q(text)}`,
    };
  },
};

export const WEBSITE_INVALID: Rule = {
  code: "WEBSITE_INVALID",
  severity: "error",
  fields: ["website"],
  title: "A given website is a web address (https://www.example.edu or www.example.edu)",
  source: "how-to consideration 7; API qualifications website",
  scope: "customer",
  check(row) {
    const text = given(row, "website");
    if (text === undefined || row.record.website !== undefined) return undefined;
    return { field: "website", message: `expected a web address such as https://www.example.edu, found ${q(text)}` };
  },
};

export const EDUCATION_WEBSITE_REQUIRED: Rule = {
  code: "EDUCATION_WEBSITE_REQUIRED",
  severity: "error",
  fields: ["website"],
  title: "An education customer gives its website",
  source: "how-to consideration 7; API qualifications website",
  scope: "customer",
  check(row) {
    if (row.record.education !== true || present(row, "website")) return undefined;
    return { field: "website", message: "expected the institution's website for an education customer, found nothing" };
  },
};
