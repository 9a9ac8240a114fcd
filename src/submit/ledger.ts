import { open, type FileHandle } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { GroupCommitAppender } from "../util/group-commit.js";

/** One line of the ledger: a step of one row's onboarding, keyed by the row's key (external_id, else domain). */
export type LedgerEntry =
  | { k: string; s: "create-sent"; rid: string }
  /** `cred`: the credentials file the one-time password went to (so a later run that finishes the row can say where). */
  | { k: string; s: "created"; id: string; tenant?: string; user?: string; passwordLost?: boolean; cred?: string }
  | { k: string; s: "mca-sent"; rid: string }
  | { k: string; s: "mca-done" }
  | { k: string; s: "cart-sent"; rid: string }
  | { k: string; s: "cart"; cart: string }
  | { k: string; s: "checkout-sent"; rid: string }
  | { k: string; s: "ordered"; orders: string[] }
  | { k: string; s: "relationship"; url: string }
  /** An education customer's qualification as last seen: `InReview` until Microsoft approves it. */
  | { k: string; s: "qualification"; status: string }
  /**
   * A step failed. `answered`: Partner Center answered it (a 4xx, or 5xx/429 to every attempt), so the request did not
   * take effect and its `*-sent` id is no longer pending; without it the outcome is unknown and the next run settles it.
   */
  | { k: string; s: "failed"; step: string; code: string; message: string; answered?: true };

/** The saga's steps that send a request recorded as `*-sent` first. */
export type SentStep = "create-sent" | "mca-sent" | "cart-sent" | "checkout-sent";

/** What the ledger knows of one key: the steps done and what is pending (sent, no answer recorded). */
export interface KeyState {
  customerId?: string;
  tenantId?: string;
  userName?: string;
  passwordLost?: boolean;
  credentialsFile?: string;
  createSent?: string;
  mcaSent?: string;
  mcaDone?: boolean;
  cartSent?: string;
  cartId?: string;
  checkoutSent?: string;
  orderIds?: string[];
  relationshipUrl?: string;
  qualification?: string;
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
      if (e.cred !== undefined) state.credentialsFile = e.cred;
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
      // A new cart (the first, or one replacing an expired cart) has not been checked out.
      state.cartId = e.cart;
      delete state.cartSent;
      delete state.checkoutSent;
      break;
    case "checkout-sent":
      state.checkoutSent = e.rid;
      break;
    case "ordered":
      state.orderIds = e.orders;
      delete state.checkoutSent;
      delete state.failed;
      break;
    case "qualification":
      state.qualification = e.status;
      break;
    case "relationship":
      state.relationshipUrl = e.url;
      delete state.failed;
      break;
    case "failed": {
      state.failed = { step: e.step, code: e.code, message: e.message };
      if (e.answered === true) settlePending(state, e.step);
      break;
    }
  }
}

/** A step's request was answered: its `*-sent` id is no longer pending. */
function settlePending(state: KeyState, step: string): void {
  switch (step) {
    case "create":
      delete state.createSent;
      break;
    case "mca":
      delete state.mcaSent;
      break;
    case "cart":
      delete state.cartSent;
      break;
    case "checkout":
      delete state.checkoutSent;
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
  private readonly appender: GroupCommitAppender;
  private failure: Error | undefined;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {
    this.appender = new GroupCommitAppender(handle);
  }

  /** Opens (creating if needed) the ledger and replays it; a torn last line from a crash is ignored. */
  static async open(path: string): Promise<Ledger> {
    const ledger = new Ledger(await open(path, "a", 0o600), path);
    try {
      await ledger.replay();
      // A torn last line is closed off, or the next line appended would be glued to it and lost with it.
      if (!(await endsWithNewline(path))) await ledger.handle.write("\n");
    } catch (error: unknown) {
      await ledger.handle.close();
      throw error;
    }
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

  /**
   * Forgets a key's state in memory once its row is settled in this run (the file keeps it), so that memory stays
   * flat however many rows an import has. Each key comes once per file: the validation rejects duplicates.
   */
  release(key: string): void {
    this.states.delete(key);
  }

  /**
   * Records a step; resolves once the line is on disk. A `*-sent` line must be on disk before its request leaves
   * (write-ahead): use this for them.
   */
  append(entry: LedgerEntry): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    this.applyEntry(entry);
    return this.appender.append(`${JSON.stringify(entry)}\n`);
  }

  /**
   * Records an outcome without waiting for the disk. Safe for every line that is not a `*-sent`: the file keeps its
   * order, so the next `append` (or `close`) puts it on disk first; and if the run dies before, the step's `*-sent`
   * is still pending and the next run settles it again from Partner Center. A write failure surfaces at the next
   * `append` or at `close`.
   */
  note(entry: LedgerEntry): void {
    this.append(entry).catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    });
  }

  async close(): Promise<void> {
    await this.appender.close();
    if (this.failure !== undefined) throw this.failure;
  }
}

async function endsWithNewline(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * The `onAttempt` hook of a step's request: its MS-RequestId goes to the ledger (on disk) before the request leaves.
 * `replayed` is the id already recorded by an earlier run, not written again.
 */
export function attemptRecorder(ledger: Ledger, key: string, step: SentStep, replayed?: string) {
  let last = replayed;
  return async (rid: string): Promise<void> => {
    if (rid === last) return;
    last = rid;
    await ledger.append({ k: key, s: step, rid });
  };
}
