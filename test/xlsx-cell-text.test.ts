import { describe, expect, it } from "vitest";
import {
  classifyFormatCode,
  columnIndex,
  columnName,
  isoCellText,
  numberDisplay,
  numberText,
  plainNumber,
  serialToIso,
  stringCellText,
} from "../src/sources/xlsx/cell-text.js";

describe("plainNumber", () => {
  it.each([
    [0.1 + 0.2, "0.3"],
    [31612345678, "31612345678"],
    [10115, "10115"],
    [1e21, "1000000000000000000000"],
    [123456789012345680000, "123456789012346000000"],
    [0.0000001, "0.0000001"],
    [-12.5, "-12.5"],
    [-0, "0"],
    [1 / 3, "0.333333333333333"],
    [1.005, "1.005"],
  ])("%d -> %s", (value, expected) => {
    expect(plainNumber(value)).toBe(expected);
  });
});

describe("classifyFormatCode", () => {
  it.each([
    ["General", { kind: "number" }],
    ["0", { kind: "zero-padded", width: 1 }],
    ["00000", { kind: "zero-padded", width: 5 }],
    ["0.00", { kind: "number" }],
    ["#,##0", { kind: "number" }],
    ["@", { kind: "number" }],
    ["0.00E+00", { kind: "number" }],
    ['_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-', { kind: "number" }],
    ["[$€-413] #,##0.00;[Red]-#,##0.00", { kind: "number" }],
    ['"Tel. "0', { kind: "zero-padded", width: 1 }],
    ["dd-mm-yyyy", { kind: "date", showsTime: false }],
    ["yyyy-mm-dd", { kind: "date", showsTime: false }],
    ["d/m/yy", { kind: "date", showsTime: false }],
    ["dd\\-mm\\-yyyy", { kind: "date", showsTime: false }],
    ["[$-413]d mmmm yyyy;@", { kind: "date", showsTime: false }],
    ["mmm-yy", { kind: "date", showsTime: false }],
    ["dd-mm-yyyy hh:mm", { kind: "date", showsTime: true }],
    ["dd\\-mm\\-yyyy\\ hh:mm", { kind: "date", showsTime: true }],
    ["h:mm AM/PM", { kind: "time" }],
    ["[h]:mm:ss", { kind: "time" }],
    ["mm:ss", { kind: "time" }],
    ['"Datum: "0', { kind: "zero-padded", width: 1 }],
    ["00000-0000", { kind: "digits", pattern: "00000-0000" }],
    ["00000\\-0000", { kind: "digits", pattern: "00000-0000" }],
    ["[Red]00-000", { kind: "digits", pattern: "00-000" }],
    ["000 000 00 00", { kind: "digits", pattern: "000 000 00 00" }],
    ["0%", { kind: "percent", decimals: 0 }],
    ["0.00%", { kind: "percent", decimals: 2 }],
    ["[<=9999999]###-####;(###) ###-####", { kind: "number" }],
  ])("%s", (code, expected) => {
    expect(classifyFormatCode(code)).toEqual(expected);
  });

  it.each([
    [14, { kind: "date", showsTime: false }],
    [22, { kind: "date", showsTime: true }],
    [20, { kind: "time" }],
    [0, { kind: "number" }],
    [1, { kind: "zero-padded", width: 1 }],
    [49, { kind: "number" }],
    [9, { kind: "percent", decimals: 0 }],
    [10, { kind: "percent", decimals: 2 }],
  ])("built-in format %d", (id, expected) => {
    expect(numberDisplay(id, undefined)).toEqual(expected);
  });
});

describe("serialToIso", () => {
  it.each([
    [45366, false, false, "2024-03-15"],
    [45371.604166666664, false, true, "2024-03-20T14:30:00"],
    [45371.604166666664, false, false, "2024-03-20"],
    [45366, false, true, "2024-03-15"],
    [1, false, false, "1900-01-01"],
    [59, false, false, "1900-02-28"],
    [61, false, false, "1900-03-01"],
    [0, true, false, "1904-01-01"],
    [43904, true, false, "2024-03-15"],
    [45366.99999999, false, true, "2024-03-16"],
    [46296.99999998842, false, false, "2026-10-01"],
    [45365.99999999999, false, false, "2024-03-15"],
    [0, false, false, "1900-01-00"],
    [0.5, false, false, "1900-01-00"],
    [0.5, false, true, "1900-01-00T12:00:00"],
  ])("%d (1904: %s, time: %s) -> %s", (serial, date1904, withTime, expected) => {
    expect(serialToIso(serial, date1904, withTime)).toBe(expected);
  });

  it.each([[-1], [2_958_466]])("%d is no date", (serial) => {
    expect(serialToIso(serial, false, false)).toBeUndefined();
  });
});

describe("numberText", () => {
  it.each([
    ["31612345678", { kind: "number" }, "31612345678"],
    ["3.1612345678E10", { kind: "number" }, "31612345678"],
    ["0.30000000000000004", { kind: "number" }, "0.3"],
    ["501", { kind: "zero-padded", width: 5 }, "00501"],
    ["12.5", { kind: "zero-padded", width: 5 }, "12.5"],
    ["45366", { kind: "date", showsTime: false }, "2024-03-15"],
    ["0.6041666666666666", { kind: "time" }, "14:30:00"],
    ["-5", { kind: "date", showsTime: false }, "-5"],
    ["", { kind: "number" }, ""],
    ["n/a", { kind: "number" }, "n/a"],
    ["21345678", { kind: "digits", pattern: "00000-0000" }, "02134-5678"],
    ["950", { kind: "digits", pattern: "00-000" }, "00-950"],
    ["1234567890", { kind: "digits", pattern: "00-000" }, "1234567-890"],
    ["5", { kind: "digits", pattern: "##-###" }, "-5"],
    ["12.5", { kind: "digits", pattern: "00-000" }, "12.5"],
    ["0.15", { kind: "percent", decimals: 0 }, "15%"],
    ["0.125", { kind: "percent", decimals: 2 }, "12.50%"],
  ] as const)("%s as %j -> %s", (raw, display, expected) => {
    expect(numberText(raw, display, false)).toBe(expected);
  });
});

describe("custom format codes as Excel shows them", () => {
  it.each([
    // Literal leading zeros: escaped, quoted, or a `0` before `#` placeholders.
    ["\\0#######", "1234567", "01234567"],
    ['"0"#########', "612345678", "0612345678"],
    ["0####", "1234", "01234"],
    ["0#########", "612345678", "0612345678"],
    // Quoted text around the digits, and a plain space before it.
    ['"NL"000000000"B01"', "12345678", "NL012345678B01"],
    ['0000 "AB"', "1012", "1012 AB"],
    ["(###) ###-####", "2025550123", "(202) 555-0123"],
    ["+00 0 00000000", "31612345678", "+31 6 12345678"],
    // Percentages with a thousands separator, which is not applied.
    ["#,##0%", "0.25", "25%"],
    ["#,##0.0%", "0.125", "12.5%"],
    ["#,##0%", "123.4", "12340%"],
    // Sections: positive;negative;zero;text.
    ["0;-0;;@", "0", ""],
    ["0;-0;;@", "5", "5"],
    ["0;-0;;@", "-5", "-5"],
    ['#,##0;-#,##0;"-"', "0", "-"],
    ["0000;[Red]-0000", "-5", "-0005"],
    ["0000;[Red]-0000", "5", "0005"],
    ["0000;(0000)", "-5", "(0005)"],
    ["0000;;0000", "-5", ""],
    ['"NL"000;"NL-"000', "-5", "NL-005"],
    // One section: a negative value gets a minus in front.
    ["00000", "-5", "-00005"],
    ['"NL"000', "-5", "-NL005"],
    // More digits than placeholders: all of them are kept.
    ["\\0#######", "123456789", "0123456789"],
    ['"NL"000"B01"', "123456", "NL123456B01"],
    // 0 has no digits of its own: `#` shows nothing for it, `0` a zero.
    ["#", "0", ""],
    ["0####", "0", "0"],
    ["#;-#;0", "0", "0"],
    // Colours and padding are left out, `?` is a digit and nothing else.
    ["[Red]0000", "12", "0012"],
    ["[Blue]\\0#######;[Red]-\\0#######", "-1234567", "-01234567"],
    ["_(0000_)", "12", "0012"],
    ["??-???", "5", "-5"],
    // Thousands separators are not applied, and a leading caption is left out.
    ["#,##0", "1234567", "1234567"],
    ['#,##0 "kg"', "1234", "1234 kg"],
    ['"Tel. "0', "612345678", "612345678"],
    ['"Tel. "\\0#########', "612345678", "0612345678"],
    // Left to the plain number: fractional values, decimals, fractions, scaling, conditions, text.
    ["\\0#######", "1234567.5", "1234567.5"],
    ["0000;-0000;;@", "0.5", "0.5"],
    ["#,##0.00", "1234.5", "1234.5"],
    ["# ?/?", "5", "5"],
    ["0,", "1234567", "1234567"],
    ["[<=9999999]###-####;(###) ###-####", "5551234", "5551234"],
    ['"Nr. "@', "5", "5"],
    ["0.00E+00", "1234", "1234"],
  ])("%s with %s -> %j", (code, raw, expected) => {
    expect(numberText(raw, numberDisplay(164, code), false)).toBe(expected);
  });

  it.each([
    ["\\0#######", { kind: "digits", pattern: "\\0#######" }],
    ['"NL"000000000"B01"', { kind: "digits", pattern: "NL000000000B\\01" }],
    ["0;-0;;@", { kind: "digits", pattern: "0", zero: "" }],
    ["0000;[Red]-0000", { kind: "zero-padded", width: 4 }],
    ["0000;(0000)", { kind: "digits", pattern: "0000", negative: "(0000)" }],
    ["#,##0;[Red]-#,##0", { kind: "number" }],
    ["[Red]0000", { kind: "zero-padded", width: 4 }],
    ["#,##0%", { kind: "percent", decimals: 0 }],
    ["#", { kind: "digits", pattern: "#" }],
    ["0.00;-0;;@", { kind: "number" }],
  ])("%s classifies as %j", (code, expected) => {
    expect(classifyFormatCode(code)).toEqual(expected);
  });
});

describe("stringCellText", () => {
  it.each([
    ["Bakkerij Jansen", "Bakkerij Jansen"],
    ["regel 1_x000D_\nregel 2", "regel 1\r\nregel 2"],
    ["_x005F_x000D_", "_x000D_"],
    ["mailto:pieter@devriesbouw.nl", "pieter@devriesbouw.nl"],
    ["MAILTO:an@hoekje.be?subject=Offerte", "an@hoekje.be"],
    ["mailto:j%C3%BCrgen@example.de", "jürgen@example.de"],
    ["stuur naar mailto:x@y.nl", "stuur naar mailto:x@y.nl"],
  ])("%j -> %j", (raw, expected) => {
    expect(stringCellText(raw)).toBe(expected);
  });
});

describe("isoCellText", () => {
  it.each([
    ["2024-03-15T00:00:00Z", "2024-03-15"],
    ["2024-03-15", "2024-03-15"],
    ["2024-03-20T14:30:00.000", "2024-03-20T14:30:00"],
    ["2024-03-20T14:30", "2024-03-20T14:30:00"],
    ["not a date", "not a date"],
  ])("%s -> %s", (raw, expected) => {
    expect(isoCellText(raw)).toBe(expected);
  });
});

describe("column references", () => {
  it.each([
    ["A1", 0],
    ["K12", 10],
    ["Z3", 25],
    ["AA1", 26],
    ["XFD1048576", 16383],
    ["12", -1],
  ])("%s is column %d", (ref, index) => {
    expect(columnIndex(ref)).toBe(index);
    if (index >= 0) expect(columnName(index)).toBe(ref.replace(/\d+$/, ""));
  });
});
