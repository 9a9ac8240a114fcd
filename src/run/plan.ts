import type { KeyFilter } from "./row-selection.js";
import type { Logger } from "pino";
import { mapColumns } from "../mapping/mapping.js";
import type { Reseller } from "../rules/types.js";
import { APPROVED } from "../submit/education.js";
import type { KeyState } from "../submit/ledger.js";
import { mcaAcceptance } from "../submit/payloads.js";
import { rowChecker } from "./check-row.js";
import { prepareRun } from "./context.js";
import { openSource } from "./open-source.js";
import { RowSelector, type RowSelection } from "./row-selection.js";
import type { ValidateSettings } from "./settings.js";

export interface ImportPlan {
  rows: number;
  /** Customers the run would create (accepted rows not yet created in the ledger, within --rows and --limit). */
  customers: number;
  /** Billable subscriptions the run would order: offers x quantity over the rows it would order for. */
  subscriptions: number;
  relationships: number;
  rejected: number;
  /** Selected rows whose customer an earlier run created (the run may still confirm an MCA or order for them). */
  alreadyDone: number;
  /** Rows left out by --rows, --limit or --only-failed. */
  notSelected: number;
}

export interface PlanOptions {
  selection: RowSelection;
  /** What the ledger knows of a row's key. */
  stateOf: (key: string) => Readonly<KeyState> | undefined;
  /** `--only-failed`: whether a key failed (or was left unfinished) before. */
  failedBefore?: KeyFilter | undefined;
  /** Whether the run orders (both attestations confirmed). */
  ordersEnabled: boolean;
  /** The resellers the run checks rows against (from Partner Center), when not from a --resellers file. */
  resellers?: ReadonlyMap<string, Reseller> | undefined;
}

/**
 * A read-only pass over the file before anything is created, for the confirmation an operator answers: how many
 * customers and billable subscriptions this run would create. Streams like every other pass; writes nothing.
 */
export async function planImport(
  path: string,
  settings: ValidateSettings,
  options: PlanOptions,
  now: Date,
  logger: Logger,
): Promise<ImportPlan> {
  const run = await prepareRun(settings, now, logger);
  if (options.resellers !== undefined) run.ctx.resellers = options.resellers;
  const source = await openSource(path, {
    encoding: settings.encoding,
    delimiter: settings.delimiter,
    sheet: settings.sheet,
    headerRow: settings.headerRow,
    headerScore: run.headerScore,
  });
  const plan: ImportPlan = {
    rows: 0,
    customers: 0,
    subscriptions: 0,
    relationships: 0,
    rejected: 0,
    alreadyDone: 0,
    notSelected: 0,
  };
  const selector = new RowSelector(options.selection, options.failedBefore);
  try {
    const checker = rowChecker(
      mapColumns(source.headers, run.lookup, source.file, { sheet: source.sheet, headerRow: source.headerRow }),
      run.rules,
      run.ctx,
      settings.defaults,
    );
    for await (const record of source.records) {
      plan.rows++;
      const row = checker.check(record, plan.rows);
      const key = row.key ?? `row-${plan.rows}`;
      if (selector.take(plan.rows, row.outcome, key) !== undefined) plan.notSelected++;
      else if (row.outcome === "rejected") plan.rejected++;
      else if (row.outcome === "relationship") plan.relationships++;
      else {
        const state = options.stateOf(key);
        if (state?.customerId !== undefined) plan.alreadyDone++;
        else plan.customers++;
        // Education customers' orders wait for Microsoft's approval of their qualification: a later run places them.
        const orders =
          options.ordersEnabled &&
          state?.orderIds === undefined &&
          (row.record.education !== true || state?.qualification === APPROVED) &&
          (state?.mcaDone === true || !("missing" in mcaAcceptance(row.record)));
        if (orders) for (const offer of row.record.offers ?? []) plan.subscriptions += offer.quantity;
      }
    }
  } finally {
    await source.close().catch(() => undefined);
  }
  return plan;
}
