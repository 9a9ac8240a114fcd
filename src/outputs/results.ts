import { join } from "node:path";
import type { SourcePosition } from "../model/source.js";
import type { ImportOutcome, SagaResult } from "../submit/saga.js";
import { UTF8_BOM, csvLine, spreadsheetSafe, POSITION_COLUMNS, positionCells } from "./csv-format.js";
import { OutputFile } from "./file-writer.js";

/**
 * A row's outcome in `results.csv`: an import's, or a dry run's `ready` (the import would send it) and `would-fail`
 * (a read-only check found what Partner Center would refuse).
 */
export type RowOutcome = ImportOutcome | "ready" | "would-fail";

export interface ResultRow extends Omit<SagaResult, "outcome"> {
  outcome: RowOutcome;
  row: number;
  source: SourcePosition;
  key?: string;
  values: readonly string[];
}

const COLUMNS = [
  ...POSITION_COLUMNS,
  "key",
  "outcome",
  "step",
  "customer_id",
  "tenant_id",
  "cart_id",
  "order_ids",
  "code",
  "message",
  "notes",
] as const;

/** `results.csv` and `results.jsonl`: one line per input row with its outcome and ids, to load back into the CRM. */
export class ResultsFiles {
  private readonly csv: OutputFile;
  private readonly jsonl: OutputFile;

  constructor(dir: string, headers: readonly string[]) {
    this.csv = new OutputFile(join(dir, "results.csv"));
    this.jsonl = new OutputFile(join(dir, "results.jsonl"));
    this.csv.write(UTF8_BOM + csvLine([...COLUMNS, ...headers].map(spreadsheetSafe), ","));
  }

  add(r: ResultRow): void {
    const cells = [
      ...positionCells(r.row, r.source),
      r.key ?? "",
      r.outcome,
      r.step ?? "",
      r.customerId ?? "",
      r.tenantId ?? "",
      r.cartId ?? "",
      (r.orderIds ?? []).join(" "),
      r.code ?? "",
      r.message ?? "",
      [...r.notes, ...(r.relationshipUrl !== undefined ? [`relationship request: ${r.relationshipUrl}`] : [])].join(
        " | ",
      ),
      ...r.values,
    ];
    this.csv.write(csvLine(cells.map(spreadsheetSafe), ","));
    const { values, ...rest } = r;
    this.jsonl.write(`${JSON.stringify({ ...rest, values })}\n`);
  }

  get needsDrain(): boolean {
    return this.csv.needsDrain || this.jsonl.needsDrain;
  }

  async drain(): Promise<void> {
    await this.csv.drain();
    await this.jsonl.drain();
  }

  async commit(): Promise<void> {
    await this.csv.commit();
    await this.jsonl.commit();
  }

  async abandon(): Promise<void> {
    await this.csv.close().catch(() => undefined);
    await this.jsonl.close().catch(() => undefined);
  }
}
