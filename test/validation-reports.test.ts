import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SourcePosition } from "../src/model/source.js";
import { ValidationReports, type CheckedRow } from "../src/outputs/validation-reports.js";

function accepted(row: number, source: SourcePosition): CheckedRow {
  return {
    row,
    source,
    values: ["Acme"],
    raw: { company_name: "Acme" },
    record: { company_name: "Acme" },
    issues: [],
    outcome: "accepted",
  };
}

describe("accepted.jsonl", () => {
  it("gives every row its own source, as JSON, whichever file, sheet or kind of position comes before it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reports-"));
    const reports = new ValidationReports(dir, { headers: ["Company Name"], delimiter: "," });
    const sources: SourcePosition[] = [
      { file: "a.csv", line: 2 },
      { file: "a.csv", line: 3 },
      { file: 'b "quoted" \\ file.xlsx', sheet: "Klanten", sheetRow: 4 },
      { file: 'b "quoted" \\ file.xlsx', sheet: "Klanten", sheetRow: 5 },
      { file: 'b "quoted" \\ file.xlsx', sheet: "Other \u2028 sheet", sheetRow: 5 },
      { file: 'b "quoted" \\ file.xlsx', line: 9 },
      { file: "a.csv", line: 10 },
    ];
    sources.forEach((s, i) => {
      reports.add(accepted(i + 1, s));
    });
    await reports.commit({});
    const lines = (await readFile(join(dir, "accepted.jsonl"), "utf8")).trim().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { source: unknown }).source)).toEqual(sources);
    expect(lines[2]).toContain(`"source":${JSON.stringify(sources[2])}`);
  });
});
