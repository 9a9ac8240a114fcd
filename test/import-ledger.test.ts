import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Ledger, type KeyState, type LedgerEntry } from "../src/submit/ledger.js";
import { tempDir } from "./helpers/customers.js";

/** A ledger line without its key (every step here is of row "C-1"). */
type Step = LedgerEntry extends infer E ? (E extends LedgerEntry ? Omit<E, "k"> : never) : never;

async function replayed(steps: readonly Step[]): Promise<KeyState | undefined> {
  const path = join(await tempDir("ledger-"), "ledger.jsonl");
  const first = await Ledger.open(path);
  for (const step of steps) await first.append({ k: "C-1", ...step });
  await first.close();
  const again = await Ledger.open(path);
  const state = again.get("C-1");
  await again.close();
  return state;
}

describe("ledger replay", () => {
  it.each<[string, Step[], KeyState]>([
    [
      "a customer created, its MCA sent without an answer",
      [
        { s: "create-sent", rid: "r1" },
        { s: "created", id: "c1", tenant: "t1", user: "admin@x" },
        { s: "mca-sent", rid: "r2" },
      ],
      { customerId: "c1", tenantId: "t1", userName: "admin@x", mcaSent: "r2" },
    ],
    [
      "a cart recorded, its checkout sent without an answer",
      [{ s: "mca-done" }, { s: "cart-sent", rid: "r3" }, { s: "cart", cart: "k1" }, { s: "checkout-sent", rid: "r4" }],
      { mcaDone: true, cartId: "k1", checkoutSent: "r4" },
    ],
    [
      "ordered: nothing pending",
      [
        { s: "cart", cart: "k1" },
        { s: "checkout-sent", rid: "r4" },
        { s: "ordered", orders: ["o1"] },
      ],
      { cartId: "k1", orderIds: ["o1"] },
    ],
    [
      "a new cart replacing an expired one is not checked out yet",
      [
        { s: "cart", cart: "k1" },
        { s: "checkout-sent", rid: "r4" },
        { s: "cart-sent", rid: "r5" },
        { s: "cart", cart: "k2" },
      ],
      { cartId: "k2" },
    ],
    [
      "a failure Partner Center answered settles the step's request",
      [
        { s: "create-sent", rid: "r1" },
        { s: "failed", step: "create", code: "600051", message: "phone", answered: true },
      ],
      { failed: { step: "create", code: "600051", message: "phone" } },
    ],
    [
      "a failure without an answer leaves the request to settle",
      [
        { s: "cart", cart: "k1" },
        { s: "checkout-sent", rid: "r4" },
        { s: "failed", step: "checkout", code: "NO_ANSWER", message: "timed out" },
      ],
      {
        cartId: "k1",
        checkoutSent: "r4",
        failed: { step: "checkout", code: "NO_ANSWER", message: "timed out" },
      },
    ],
  ])("%s", async (_name, steps, expected) => {
    expect(await replayed(steps)).toEqual(expected);
  });

  it("ignores a line torn by a crash, and keeps the lines appended after it", async () => {
    const path = join(await tempDir("ledger-"), "ledger.jsonl");
    await appendFile(path, '{"k":"C-1","s":"create-sent","rid":"r1"}\n{"k":"C-1","s":"crea');
    const resumed = await Ledger.open(path);
    expect(resumed.get("C-1")).toEqual({ createSent: "r1" });
    await resumed.append({ k: "C-1", s: "created", id: "c1" });
    await resumed.close();
    const again = await Ledger.open(path);
    expect(again.get("C-1")).toEqual({ customerId: "c1" });
    await again.close();
  });

  it("writes one JSON line per step", async () => {
    const path = join(await tempDir("ledger-"), "ledger.jsonl");
    const ledger = await Ledger.open(path);
    await Promise.all([ledger.append({ k: "a", s: "mca-done" }), ledger.append({ k: "b", s: "mca-done" })]);
    await ledger.close();
    expect(await readFile(path, "utf8")).toBe('{"k":"a","s":"mca-done"}\n{"k":"b","s":"mca-done"}\n');
  });
});
