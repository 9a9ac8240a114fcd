import { open, type FileHandle } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/** One line of the ledger: a step of one row's onboarding, keyed by the row's key (external_id, else domain). */
export type LedgerEntry =
  | { k: string; s: "create-sent"; rid: string }
  | { k: string; s: "created"; id: string; tenant?: string; user?: string; passwordLost?: boolean }
  | { k: string; s: "mca-sent"; rid: string }
  | { k: string; s: "mca-done" }
  | { k: string; s: "cart-sent"; rid: string }
  | { k: string; s: "cart"; cart: string }
  | { k: string; s: "checkout-sent"; rid: string }
  | { k: string; s: "ordered"; orders: string[] }
  | { k: string; s: "relationship"; url: string }
  | { k: string; s: "failed"; step: string; code: string; message: string };

/** What the ledger knows of one key: the steps done and what is pending (sent, no answer recorded). */
export interface KeyState {
  customerId?: string;
  tenantId?: string;
  userName?: string;
  passwordLost?: boolean;
  createSent?: string;
  mcaSent?: string;
  mcaDone?: boolean;
  cartSent?: string;
  cartId?: string;
  checkoutSent?: string;
  orderIds?: string[];
  relationshipUrl?: string;
  failed?: { step: string; code: string; message: string };
}

function apply(state: KeyState, e: LedgerEntry): void {
  switch (e.s) {
    case "create-sent":
      state.createSent = e.rid;
      break;
    case "created":
      state.customerId = e.id;
      if (e.tenant !== undefined) state.tenantId = e.tenant;
      if (e.user !== undefined) state.userName = e.user;
      if (e.passwordLost === true) state.passwordLost = true;
      delete state.createSent;
      delete state.failed;
      break;
    case "mca-sent":
      state.mcaSent = e.rid;
      break;
    case "mca-done":
      state.mcaDone = true;
      delete state.mcaSent;
      delete state.failed;
      break;
    case "cart-sent":
      state.cartSent = e.rid;
      break;
    case "cart":
      state.cartId = e.cart;
      delete state.cartSent;
      break;
    case "checkout-sent":
      state.checkoutSent = e.rid;
      break;
    case "ordered":
      state.orderIds = e.orders;
      delete state.checkoutSent;
      delete state.failed;
      break;
    case "relationship":
      state.relationshipUrl = e.url;
      delete state.failed;
      break;
    case "failed":
      state.failed = { step: e.step, code: e.code, message: e.message };
      break;
  }
}

/**
 * The append-only record of what was sent and what came back, one JSON line per step, so that a run stopped at any
 * point (crash, kill -9, lost network) can be run again without creating anything twice. Appends are written and
 * fsynced in groups: every caller waits for its line to be on disk, but one flush serves all lines queued meanwhile.
 */
export class Ledger {
  private readonly states = new Map<string, KeyState>();
  private queue: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  /** Opens (creating if needed) the ledger and replays it; a torn last line from a crash is ignored. */
  static async open(path: string): Promise<Ledger> {
    const ledger = new Ledger(await open(path, "a", 0o600), path);
    await ledger.replay();
    return ledger;
  }

  private async replay(): Promise<void> {
    const lines = createInterface({ input: createReadStream(this.path, { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === "") continue;
      let entry: LedgerEntry;
      try {
        entry = JSON.parse(line) as LedgerEntry;
      } catch {
        continue;
      }
      this.applyEntry(entry);
    }
  }

  private applyEntry(entry: LedgerEntry): void {
    let state = this.states.get(entry.k);
    if (state === undefined) {
      state = {};
      this.states.set(entry.k, state);
    }
    apply(state, entry);
  }

  get(key: string): Readonly<KeyState> | undefined {
    return this.states.get(key);
  }

  keys(): IterableIterator<string> {
    return this.states.keys();
  }

  /** Records a step; resolves once the line is on disk. */
  append(entry: LedgerEntry): Promise<void> {
    this.applyEntry(entry);
    return new Promise((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.handle.write(batch.map((b) => b.line).join(""));
          await this.handle.datasync();
          for (const b of batch) b.resolve();
        } catch (error: unknown) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  async close(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    await this.handle.close();
  }
}
