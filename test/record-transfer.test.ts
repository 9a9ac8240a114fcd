import { describe, expect, it } from "vitest";
import { mapColumns, buildLookup, rawRowReader } from "../src/mapping/mapping.js";
import { customerRecordSchema, type CustomerRecord } from "../src/model/record.js";
import { normalizeRow } from "../src/normalize/record.js";
import { PackReader, PackWriter, fieldLayout } from "../src/run/record-transfer.js";
import { changesJson } from "../src/outputs/validation-reports.js";
import type { RawRow } from "../src/model/fields.js";
import type { RenderedRecord } from "../src/model/source.js";

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
function roundTrip(rows: readonly (readonly string[])[]): {
  sent: CustomerRecord[];
  received: CustomerRecord[];
  rendered: RenderedRecord[];
} {
  const writer = new PackWriter();
  const sent: CustomerRecord[] = [];
  for (const cells of rows) {
    writer.cells(cells);
    const raw = toRaw(cells);
    const record = normalizeRow(raw, DEFAULTS);
    sent.push(record);
    const changes = writer.record(record, cells, fieldLayout(mapping.columnOf));
    // The changes worked out while packing are those `changesJson` gives from the raw row.
    expect(changes).toBe(changesJson(raw, record));
    writer.rendered(JSON.stringify(record), changes);
  }
  const { text, numbers, bytes } = writer.take();
  const reader = new PackReader(text, numbers, bytes);
  const rendered: RenderedRecord[] = [];
  const received = rows.map(() => {
    const cells = reader.cells();
    const record = reader.record(cells);
    rendered.push(reader.rendered());
    return record;
  });
  return { sent, received, rendered };
}

function utf8(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(bytes.subarray(start, end));
}

/** The changes as accepted.jsonl held them before they were put together as text: JSON.stringify of the object. */
function changesObjectJson(raw: RawRow, record: CustomerRecord): string {
  const out: Record<string, { from: string; to: unknown }> = {};
  for (const key in raw) {
    const to = (record as Record<string, unknown>)[key];
    const from = raw[key as keyof RawRow];
    if (typeof to === "string" && from !== undefined && to !== from) out[key] = { from, to };
  }
  return Object.keys(out).length === 0 ? "" : JSON.stringify(out);
}

describe("records handed from the reading thread to the main thread", () => {
  it("come through batches larger than the writer's first array, and the writer starts empty after each", () => {
    const writer = new PackWriter();
    const cells = Array.from({ length: 30 }, (_, i) => `cell ${i}`);
    for (let batch = 0; batch < 2; batch++) {
      for (let i = 0; i < 1000; i++) writer.cells(cells);
      const { text, numbers, bytes } = writer.take();
      expect(numbers.length).toBe(1000 * 31);
      const reader = new PackReader(text, numbers, bytes);
      for (let i = 0; i < 1000; i++) expect(reader.cells()).toEqual(cells);
      expect(writer.size).toBe(0);
    }
  });

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
    const { sent, received, rendered } = roundTrip(rows);
    // Values of every kind: the cell's own text, a changed text, JSON (offer lines, a yes/no, a list).
    expect(sent[0]).toMatchObject({ first_name: "Anna", domain: "bakkerijjansen", education: true });
    expect(sent[0]?.offers).toHaveLength(2);
    expect(sent[0]?.additional_reseller_ids).toHaveLength(1);
    expect(received).toEqual(sent);
    for (let i = 0; i < sent.length; i++) expect(Object.keys(received[i] ?? {})).toEqual(Object.keys(sent[i] ?? {}));
    expect(received.map((r) => JSON.stringify(r))).toEqual(sent.map((r) => JSON.stringify(r)));
    // The JSON the reading thread writes for accepted.jsonl is that of the record the main thread rebuilds.
    const recordJson = rendered.map((r) => utf8(r.bytes, r.start, r.middle));
    const changes = rendered.map((r) => utf8(r.bytes, r.middle, r.end));
    expect(recordJson).toEqual(received.map((r) => JSON.stringify(r)));
    expect(changes).toEqual(rows.map((cells, i) => changesObjectJson(toRaw(cells), sent[i] ?? {})));
    expect(changes[0]).toContain('"domain":{"from":"BakkerijJansen.onmicrosoft.com","to":"bakkerijjansen"}');
    expect(changes[1]).toBe("");
  });

  it.each([
    [{ phone: "030 2000001" }, { phone: "+31302000001" }],
    [{ company_name: 'Quote " and \\ backslash\tand tab' }, { company_name: 'Quote " and \\ backslash and tab' }],
    [
      { city: "Århus", country: "Danmark" },
      { city: "Århus", country: "DK" },
    ],
    [
      { education: "ja", offers: "X:1*2" },
      { education: true, offers: [{ productId: "X", skuId: "1", quantity: 2 }] },
    ],
    [{}, {}],
  ])("changes of %j to %j are the JSON of { field: { from, to } }", (raw, record) => {
    expect(changesJson(raw as RawRow, record as CustomerRecord)).toBe(
      changesObjectJson(raw as RawRow, record as CustomerRecord),
    );
  });

  it("works out the changes of escaped, untidy and missing cells as changesJson does from the raw row", () => {
    const rows = [
      ["'+31 Holding B.V.", "  Holding31 ", "'=x@y.nl", "  Anna  ", "de  Vries", "'+31 20 1234567", "", "A'dam"],
      ["'-Min", "min", "MIN@X.NL", "Jan"],
      ["Acme", "ACME.onmicrosoft.com", "a@acme.com", "", "", "", "", "", "", "", "", "", "", "", ""],
    ];
    const { sent, received } = roundTrip(rows);
    expect(received).toEqual(sent);
  });

  it("renders multibyte text as UTF-8, and a batch larger than the room it starts with", () => {
    const cells = ["Æblerød ApS 🍎", "aeblerod", "info@aeblerod.dk", "Søren", "Ødegård"];
    const rows = Array.from({ length: 1500 }, (_, i) => [
      ...cells.slice(0, 4),
      `${cells[4] ?? ""} ${"ø".repeat(i % 200)}`,
    ]);
    const { received, rendered } = roundTrip(rows);
    expect(rendered.map((r) => utf8(r.bytes, r.start, r.middle))).toEqual(received.map((r) => JSON.stringify(r)));
    expect(rendered.at(-1)?.end).toBeGreaterThan(192 * 1024);
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
      const writer = new PackWriter();
      writer.cells([]);
      writer.record(record, [], fieldLayout(new Map()));
      const { text, numbers, bytes } = writer.take();
      const reader = new PackReader(text, numbers, bytes);
      const cells = reader.cells();
      expect(reader.record(cells), field).toEqual(record);
    }
  });
});
