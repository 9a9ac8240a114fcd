import { open, type FileHandle } from "node:fs/promises";
import { csvLine, spreadsheetSafe, UTF8_BOM } from "../outputs/csv-format.js";
import { GroupCommitAppender } from "../util/group-commit.js";

const HEADER = ["row", "key", "customer_id", "domain", "user_name", "password"];

/**
 * `credentials.csv`: the new customers' admin user names and one-time passwords, mode 0600. It is the only place a
 * password is written: never a log, never the ledger, never results. Lines are appended to the file itself (never a
 * temporary name, never truncated) and on disk before `add` resolves, that is before the ledger records the customer
 * as created: a run killed at any point, or a re-run into the same output folder, loses no password. Lines queued
 * while a write is under way share the next write and flush.
 */
export class CredentialsFile {
  private count = 0;
  private readonly appender: GroupCommitAppender;

  private constructor(
    handle: FileHandle,
    readonly path: string,
  ) {
    this.appender = new GroupCommitAppender(handle);
  }

  static async open(path: string): Promise<CredentialsFile> {
    const handle = await open(path, "a", 0o600);
    try {
      await handle.chmod(0o600);
      if ((await handle.stat()).size === 0) await handle.write(UTF8_BOM + csvLine(HEADER, ","));
    } catch (error: unknown) {
      await handle.close();
      throw error;
    }
    return new CredentialsFile(handle, path);
  }

  add(row: number, key: string, customerId: string, domain: string, userName: string, password: string) {
    this.count++;
    const line = csvLine([String(row), key, customerId, domain, userName, password].map(spreadsheetSafe), ",");
    return this.appender.append(line);
  }

  /** Passwords written by this run. */
  get size(): number {
    return this.count;
  }

  async close(): Promise<void> {
    await this.appender.close();
  }
}
