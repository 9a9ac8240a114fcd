import { OutputFile } from "../outputs/file-writer.js";
import { csvLine, spreadsheetSafe, UTF8_BOM } from "../outputs/csv-format.js";

/**
 * `credentials.csv`: the new customers' admin user names and one-time passwords, created with mode 0600. It is the
 * only place a password is written: never a log, never the ledger, never results.
 */
export class CredentialsFile {
  private readonly file: OutputFile;
  private count = 0;

  constructor(path: string) {
    this.file = new OutputFile(path, 0o600);
    this.file.write(UTF8_BOM + csvLine(["row", "key", "customer_id", "domain", "user_name", "password"], ","));
  }

  add(row: number, key: string, customerId: string, domain: string, userName: string, password: string): void {
    this.file.write(csvLine([String(row), key, customerId, domain, userName, password].map(spreadsheetSafe), ","));
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Renamed into place at the end of the run, even one that stopped: a password is shown once and must be kept. */
  async commit(): Promise<void> {
    await this.file.commit();
  }
}
