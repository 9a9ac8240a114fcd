import { describe, expect, it } from "vitest";
import { RunError } from "../src/errors/run-error.js";
import { buildLookup, mapColumns, type UserMapping } from "../src/mapping/mapping.js";

const REQUIRED: Record<string, string> = {
  company_name: "Company Name",
  domain: "Domain",
  email: "Email",
  first_name: "First Name",
  last_name: "Last Name",
  address_line1: "Address Line 1",
  city: "City",
  country: "Country",
};
const ALL_REQUIRED = Object.values(REQUIRED);

function failure(run: () => unknown): RunError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof RunError) return error;
    throw error;
  }
  throw new Error("expected a RunError");
}

describe("mapColumns", () => {
  it.each<[string, readonly string[], UserMapping, Record<string, number | undefined>]>([
    [
      "built-in English and Dutch names, case and punctuation aside",
      ["BEDRIJFSNAAM", "e-mail adres", "Land"],
      {},
      { company_name: 0, email: 1, country: 2 },
    ],
    [
      "the user's name, matched loosely",
      [" klant naam ", "Email"],
      { "Klant-naam": "company_name" },
      { company_name: 0, email: 1 },
    ],
    ["an exact key ignores only its own column", ["Email", "E-mail"], { "E-mail": null }, { email: 0 }],
    [
      "exact keys tell apart headers that fold alike",
      ["E-mail", "Email"],
      { "E-mail": null, Email: "email" },
      { email: 1 },
    ],
    ["a key by position, for two headers alike", ["Email", "Email"], { "#2": null }, { email: 0 }],
    ["a position key wins over the header", ["Email", "Notes"], { "#2": "phone" }, { email: 0, phone: 1 }],
  ])("%s", (_, headers, user, expected) => {
    // The required columns the case does not name itself, after its own.
    const rest = Object.entries(REQUIRED)
      .filter(([field]) => !(field in expected))
      .map(([, header]) => header);
    const mapping = mapColumns([...headers, ...rest], buildLookup(user), "f.csv");
    for (const [field, column] of Object.entries(expected))
      expect([field, mapping.columnOf.get(field as never)]).toEqual([field, column]);
  });

  it("names two columns of one field, with a --columns entry that really tells them apart", () => {
    const alike = failure(() => mapColumns([...ALL_REQUIRED, "Email"], buildLookup(), "f.csv"));
    expect(alike.code).toBe("COLUMNS_DUPLICATE");
    expect(alike.message).toContain(`{ "#${String(ALL_REQUIRED.length + 1)}": null }`);
    expect(alike.message).not.toContain(`{ "Email": null }`);
    const folded = failure(() => mapColumns([...ALL_REQUIRED, "E-mail"], buildLookup(), "f.csv"));
    expect(folded.message).toContain(`{ "E-mail": null }`);
    // The entry suggested does what it says.
    const fixed = mapColumns([...ALL_REQUIRED, "E-mail"], buildLookup({ "E-mail": null }), "f.csv");
    expect(fixed.columnOf.get("email")).toBe(ALL_REQUIRED.indexOf("Email"));
  });

  it("names the sheet and header row of a header that lacks required columns, and the flags to choose another", () => {
    const error = failure(() =>
      mapColumns(["Bedrijfsnaam", "Domein", "E-mailadres"], buildLookup(), "t.xlsx", {
        sheet: "Example",
        headerRow: 1,
      }),
    );
    expect(error.code).toBe("COLUMNS_MISSING");
    expect(error.message).toContain("the header row (sheet 'Example', row 1) has:");
    expect(error.message).toContain("--sheet or --header-row");
  });

  it("keeps the missing-column message to one readable line when the header is long or garbled", () => {
    const garbled = Array.from({ length: 50 }, (_, i) => `${"硅整湲".repeat(30)}${String(i)}`);
    const error = failure(() => mapColumns(garbled, buildLookup(), "f.csv"));
    expect(error.message.length).toBeLessThan(2000);
    expect(error.message).toContain("and 20 more");
  });

  it("says when the --columns file itself ignored the column of a missing field", () => {
    const error = failure(() => mapColumns(ALL_REQUIRED, buildLookup({ email: null }), "f.csv"));
    expect(error.message).toContain(
      "missing required column: email (e.g. 'Email') (the --columns file ignores 'Email')",
    );
  });

  it("lists the --columns keys that name no column of the file (typos, positions past the end)", () => {
    const lookup = buildLookup({ "E-mial": "email", Klant: "company_name", "#4": null, "#40": null, "e mail": null });
    expect(lookup.unusedKeys(["Klant", "Email", "Land", "Plaats"])).toEqual(["E-mial", "#40"]);
  });
});
