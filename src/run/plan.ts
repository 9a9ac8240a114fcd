import type { Logger } from "pino";
import { mapColumns } from "../mapping/mapping.js";
import { rowChecker } from "./check-row.js";
import { prepareRun } from "./context.js";
import { openSource } from "./open-source.js";
import type { RowSelection } from "./row-selection.js";
import type { ValidateSettings } from "./settings.js";

export interface ImportPlan {
  rows: number;
  /** Customers the run would create (accepted rows not yet done in the ledger, within --rows and --limit). */
  customers: number;
  /** Billable subscriptions: offers x quantity over those customers. */
  subscriptions: number;
  relationships: number;
  rejected: number;
  alreadyDone: number;
}

/**
 * A read-only pass over the file before anything is created, for the confirmation an operator answers: how many
 * customers and billable subscriptions this run would create. Streams like every other pass; writes nothing.
 */
export async function planImport(
  path: string,
  settings: ValidateSettings,
  selection: RowSelection,
  isDone: (key: string) => boolean,
  now: Date,
  logger: Logger,
): Promise<ImportPlan> {
  const run = await prepareRun(settings, now, logger);
  const source = await openSource(path, {
    encoding: settings.encoding,
    delimiter: settings.delimiter,
    sheet: settings.sheet,
    headerRow: settings.headerRow,
    headerScore: run.headerScore,
  });
  const plan: ImportPlan = { rows: 0, customers: 0, subscriptions: 0, relationships: 0, rejected: 0, alreadyDone: 0 };
  try {
    const checker = rowChecker(
      mapColumns(source.headers, run.lookup, source.file),
      run.rules,
      run.ctx,
      settings.defaults,
    );
    let accepted = 0;
    for await (const record of source.records) {
      plan.rows++;
      const row = checker.check(record, plan.rows);
      if (plan.rows < selection.from || plan.rows > selection.to) continue;
      if (row.outcome === "rejected") plan.rejected++;
      else if (row.outcome === "relationship") plan.relationships++;
      else if (accepted < selection.limit) {
        accepted++;
        if (row.key !== undefined && isDone(row.key)) plan.alreadyDone++;
        else {
          plan.customers++;
          for (const offer of row.record.offers ?? []) plan.subscriptions += offer.quantity;
        }
      }
    }
  } finally {
    await source.close().catch(() => undefined);
  }
  return plan;
}
