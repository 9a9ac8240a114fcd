import { describe, expect, it } from "vitest";
import { mapColumns, buildLookup, rawRowReader } from "../src/mapping/mapping.js";
import { customerRecordSchema, type CustomerRecord } from "../src/model/record.js";
import { normalizeRow } from "../src/normalize/record.js";
import { PackReader, columnsByField, packRecord, type PackTarget } from "../src/run/record-transfer.js";

const DEFAULTS = { termDuration: "P1M", billingCycle: "monthly" };
const HEADERS = [
  "Company Name",
  "Domain",
  "Email",
  "First Name",
  "Last Name",
  "Phone",
  "Address Line 1",
  "City",
  "Postal Code",
  "Country",
  "Offers",
  "Education",
  "Additional Reseller IDs",
  "MCA Accepted On",
  "Website",
];
const mapping = mapColumns(HEADERS, buildLookup(), "test.csv");
const toRaw = rawRowReader(mapping);

/** Packs the records with their cells as the reading thread does, and reads them back as the main thread does. */
function roundTrip(rows: readonly (readonly string[])[]): { sent: CustomerRecord[]; received: CustomerRecord[] } {
  const target: PackTarget = { parts: [], numbers: [] };
  const sent: CustomerRecord[] = [];
  for (const cells of rows) {
    target.numbers.push(cells.length);
    for (const c of cells) {
      target.parts.push(c);
      target.numbers.push(c.length);
    }
    const record = normalizeRow(toRaw(cells), DEFAULTS);
    sent.push(record);
    packRecord(record, cells, columnsByField(mapping.columnOf), target);
  }
  const reader = new PackReader(target.parts.join(""), new Uint32Array(target.numbers));
  const received = rows.map(() => {
    const cells = reader.cells();
    return reader.record(cells);
  });
  return { sent, received };
}

describe("records handed from the reading thread to the main thread", () => {
  it("arrive equal, with their keys in the same order (the order accepted.jsonl shows them in)", () => {
    const rows = [
      [
        "Bakkerij Jansen B.V.",
        "BakkerijJansen.onmicrosoft.com",
        "Inkoop@BakkerijJansen.NL",
        "Anna",
        "de Vries",
        "06-12345678",
        "Damrak 1",
        "Amsterdam",
        "1012lg",
        "Nederland",
        "CFQ7TTC0LH18:0001:CFQ7TTC0K5T8*3; CFQ7TTC0LH16:0002*1",
        "ja",
        "5f7c1a3e-0000-4000-8000-000000000001",
        "15-01-2026",
        "https://jansen.example",
      ],
      [
        "Æblerød ApS 🍎",
        "aeblerod",
        "info@æblerød.dk",
        "Søren",
        "Ørsted",
        "",
        "Vej 1",
        "Århus",
        "8000",
        "DK",
        "",
        "",
        "",
        "",
        "",
      ],
      [
        "=cmd|' /C calc'!A0",
        "x",
        "not-an-email",
        "",
        "",
        "+31 20 000",
        "",
        "",
        "",
        "",
        "bad",
        "maybe",
        "",
        "31-02-2026",
        "",
      ],
    ];
    const { sent, received } = roundTrip(rows);
    // Values of every kind: the cell's own text, a changed text, JSON (offer lines, a yes/no, a list).
    expect(sent[0]).toMatchObject({ first_name: "Anna", domain: "bakkerijjansen", education: true });
    expect(sent[0]?.offers).toHaveLength(2);
    expect(sent[0]?.additional_reseller_ids).toHaveLength(1);
    expect(received).toEqual(sent);
    for (let i = 0; i < sent.length; i++) expect(Object.keys(received[i] ?? {})).toEqual(Object.keys(sent[i] ?? {}));
    expect(received.map((r) => JSON.stringify(r))).toEqual(sent.map((r) => JSON.stringify(r)));
  });

  it("carries every field a record can hold", () => {
    const fields = Object.keys(customerRecordSchema.shape) as (keyof CustomerRecord)[];
    for (const field of fields) {
      const value =
        field === "offers"
          ? [{ productId: "P", skuId: "S", quantity: 2 }]
          : field === "additional_reseller_ids"
            ? ["a", "b"]
            : field === "education" || field === "enable_gdap_default"
              ? true
              : `value of ${field}`;
      const record = { [field]: value } as CustomerRecord;
      const target: PackTarget = { parts: [], numbers: [0] };
      packRecord(record, [], columnsByField(new Map()), target);
      const reader = new PackReader(target.parts.join(""), new Uint32Array(target.numbers));
      const cells = reader.cells();
      expect(reader.record(cells), field).toEqual(record);
    }
  });
});
