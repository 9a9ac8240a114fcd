import { randomUUID } from "node:crypto";
import { appendFile, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, CART_LIFETIME_MS, type EmulatorState, type RunningEmulator } from "../src/emulator/index.js";
import { importFile, type ImportOptions } from "../src/run/import.js";
import type { LedgerEntry } from "../src/submit/ledger.js";
import { cartBody } from "../src/submit/payloads.js";
import { CUSTOMER_HEADERS, customerRow, readJsonl, tempDir, writeCsv, writeCustomers } from "./helpers/customers.js";

const TOKEN = "emulator-token";
const ATTESTED = { attestPartnerRole: true, attestNoAffiliateResale: true } as const;
/** Microsoft 365 Business Basic in the Netherlands, as the default emulator seed sells it. */
const NL_BASIC = "CFQ7TTC0LH18:0001:DZH318Z0BBNL";
const AVAILABILITIES = "GET /v1/products/{productId}/skus/{skuId}/availabilities";
const CART_POST = "POST /v1/customers/{id}/carts";
const CHECKOUT_POST = "POST /v1/customers/{id}/carts/{cartId}/checkout";

interface ResultLine {
  row: number;
  key?: string;
  outcome: string;
  customerId?: string;
  cartId?: string;
  orderIds?: string[];
  code?: string;
  message?: string;
  step?: string;
}

type Customer = EmulatorState["customers"][number];

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function createdCustomers(e: RunningEmulator): Customer[] {
  return e.state().customers.filter((c) => !c.seeded);
}

function options(e: RunningEmulator, state: string, out: string, more: Partial<ImportOptions> = {}): ImportOptions {
  return {
    endpoint: e.url,
    env: { PARTNER_CENTER_TOKEN: TOKEN },
    rate: 0,
    backoffMs: 5,
    state,
    out,
    quiet: true,
    ...more,
  };
}

/** The customer of a finished row has its MCA once, one cart checked out, and exactly the orders the results name. */
function expectOrderedOnce(c: Customer | undefined, r: ResultLine): void {
  expect(c, `row ${r.row}`).toBeDefined();
  expect(c?.agreements).toHaveLength(1);
  expect(c?.orders).toHaveLength(1);
  expect(c?.orders.map((o) => o.id)).toEqual(r.orderIds);
  const ordered = c?.carts.filter((k) => k.status === "Ordered") ?? [];
  expect(ordered.map((k) => k.id)).toEqual([r.cartId]);
}

describe("orders through carts", () => {
  it("orders 1,000 rows at concurrency 8: each accepted row created, MCA confirmed, ordered once; state matches results", async () => {
    emulator = await startEmulator({ latencyMs: { fixed: 1, jitter: 2 } });
    const file = await writeCustomers(1000, { rejectEvery: 50, offers: true });
    const out = await tempDir("orders-out-");
    const summary = await importFile(
      file,
      options(emulator, await tempDir("orders-state-"), out, { concurrency: 8, ...ATTESTED }),
    );
    expect(summary.outcomes).toMatchObject({ created: 980, rejected: 20, failed: 0, "created-without-order": 0 });
    expect(summary.ordered).toBe(980);
    expect(summary.issuesByCode.ORDER_NEEDS_ATTESTATION).toBeUndefined();

    const results = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    expect(results).toHaveLength(1000);
    expect(new Set(results.map((r) => r.row)).size).toBe(1000);
    const customers = createdCustomers(emulator);
    expect(customers).toHaveLength(980);
    const byId = new Map(customers.map((c) => [c.id, c]));
    for (const r of results.filter((x) => x.outcome === "created")) {
      const c = byId.get(r.customerId ?? "");
      expect(c?.domain).toBe(`klant${r.row}nl.onmicrosoft.com`);
      expectOrderedOnce(c, r);
      expect(c?.carts).toHaveLength(1);
      expect(c?.orders[0]?.lineItems).toMatchObject([{ offerId: NL_BASIC, quantity: (r.row % 5) + 1 }]);
    }
    const stats = emulator.stats();
    expect(stats.maxInFlight).toBeLessThanOrEqual(8);
    expect(stats.byRoute[AVAILABILITIES]).toBe(1); // cached per product, SKU and country
    expect(stats.byRoute[CHECKOUT_POST]).toBe(980);

    const credentials = await stat(join(out, "credentials.csv"));
    expect(credentials.mode & 0o777).toBe(0o600);
    const csv = await readFile(join(out, "results.csv"), "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/,outcome,step,customer_id,tenant_id,cart_id,order_ids,code,/);
  });

  it("without both attestations creates the customers without orders and says why; with them the same command orders once", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(12, { offers: true });
    const state = await tempDir("attest-state-");
    const run = async (more: Partial<ImportOptions>) => {
      const out = await tempDir("attest-out-");
      const summary = await importFile(file, options(emulator as RunningEmulator, state, out, more));
      return { summary, results: await readJsonl<ResultLine>(join(out, "results.jsonl")) };
    };

    const none = await run({});
    expect(none.summary.outcomes["created-without-order"]).toBe(12);
    expect(none.summary.ordersEnabled).toBe(false);
    expect(none.summary.exitCode).toBe(0);
    expect(none.summary.issuesByCode.ORDER_NEEDS_ATTESTATION).toBe(12);
    for (const r of none.results) {
      expect(r).toMatchObject({ outcome: "created-without-order", code: "ATTESTATION_NOT_CONFIRMED" });
      expect(r.message).toContain("--attest-partner-role, --attest-no-affiliate-resale");
      expect(r.customerId).toBeDefined();
    }
    for (const c of createdCustomers(emulator)) {
      expect(c.agreements).toHaveLength(1);
      expect(c.carts).toEqual([]);
    }

    const half = await run({ attestPartnerRole: true });
    expect(half.summary.outcomes["created-without-order"]).toBe(12);
    expect(half.results[0]?.message).toMatch(/\(--attest-no-affiliate-resale, or/);
    expect(emulator.stats().byRoute[CART_POST]).toBeUndefined();

    const both = await run(ATTESTED);
    expect(both.summary.outcomes.created).toBe(12);
    expect(both.summary.ordered).toBe(12);
    const byId = new Map(createdCustomers(emulator).map((c) => [c.id, c]));
    for (const r of both.results) expectOrderedOnce(byId.get(r.customerId ?? ""), r);

    const requests = emulator.stats().requests;
    const again = await run(ATTESTED);
    expect(again.summary.outcomes["already-done"]).toBe(12);
    expect(emulator.stats().requests).toBe(requests);
    expect(again.results.map((r) => r.orderIds)).toEqual(both.results.map((r) => r.orderIds));
  });

  it("orders nothing for a row whose MCA acceptance is missing, and says so", async () => {
    emulator = await startEmulator();
    const row = customerRow(1, { offers: true });
    row[CUSTOMER_HEADERS.indexOf("MCA Accepted On")] = "";
    const file = await writeCsv(CUSTOMER_HEADERS, [row]);
    const out = await tempDir("no-mca-out-");
    const summary = await importFile(
      file,
      options(emulator, await tempDir("no-mca-state-"), out, {
        ...ATTESTED,
        rules: { MCA_SIGNER_REQUIRED: "warning" },
      }),
    );
    expect(summary.outcomes["created-without-order"]).toBe(1);
    const [result] = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    expect(result).toMatchObject({ outcome: "created-without-order", code: "MCA_NOT_CONFIRMED" });
    expect(result?.message).toContain("mca_accepted_on");
    const [customer] = createdCustomers(emulator);
    expect(customer?.agreements).toEqual([]);
    expect(customer?.carts).toEqual([]);
  });

  it("names the reseller and the additional resellers on each cart line", async () => {
    emulator = await startEmulator();
    const headers = [...CUSTOMER_HEADERS, "Reseller ID", "Additional Reseller IDs"];
    const file = await writeCsv(headers, [[...customerRow(1, { offers: true }), "4810001", "4810002; 4810003"]]);
    const out = await tempDir("resellers-out-");
    const summary = await importFile(
      file,
      options(emulator, await tempDir("resellers-state-"), out, { ...ATTESTED, partnerType: "indirect-provider" }),
    );
    expect(summary.outcomes.created).toBe(1);
    const [customer] = createdCustomers(emulator);
    expect(customer?.associatedPartnerId).toBe("3f2a6c1e-8b7d-4e5f-9a0b-1c2d3e4f5a01");
    expect(customer?.carts[0]?.lineItems[0]?.participants).toEqual([
      { key: "transaction_reseller", value: "4810001" },
      { key: "additional_transaction_reseller", value: "4810002" },
      { key: "additional_transaction_reseller", value: "4810003" },
    ]);
    expect(customer?.orders[0]?.lineItems[0]).toMatchObject({
      partnerIdOnRecord: "4810001",
      additionalPartnerIdsOnRecord: ["4810002", "4810003"],
    });
  });

  it("after a cart Partner Center refused, a re-run with the row fixed sends a new cart, not the refused one again", async () => {
    emulator = await startEmulator();
    const state = await tempDir("refused-state-");
    const withOffer = async (offer: string) => {
      const row = customerRow(1, { offers: true });
      row[CUSTOMER_HEADERS.indexOf("Offer ID")] = offer;
      const out = await tempDir("refused-out-");
      await importFile(
        await writeCsv(CUSTOMER_HEADERS, [row]),
        options(emulator as RunningEmulator, state, out, ATTESTED),
      );
      return (await readJsonl<ResultLine>(join(out, "results.jsonl")))[0];
    };
    expect(await withOffer("CFQ7TTC0LH18:0001:DZH318Z0BBXX")).toMatchObject({
      outcome: "failed",
      step: "cart",
      code: "990004",
    });
    const fixed = await withOffer(NL_BASIC);
    expect(fixed?.outcome).toBe("created");
    expectOrderedOnce(createdCustomers(emulator)[0], fixed as ResultLine);
  });

  it("fails a row whose offer is not sold in its country, with the reason, and keeps the customer", async () => {
    emulator = await startEmulator({
      seed: {
        products: [
          { productId: "CFQ7TTC0LH18", skuId: "0001", title: "Basic", availabilities: { BE: "DZH318Z0BBBE" } },
        ],
      },
    });
    const out = await tempDir("unsold-out-");
    const summary = await importFile(
      await writeCustomers(1, { offers: true }),
      options(emulator, await tempDir("unsold-state-"), out, ATTESTED),
    );
    expect(summary.outcomes.failed).toBe(1);
    const [result] = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    expect(result).toMatchObject({ outcome: "failed", step: "availability", code: "OFFER_NOT_AVAILABLE" });
    expect(result?.message).toContain("CFQ7TTC0LH18:0001 has no availability in NL");
    expect(result?.customerId).toBe(createdCustomers(emulator)[0]?.id);
  });
});

/** A ledger line without its key. */
type Step = LedgerEntry extends infer E ? (E extends LedgerEntry ? Omit<E, "k"> : never) : never;

/** What a scenario does to Partner Center and the ledger before the run that must settle it. */
interface Scenario {
  name: string;
  replayLimit?: number;
  /** Acts on the emulator for the row's customer; returns the ledger lines an earlier run would have left. */
  setup: (pc: Api, carts: string) => Promise<Step[]>;
  expected: { carts: number; cartPosts: number; checkoutPosts: number };
}

interface Api {
  post(path: string, body?: unknown, requestId?: string): Promise<{ id?: string }>;
  advanceClock(ms: number): void;
}

const LINE = cartBody([{ catalogItemId: NL_BASIC, quantity: 2, termDuration: "P1M", billingCycle: "monthly" }], {
  additional: [],
});

const SCENARIOS: Scenario[] = [
  {
    name: "a cart sent without a recorded answer is sent again with its MS-RequestId: the same cart",
    setup: async (pc, carts) => {
      const rid = randomUUID();
      await pc.post(carts, LINE, rid);
      return [{ s: "cart-sent", rid }];
    },
    expected: { carts: 1, cartPosts: 1, checkoutPosts: 1 },
  },
  {
    name: "a cart sent that never arrived is created with that MS-RequestId",
    setup: () => Promise.resolve([{ s: "cart-sent", rid: randomUUID() }]),
    expected: { carts: 1, cartPosts: 1, checkoutPosts: 1 },
  },
  {
    name: "a recorded cart is checked out rather than a new one created",
    setup: async (pc, carts) => [{ s: "cart", cart: (await pc.post(carts, LINE)).id ?? "" }],
    expected: { carts: 1, cartPosts: 0, checkoutPosts: 1 },
  },
  {
    name: "a checkout sent and done, its answer lost and forgotten: settled from the cart and the orders",
    replayLimit: 0,
    setup: async (pc, carts) => {
      const cart = (await pc.post(carts, LINE)).id ?? "";
      const rid = randomUUID();
      await pc.post(`${carts}/${cart}/checkout`, undefined, rid);
      return [
        { s: "cart", cart },
        { s: "checkout-sent", rid },
      ];
    },
    expected: { carts: 1, cartPosts: 0, checkoutPosts: 0 },
  },
  {
    name: "a checkout sent that never arrived: the cart is still active, checked out with the same MS-RequestId",
    setup: async (pc, carts) => [
      { s: "cart", cart: (await pc.post(carts, LINE)).id ?? "" },
      { s: "checkout-sent", rid: randomUUID() },
    ],
    expected: { carts: 1, cartPosts: 0, checkoutPosts: 1 },
  },
  {
    name: "a recorded cart found checked out already (409): its orders are taken, nothing ordered again",
    replayLimit: 0,
    setup: async (pc, carts) => {
      const cart = (await pc.post(carts, LINE)).id ?? "";
      await pc.post(`${carts}/${cart}/checkout`);
      return [{ s: "cart", cart }];
    },
    expected: { carts: 1, cartPosts: 0, checkoutPosts: 1 },
  },
  {
    name: "a recorded cart past its 7 days is replaced by a new one",
    setup: async (pc, carts) => {
      const cart = (await pc.post(carts, LINE)).id ?? "";
      pc.advanceClock(CART_LIFETIME_MS + 60_000);
      return [{ s: "cart", cart }];
    },
    expected: { carts: 2, cartPosts: 1, checkoutPosts: 2 },
  },
];

describe("resume never orders twice", () => {
  it.each(SCENARIOS)("$name", async ({ replayLimit, setup, expected }) => {
    emulator = await startEmulator(replayLimit !== undefined ? { replayLimit } : {});
    const e = emulator;
    const file = await writeCustomers(1, { offers: true });
    const state = await tempDir("resume-state-");
    // An earlier run without attestations leaves the customer created and its MCA confirmed.
    const first = await importFile(file, options(e, state, await tempDir("resume-out-")));
    const customerId = createdCustomers(e)[0]?.id ?? "";
    const pc: Api = {
      post: async (path, body, requestId) => {
        const response = await fetch(new URL(path, e.url), {
          method: "POST",
          headers: {
            Authorization: `Bearer ${TOKEN}`,
            "Content-Type": "application/json",
            "MS-RequestId": requestId ?? randomUUID(),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        expect(response.status).toBe(201);
        return (await response.json()) as { id?: string };
      },
      advanceClock: (ms) => {
        e.advanceClock(ms);
      },
    };
    const lines = await setup(pc, `/v1/customers/${customerId}/carts`);
    await appendFile(first.ledger, lines.map((l) => `${JSON.stringify({ k: "C-1", ...l })}\n`).join(""));
    e.resetStats();

    const out = await tempDir("resume-out-");
    const summary = await importFile(file, options(e, state, out, ATTESTED));
    expect(summary.outcomes.created).toBe(1);
    const [result] = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    const customer = createdCustomers(e)[0];
    expectOrderedOnce(customer, result as ResultLine);
    expect(customer?.carts).toHaveLength(expected.carts);
    const stats = e.stats();
    expect(stats.byRoute[CART_POST] ?? 0).toBe(expected.cartPosts);
    expect(stats.byRoute[CHECKOUT_POST] ?? 0).toBe(expected.checkoutPosts);
  });
});
