import { join } from "node:path";
import { OutputFile } from "./file-writer.js";

export const PAYLOADS_FILE = "payloads.jsonl";

/** One request an import would send for a row, as `payloads.jsonl` holds it: never a header, so never a token. */
export interface PayloadLine {
  row: number;
  key?: string;
  /** The saga's step: domain, address, create, mca, cart, checkout. */
  step: string;
  method: string;
  /** Relative to the endpoint; `{customerId}` and `{cartId}` stand for ids Partner Center gives when it creates them. */
  path: string;
  body?: unknown;
}

const SECRET_KEY = /password|secret|token|authorization|credential/i;

/** A copy of a request body with the value of any key that names a secret masked (bodies hold none today). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "***" : withoutSecrets(v)] as const),
  );
}

/**
 * `payloads.jsonl` of a dry run: one line per request the import would send, in the order it would send a row's
 * requests. Written under a `.partial` name and renamed when the dry run completes.
 */
export class PayloadsFile {
  private readonly file: OutputFile;
  private count = 0;

  constructor(dir: string) {
    this.file = new OutputFile(join(dir, PAYLOADS_FILE));
  }

  get path(): string {
    return this.file.path;
  }

  /** Lines written so far. */
  get size(): number {
    return this.count;
  }

  add(line: PayloadLine): void {
    this.count++;
    const out: PayloadLine = { ...line };
    if (line.body !== undefined) out.body = withoutSecrets(line.body);
    this.file.write(`${JSON.stringify(out)}\n`);
  }

  get needsDrain(): boolean {
    return this.file.needsDrain;
  }

  drain(): Promise<void> {
    return this.file.drain();
  }

  commit(): Promise<void> {
    return this.file.commit();
  }

  async abandon(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }
}
