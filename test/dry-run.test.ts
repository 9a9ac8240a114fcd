import { readFile, readdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MCA_TEMPLATE_ID, startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import type { CustomerRecord } from "../src/model/record.js";
import type { PayloadLine } from "../src/outputs/payloads.js";
import { withoutSecrets } from "../src/outputs/payloads.js";
import { checkAgainstCountryRules, countryRuleDifferences, type CountryRules } from "../src/run/dry-run-rules.js";
import { importFile, type ImportOptions } from "../src/run/import.js";
import { applySuggestion, type AddressValidation } from "../src/submit/address.js";
import { CUSTOMER_HEADERS, customerRow, readJsonl, tempDir, writeCsv } from "./helpers/customers.js";

interface ResultLine {
  row: number;
  outcome: string;
  code?: string;
  message?: string;
  notes: string[];
  customerId?: string;
}

interface DryRunJson {
  rows: Record<string, number>;
  payloads: { requests: number; byStep: Record<string, number> };
  domains: { checked: number; available: number; taken: number; existingCustomers: number };
  countryRules: {
    country: string;
    api: CountryRules | null;
    differences: string[];
    rows: number;
    rowsWithDoubts: number;
  }[];
  addresses: { mode: string; checked: number; byStatus: Record<string, number>; accepted: number };
  offers: { productId: string; country: string; catalogItemId: string | null; rows: number; quantity: number }[];
}

let emulator: RunningEmulator | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  proxy?.closeAllConnections();
  await new Promise<void>((resolve) => {
    if (proxy === undefined) resolve();
    else
      proxy.close(() => {
        resolve();
      });
  });
  proxy = undefined;
});

const ATTESTED = { attestPartnerRole: true, attestNoAffiliateResale: true } as const;
const col = (name: string): number => CUSTOMER_HEADERS.indexOf(name);
const NL_BASIC = "CFQ7TTC0LH18:0001:DZH318Z0BBNL";

function options(e: { url: string }, state: string, more: Partial<ImportOptions> = {}): ImportOptions {
  return {
    endpoint: e.url,
    env: { PARTNER_CENTER_TOKEN: "emulator-token" },
    rate: 0,
    backoffMs: 2,
    state,
    quiet: true,
    ...more,
  };
}

/** Rows 1-4 ready (NL), 5 a domain one of your customers has, 6 an offer not sold in NL, 7 rejected, 8 in Italy. */
function mixedRows(): string[][] {
  const rows = Array.from({ length: 8 }, (_, k) => customerRow(k + 1, { offers: true }));
  (rows[4] as string[])[col("Domain")] = "wingtiptoys";
  (rows[5] as string[])[col("Offer ID")] = "CFQ7TTC0ZZZZ:0001";
  (rows[6] as string[])[col("Email")] = "";
  const it = rows[7] as string[];
  it[col("Country")] = "IT";
  it[col("City")] = "Roma";
  it[col("Postal Code")] = "00184";
  it[col("Address Line 1")] = "Via Nazionale 10";
  it[col("Phone")] = "+39 06 4891 1234";
  return rows;
}

async function dryRun(file: string, o: ImportOptions) {
  const out = await tempDir("dry-out-");
  const summary = await importFile(file, { ...o, dryRun: true, out });
  const results = (await readJsonl<ResultLine>(join(out, "results.jsonl"))).sort((a, b) => a.row - b.row);
  const payloads = await readJsonl<PayloadLine>(join(out, "payloads.jsonl"));
  const report = JSON.parse(await readFile(join(out, "dry-run.json"), "utf8")) as DryRunJson;
  return { out, summary, results, payloads, report, payloadText: await readFile(join(out, "payloads.jsonl"), "utf8") };
}

describe("import --dry-run against the emulator", () => {
  it("checks every row read-only, lists the requests the import would send, and creates nothing", async () => {
    emulator = await startEmulator();
    const e = emulator;
    const file = await writeCsv(CUSTOMER_HEADERS, mixedRows());
    const state = await tempDir("dry-state-");
    // Row 1 is imported for real first: the dry run must know it is done from the ledger.
    await importFile(file, { ...options(e, state, ATTESTED), rows: "1", out: await tempDir("dry-first-") });
    const before = JSON.stringify(e.state());
    const routesBefore = { ...e.stats().byRoute };

    const { out, summary, results, payloads, report, payloadText } = await dryRun(file, options(e, state, ATTESTED));

    expect(JSON.stringify(e.state())).toBe(before);
    const sent = Object.entries(e.stats().byRoute)
      .filter(([route, n]) => n !== (routesBefore[route] ?? 0))
      .map(([route]) => route)
      .sort();
    expect(sent).toEqual([
      "GET /v1/agreements",
      "GET /v1/countryvalidationrules/{iso2}",
      "GET /v1/customers",
      "GET /v1/products/{productId}/skus/{skuId}/availabilities",
      "HEAD /v1/domains/{domain}",
      "POST /v1/validations/address",
    ]);
    expect(e.stats().byRoute["GET /v1/countryvalidationrules/{iso2}"]).toBe(2); // NL and IT, once each

    expect(results.map((r) => [r.row, r.outcome, r.code])).toEqual([
      [1, "already-done", undefined],
      [2, "ready", undefined],
      [3, "ready", undefined],
      [4, "ready", undefined],
      [5, "would-fail", "CUSTOMER_EXISTS"],
      [6, "would-fail", "OFFER_NOT_AVAILABLE"],
      [7, "rejected", "REQUIRED"],
      [8, "ready", undefined],
    ]);
    expect(results[0]?.customerId).toBeDefined();
    expect(results[4]?.message).toMatch(/wingtiptoys\.onmicrosoft\.com belongs to your customer .*--existing/);
    expect(results[5]?.message).toMatch(/CFQ7TTC0ZZZZ:0001 has no availability in NL/);
    expect(results[7]?.notes.join(" ")).toMatch(/culture it-IT is not one Partner Center supports in IT/);
    expect(summary.dryRun).toMatchObject({ ready: 4, wouldFail: 2, payloads: payloads.length });
    expect(summary.outcomes).toMatchObject({ created: 0, "already-done": 1, rejected: 1 });
    expect(summary.exitCode).toBe(1);
    expect(summary.credentials).toBe(0);
    expect(await readdir(out)).not.toContain("credentials.csv");

    const steps = (row: number) => payloads.filter((p) => p.row === row).map((p) => `${p.method} ${p.path}`);
    expect(steps(2)).toEqual([
      "HEAD /v1/domains/klant2nl.onmicrosoft.com",
      "POST /v1/customers",
      "POST /v1/customers/{customerId}/agreements",
      "POST /v1/customers/{customerId}/carts",
      "POST /v1/customers/{customerId}/carts/{cartId}/checkout",
    ]);
    expect(steps(1)).toEqual([]);
    expect(steps(5)).toEqual(["HEAD /v1/domains/wingtiptoys.onmicrosoft.com"]);
    expect(steps(6)).toEqual([
      "HEAD /v1/domains/klant6nl.onmicrosoft.com",
      "POST /v1/customers",
      "POST /v1/customers/{customerId}/agreements",
    ]);
    const create = payloads.find((p) => p.row === 3 && p.step === "create");
    expect(create?.body).toMatchObject({
      CompanyProfile: { Domain: "klant3nl.onmicrosoft.com" },
      BillingProfile: { Email: "facturen@klant3nl.example.nl", Culture: "nl-NL", Language: "nl" },
    });
    expect(payloads.find((p) => p.row === 3 && p.step === "mca")?.body).toMatchObject({
      templateId: MCA_TEMPLATE_ID,
      type: "MicrosoftCustomerAgreement",
    });
    expect(payloads.find((p) => p.row === 3 && p.step === "cart")?.body).toMatchObject({
      PartnerOnRecordAttestationAccepted: true,
      lineItems: [{ catalogItemId: NL_BASIC, quantity: 4 }],
    });
    expect(payloadText).not.toMatch(/emulator-token|Bearer|Authorization/i);

    expect(report.domains).toEqual({ checked: 6, available: 5, taken: 0, existingCustomers: 1 });
    expect(report.addresses).toMatchObject({ mode: "report", checked: 6, byStatus: { Verified: 6 }, accepted: 0 });
    expect(report.payloads).toMatchObject({ requests: payloads.length, byStep: { create: 5, checkout: 4 } });
    const nl = report.countryRules.find((c) => c.country === "NL");
    expect(nl).toMatchObject({ differences: [], rows: 5, rowsWithDoubts: 0 });
    expect(nl?.api).toMatchObject({ isStateRequired: false, isPostalCodeRequired: true });
    expect(nl?.api?.postalCodeRegex).toMatch(/\S/);
    const italy = report.countryRules.find((c) => c.country === "IT");
    expect(italy?.differences).toEqual([
      "the tool's default culture for IT, it-IT, is not one Partner Center supports there (en-US)",
    ]);
    expect(italy).toMatchObject({ rows: 1, rowsWithDoubts: 1 });
    expect(report.offers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: "CFQ7TTC0ZZZZ", country: "NL", catalogItemId: null, rows: 1 }),
        expect.objectContaining({ productId: "CFQ7TTC0LH18", country: "NL", catalogItemId: NL_BASIC, rows: 4 }),
      ]),
    );
  });

  it("without the attestations lists no cart, and says why on each row that orders", async () => {
    emulator = await startEmulator();
    const file = await writeCsv(CUSTOMER_HEADERS, [customerRow(1, { offers: true })]);
    const { results, payloads } = await dryRun(file, options(emulator, await tempDir("dry-noattest-")));
    expect(results[0]?.outcome).toBe("ready");
    expect(results[0]?.notes.join(" ")).toMatch(/offers not ordered: the partner's attestations were not confirmed/);
    expect(payloads.map((p) => p.step)).toEqual(["domain", "create", "mca"]);
  });
});

describe("import --dry-run of an education customer", () => {
  it("lists its qualification after the MCA and no order: the order waits for Microsoft's approval", async () => {
    emulator = await startEmulator();
    const header = [...CUSTOMER_HEADERS, "Education", "Education Segment", "Website"];
    const edu = [...customerRow(1, { offers: true }), "ja", "K12", "https://www.klant1nl.example.nl"];
    edu[col("Company Name")] = "Stichting Openbaar Onderwijs Klant 1";
    const biz = [...customerRow(2, { offers: true }), "nee", "", ""];
    const file = await writeCsv(header, [edu, biz]);
    const before = JSON.stringify(emulator.state());
    const { results, payloads } = await dryRun(file, options(emulator, await tempDir("dry-edu-"), ATTESTED));
    expect(JSON.stringify(emulator.state())).toBe(before);
    expect(results.map((r) => r.outcome)).toEqual(["ready", "ready"]);
    expect(results[0]?.notes.join(" ")).toMatch(/once Microsoft approves the education qualification/);
    expect(payloads.filter((p) => p.row === 1).map((p) => p.step)).toEqual([
      "domain",
      "create",
      "mca",
      "qualification",
    ]);
    expect(payloads.find((p) => p.step === "qualification")).toMatchObject({
      path: "/v1/customers/{customerId}/qualifications",
      body: { qualification: "Education", educationSegment: "K12", website: "https://www.klant1nl.example.nl" },
    });
    expect(payloads.filter((p) => p.row === 2).map((p) => p.step)).toEqual([
      "domain",
      "create",
      "mca",
      "cart",
      "checkout",
    ]);
  });
});

/**
 * The emulator never suggests addresses: a proxy in front of it answers the address validation with one suggestion
 * and passes everything else through.
 */
async function suggestingProxy(target: string): Promise<{ url: string }> {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (req.method === "POST" && req.url === "/v1/validations/address") {
          const asked = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, string>;
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(
            JSON.stringify({
              originalAddress: asked,
              status: "StreetPartial",
              validationMessage: "house number not found",
              suggestedAddresses: [{ ...asked, addressLine1: `${asked.addressLine1 ?? ""}-A`, postalCode: "1015 CJ" }],
            }),
          );
          return;
        }
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter((h): h is [string, string] => typeof h[1] === "string" && h[0] !== "host"),
        );
        const answer = await fetch(`${target}${req.url ?? ""}`, {
          method: req.method ?? "GET",
          headers,
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        res.writeHead(answer.status, { "Content-Type": answer.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })();
    });
  });
  await new Promise<void>((resolve) => proxy?.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
}

describe("--address-suggestions", () => {
  it("report: the suggestion is noted and the address sent as given; accept: the dry run and the import use it", async () => {
    emulator = await startEmulator();
    const front = await suggestingProxy(emulator.url);
    const file = await writeCsv(CUSTOMER_HEADERS, [customerRow(7)]);
    const state = await tempDir("address-state-");

    const report = await dryRun(file, options(front, state));
    expect(report.results[0]?.notes.join(" ")).toMatch(
      /address validation answered StreetPartial \(house number not found\); suggested: Keizersgracht 8-A, 1015 CJ Amsterdam, NL/,
    );
    const asGiven = report.payloads.find((p) => p.step === "create")?.body as {
      BillingProfile: { DefaultAddress: object };
    };
    expect(asGiven.BillingProfile.DefaultAddress).toMatchObject({
      AddressLine1: "Keizersgracht 8",
      PostalCode: "1007 AB",
    });
    expect(report.report.addresses).toMatchObject({ byStatus: { StreetPartial: 1 }, accepted: 0 });

    const accept = await dryRun(file, options(front, state, { addressSuggestions: "accept" }));
    expect(accept.payloads.map((p) => p.step)).toEqual(["domain", "address", "create", "mca"]);
    const suggested = accept.payloads.find((p) => p.step === "create")?.body as typeof asGiven;
    expect(suggested.BillingProfile.DefaultAddress).toMatchObject({
      AddressLine1: "Keizersgracht 8-A",
      PostalCode: "1015 CJ",
    });
    expect(accept.report.addresses.accepted).toBe(1);

    const out = await tempDir("address-out-");
    const summary = await importFile(file, { ...options(front, state, { addressSuggestions: "accept" }), out });
    expect(summary.outcomes.created).toBe(1);
    const [customer] = emulator.state().customers.filter((c) => !c.seeded);
    expect(customer?.billingProfile?.defaultAddress).toMatchObject({
      addressLine1: "Keizersgracht 8-A",
      postalCode: "1015 CJ",
    });
    const [line] = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    expect(line?.notes.join(" ")).toMatch(/its suggestion was accepted: Keizersgracht 8-A/);
  });
});

describe("the pure parts", () => {
  const record: CustomerRecord = {
    country: "NL",
    address_line1: "Keizersgracht 8",
    city: "Amsterdam",
    postal_code: "1007 AB",
  };
  const suggestion = { addressLine1: "Keizersgracht 8-A", city: "Amsterdam", postalCode: "1015 CJ", country: "NL" };
  const validation = (
    status: string,
    suggestedAddresses: AddressValidation["suggestedAddresses"],
  ): AddressValidation => ({
    status,
    suggestedAddresses,
  });

  it.each<[string, AddressValidation, "report" | "accept", boolean, RegExp | undefined]>([
    ["verified", validation("Verified", [suggestion]), "accept", false, undefined],
    [
      "one suggestion, report",
      validation("StreetPartial", [suggestion]),
      "report",
      false,
      /suggested: Keizersgracht 8-A/,
    ],
    ["one suggestion, accept", validation("StreetPartial", [suggestion]), "accept", true, /accepted/],
    [
      "several, accept",
      validation("Multiple", [suggestion, suggestion]),
      "accept",
      false,
      /several suggestions: none taken/,
    ],
    [
      "another country",
      validation("StreetPartial", [{ ...suggestion, country: "BE" }]),
      "accept",
      false,
      /another country/,
    ],
    ["none", validation("InteractionRequired", []), "accept", false, /with no suggestion/],
  ])("applySuggestion: %s", (_label, v, mode, accepted, note) => {
    const applied = applySuggestion(record, v, mode);
    expect(applied.accepted).toBe(accepted);
    expect(applied.record.postal_code).toBe(accepted ? "1015 CJ" : "1007 AB");
    if (note === undefined) expect(applied.note).toBeUndefined();
    else expect(applied.note).toMatch(note);
  });

  it.each<[string, CountryRules, string[]]>([
    ["agreeing rules", { isStateRequired: false, isPostalCodeRequired: true, supportedCulturesList: ["nl-NL"] }, []],
    [
      "a state, a registration ID and a culture the tool sees otherwise",
      { isStateRequired: true, isRegistrationNumberSupported: true, supportedCulturesList: ["en-US"] },
      [
        "Partner Center requires a state in NL; the tool does not require one",
        "Partner Center accepts a registration ID in NL; the tool sends one only in the 24 registration countries and leaves it out here",
        "the tool's default culture for NL, nl-NL, is not one Partner Center supports there (en-US)",
      ],
    ],
    ["facts the answer leaves out are not compared", {}, []],
  ])("countryRuleDifferences: %s", (_label, api, expected) => {
    expect(countryRuleDifferences("NL", api)).toEqual(expected);
  });

  it("countryRuleDifferences: a registration country Partner Center refuses IDs in", () => {
    expect(countryRuleDifferences("PL", { isRegistrationNumberSupported: false })).toEqual([
      "Partner Center does not accept a registration ID in PL; the tool requires and sends one (update src/data/registration-countries.json)",
    ]);
  });

  it.each<[string, CustomerRecord, CountryRules, boolean, number, number]>([
    ["fits", record, { postalCodeRegex: "^[1-9][0-9]{3} ?[A-Z]{2}$", isPostalCodeRequired: true }, false, 0, 0],
    ["state required, none", record, { isStateRequired: true }, false, 1, 0],
    ["postal code outside the pattern", record, { postalCodeRegex: "^[0-9]{5}$" }, false, 0, 1],
    ["a pattern JavaScript cannot read is skipped", record, { postalCodeRegex: "(?<" }, false, 0, 0],
    ["registration ID required, none", record, { isRegistrationNumberRequired: true }, true, 1, 0],
    [
      "registration ID required where the tool does not send it",
      { ...record, registration_id: "12345678" },
      { isRegistrationNumberRequired: true },
      false,
      1,
      0,
    ],
    ["a state not in the list", { ...record, state: "XX" }, { supportedStatesList: ["NH", "ZH"] }, false, 0, 1],
  ])("checkAgainstCountryRules: %s", (_label, r, api, sends, refusals, doubts) => {
    const found = checkAgainstCountryRules(r, api, sends);
    expect(found.refusals).toHaveLength(refusals);
    expect(found.doubts).toHaveLength(doubts);
  });

  it("withoutSecrets masks any key naming a secret, deep", () => {
    expect(withoutSecrets({ a: 1, userCredentials: { password: "x" }, list: [{ token: "t", b: 2 }] })).toEqual({
      a: 1,
      userCredentials: "***",
      list: [{ token: "***", b: 2 }],
    });
  });
});
