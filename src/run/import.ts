import type { KeyFilter } from "./row-selection.js";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createHash } from "node:crypto";
import pLimit from "p-limit";
import type { Logger } from "pino";
import { isSignInError, resolveTokenProvider, type RunNeeds, type TokenProvider } from "../auth/index.js";
import { RunError } from "../errors/run-error.js";
import { EXIT_CODES } from "../errors/exit-codes.js";
import { startEmulator, DEFAULT_TOKEN, type RunningEmulator } from "../emulator/index.js";
import type { CheckedRow } from "../outputs/validation-reports.js";
import { PayloadsFile } from "../outputs/payloads.js";
import { ResultsFiles, type ResultRow } from "../outputs/results.js";
import { applySuggestion, validateAddress } from "../submit/address.js";
import { CredentialsFile } from "../submit/credentials.js";
import { PartnerCenterClient, type ClientStats } from "../submit/client.js";
import { AuthenticationError, StopRequested } from "../submit/errors.js";
import { Ledger, type KeyState } from "../submit/ledger.js";
import { acquireLock } from "../submit/lock.js";
import {
  IMPORT_OUTCOMES,
  onboardCustomer,
  describeFailure,
  type ImportOutcome,
  type SagaDeps,
  type SagaResult,
} from "../submit/saga.js";
import { RULES } from "../rules/catalogue.js";
import { REGISTRATION_COUNTRIES } from "../rules/registration-id/index.js";
import type { Reseller } from "../rules/types.js";
import { openCheckedInput } from "./checked-rows.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { prepareRun } from "./context.js";
import { dryRunCustomer, dryRunRelationship, DryRunReport, type DryRunDeps, type DryRunResult } from "./dry-run.js";
import { parseCountryRules, type CountryRules } from "./dry-run-rules.js";
import { importSettingsSchema, type ImportSettings, type ImportSettingsInput } from "./import-settings.js";
import { silentLogger } from "./logger.js";
import { appendHistory, earlierRunsOf, writeManifest } from "./manifest.js";
import { sha256File } from "../util/sha256-file.js";
import { rejectedLimit } from "./max-rejected.js";
import { planImport, type ImportPlan } from "./plan.js";
import { Progress } from "./progress.js";
import { RowSelector, rowSelection, type NotSelected, type RowSelection } from "./row-selection.js";
import { parseSettings } from "./settings.js";
import { tenantOfToken } from "./token.js";
import { countRow } from "./counts.js";
import { asRunError } from "./open-source.js";
import { describeInput, emptySummary, manifestOf, noteSkipped, type ValidateSummary } from "./validate.js";

const REGISTRATION_COUNTRY_SET: ReadonlySet<string> = new Set(REGISTRATION_COUNTRIES);

export interface ImportOptions extends ImportSettingsInput {
  logger?: Logger;
  now?: Date;
  progressStream?: NodeJS.WriteStream;
  /** Environment for PARTNER_CENTER_TOKEN and PARTNER_CENTER_CLIENT_SECRET (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Asked once before anything is created, with what the run would create (customers, billable subscriptions);
   * answering false ends the run with nothing sent (INTERRUPTED). Not asked when the run would create nothing, nor in a
   * dry run. The CLI asks on a terminal; library callers are asked only when they give this.
   */
  confirm?: (plan: ImportPlan) => Promise<boolean>;
  /**
   * Aborting it stops the run cleanly: no new rows are taken, rows in flight finish their current step, the ledger is
   * flushed, and the run ends with INTERRUPTED (exit 5): the same command continues it.
   */
  signal?: AbortSignal;
  /** The identity platform's OpenID metadata, so msal fetches no discovery document (tests, locked-down hosts). */
  authorityMetadata?: string;
}

/** An earlier complete import of the same input bytes, from the state folder's history. */
export interface EarlierRun {
  runId: string;
  endedAt: string;
  outDir: string;
}

export interface DryRunSummary {
  /** Rows the import would send as they are. */
  ready: number;
  /** Rows a read-only check found Partner Center would refuse. */
  wouldFail: number;
  /** Requests listed in payloads.jsonl. */
  payloads: number;
  payloadsFile: string;
  reportFile: string;
}

export interface ImportSummary extends ValidateSummary {
  endpoint: string;
  stateDir: string;
  ledger: string;
  /** How the run got its token: a signed-in user, app credentials, or a token given as is. */
  auth: TokenProvider["kind"];
  outcomes: Record<ImportOutcome, number>;
  /** Whether this run orders offers: both partner attestations confirmed. */
  ordersEnabled: boolean;
  /** Rows whose offers this run ordered (checkouts settled included). */
  ordered: number;
  requests: ClientStats;
  credentials: number;
  /** Rows this run finished whose customer an earlier (stopped) run created: their passwords are in its credentials. */
  passwordsEarlier: number;
  /** Set for `--dry-run`: nothing was created; what the import would do is in results, payloads.jsonl, dry-run.json. */
  dryRun?: DryRunSummary;
  /** `--rows`, `--limit`, `--only-failed` as this run applied them. */
  selection: { rows?: string; limit?: number; onlyFailed: boolean; onlyPending?: true };
  inputSha256?: string;
  earlierRun?: EarlierRun;
  /** The previous run on this state folder did not finish (killed, crashed): when it started. */
  unfinishedRunStarted?: string;
}

/** Failures after every retry of a throttled, failing or unanswered request: not a verdict of Partner Center. */

/** The rule that warns about orders needing the attestations: moot once the run confirms them. */
const ATTESTATION_RULE = "ORDER_NEEDS_ATTESTATION";

/**
 * Validates the file as `validate` does and creates the accepted customers in Partner Center (or the built-in
 * emulator): domain check, customer, Microsoft Customer Agreement, then the offers through a cart when the partner's
 * attestations are confirmed; relationship rows get the relationship-request URL. With `dryRun` it only checks, with
 * read-only requests, and writes the requests it would send to payloads.jsonl.
 * Rows are read only as fast as `concurrency` rows can be in flight; every step goes through the ledger in the state
 * folder, so the same command run again finishes the job without creating anything twice. Every run that gets as far
 * as its output folder leaves `manifest.json` there and a line in the state folder's history.
 */
export async function importFile(path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const {
    logger = silentLogger(),
    now = new Date(),
    progressStream = process.stderr,
    env = process.env,
    confirm,
    signal,
    authorityMetadata,
    ...input
  } = options;
  const settings = parseSettings(importSettingsSchema, input, "settings");
  if ((settings.endpoint === undefined) === !settings.emulator) {
    throw new RunError("USAGE", "give exactly one of --endpoint URL or --emulator");
  }
  const selection = rowSelection(settings.rows, settings.limit);
  const stateDir = resolve(settings.state);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });

  // Before anything starts: a run that needs a signed-in user and has none stops here, saying why.
  const indirect = settings.partnerType === "indirect-provider";
  // Education qualifications need a user too, but which rows are education customers is known only once read: the
  // MCA confirmation every import makes already requires the user.
  const needs: RunNeeds = settings.dryRun
    ? { listsResellers: indirect, checksResellerMpa: indirect }
    : { confirmsMca: true, indirectResellerCustomers: indirect, listsResellers: indirect, checksResellerMpa: indirect };
  const provider = await resolveTokenProvider({
    // The built-in emulator plays no identity platform: a signed-in user's token would mean nothing to it.
    settings: settings.emulator ? { ...settings, clientId: undefined } : settings,
    stateDir,
    needs,
    tokenFile: settings.tokenFile,
    env,
    fallbackToken: settings.emulator ? DEFAULT_TOKEN : undefined,
    logger,
    authorityMetadata,
  });

  let emulator: RunningEmulator | undefined;
  if (settings.emulator) {
    emulator = await startEmulator({
      port: 0,
      stateFile: join(stateDir, "emulator-state.json"),
      ...(settings.emulatorSeed !== undefined ? { seed: settings.emulatorSeed } : {}),
    });
    logger.info({ url: emulator.url }, "built-in Partner Center emulator started");
  }
  const endpoint = emulator?.url ?? settings.endpoint ?? "";
  const namespace = ledgerNamespace(settings, endpoint, await provider.getToken());
  let release: (() => Promise<void>) | undefined;
  let ledger: Ledger | undefined;
  let unfinishedRun: string | undefined;
  try {
    release = await acquireLock(join(stateDir, `${namespace}.lock`), (stale) => {
      unfinishedRun = stale.since;
      logger.warn(
        { pid: stale.pid, since: stale.since },
        "the previous run on this state folder did not finish (killed or crashed): this run continues its work from the ledger",
      );
    });
    ledger = await Ledger.open(join(stateDir, `ledger-${namespace}.jsonl`));
    return await runImport(path, settings, {
      logger,
      now,
      progressStream,
      provider,
      endpoint,
      stateDir,
      ledger,
      started,
      selection,
      confirm,
      signal,
      unfinishedRun,
    });
  } finally {
    await ledger?.close();
    await release?.();
    await emulator?.close();
  }
}

/** Ledgers are kept apart per endpoint and partner: an emulator run never marks a real customer as done. */
function ledgerNamespace(settings: ImportSettings, endpoint: string, token: string): string {
  if (settings.emulator) return "emulator";
  const url = new URL(endpoint);
  const partner = tenantOfToken(token) ?? "partner";
  const id = createHash("sha256").update(`${url.origin}|${partner}`).digest("hex").slice(0, 12);
  return `${url.hostname.replace(/[^a-z0-9.-]/gi, "_")}-${id}`;
}

interface RunDeps {
  logger: Logger;
  now: Date;
  progressStream: NodeJS.WriteStream;
  provider: TokenProvider;
  endpoint: string;
  stateDir: string;
  ledger: Ledger;
  started: number;
  selection: RowSelection;
  confirm: ImportOptions["confirm"];
  signal: AbortSignal | undefined;
  /** When the previous run on the state folder started, if it did not finish (its lock was stale). */
  unfinishedRun: string | undefined;
}

/** An education customer whose orders wait for Microsoft's approval of its qualification. */
function pendingApproval(state: Readonly<KeyState> | undefined): boolean {
  return state?.qualification !== undefined && state.qualification !== "Approved" && state.orderIds === undefined;
}

/** A row's key failed in the ledger, or was left with a request sent and no answer recorded. */
function failedBefore(state: Readonly<KeyState> | undefined): boolean {
  if (state === undefined) return false;
  return (
    state.failed !== undefined ||
    state.createSent !== undefined ||
    state.mcaSent !== undefined ||
    state.cartSent !== undefined ||
    state.checkoutSent !== undefined
  );
}

async function runImport(path: string, settings: ImportSettings, d: RunDeps): Promise<ImportSummary> {
  const { logger, ledger } = d;
  const dryRun = settings.dryRun;
  const limit = pLimit(settings.concurrency);
  // Rows finished since the last 429: parallelism comes back one step per round of rows without one.
  let calm = 0;
  let lowered = Number.NEGATIVE_INFINITY;
  const client = new PartnerCenterClient({
    baseUrl: d.endpoint,
    token: () => d.provider.getToken(),
    // A token given as is cannot be refreshed: its 401 stops the run with Partner Center's own answer.
    ...(d.provider.kind === "static" ? {} : { refreshToken: (refused: string) => d.provider.refresh(refused) }),
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
    ratePerMinute: settings.rate,
    backoffMs: settings.backoffMs,
    logger,
    onThrottled: () => {
      // Partner Center's guidance: on 429, lower parallelism too.
      calm = 0;
      // The requests in flight when the limit is hit all get their 429: one burst lowers parallelism once.
      const now = performance.now();
      if (limit.concurrency > 1 && now - lowered >= 1000) {
        lowered = now;
        limit.concurrency = Math.max(1, Math.floor(limit.concurrency / 2));
      }
    },
  });
  const ordersBlocked = attestationGap(settings);
  const validation =
    ordersBlocked === undefined &&
    settings.rules[ATTESTATION_RULE] === undefined &&
    RULES.some((r) => r.code === ATTESTATION_RULE)
      ? { ...settings, rules: { ...settings.rules, [ATTESTATION_RULE]: "off" as const } }
      : settings;
  const run = await prepareRun(validation, d.now, logger);
  if (settings.partnerType === "indirect-provider") {
    try {
      run.ctx.resellers = await fetchResellers(client);
    } catch (error: unknown) {
      throw toRunFailure(error);
    }
  }
  const onlyFailed: KeyFilter | undefined = settings.onlyFailed
    ? {
        takes: (key) => failedBefore(ledger.get(key)),
        code: "NOT_FAILED",
        message: "did not fail in an earlier run (--only-failed): nothing sent",
      }
    : settings.onlyPending
      ? {
          takes: (key) => pendingApproval(ledger.get(key)),
          code: "NOT_PENDING",
          message: "not waiting for an education approval (status): nothing sent",
        }
      : undefined;
  // Hashed beside the run (a second sequential read of the file), for the manifest and the history.
  const hashing = sha256File(path).catch(() => "");

  if (d.confirm !== undefined && !dryRun) {
    const plan = await planImport(
      path,
      validation,
      {
        selection: d.selection,
        stateOf: (key) => ledger.get(key),
        failedBefore: onlyFailed,
        ordersEnabled: ordersBlocked === undefined,
        resellers: run.ctx.resellers,
      },
      d.now,
      logger,
    ).catch((error: unknown) => {
      throw asRunError(error);
    });
    if ((plan.customers > 0 || plan.subscriptions > 0) && !(await d.confirm(plan))) {
      throw new RunError("NOT_CONFIRMED", "the import was not confirmed: nothing was sent");
    }
  }

  const opened = await openCheckedInput(path, validation, run, d.now, logger).catch((error: unknown) => {
    throw asRunError(error);
  });
  const summary: ImportSummary = {
    ...emptySummary(path),
    endpoint: d.endpoint,
    stateDir: d.stateDir,
    ledger: ledger.path,
    auth: d.provider.kind,
    outcomes: Object.fromEntries(IMPORT_OUTCOMES.map((o) => [o, 0])) as Record<ImportOutcome, number>,
    ordersEnabled: ordersBlocked === undefined,
    ordered: 0,
    requests: client.stats(),
    credentials: 0,
    passwordsEarlier: 0,
    selection: {
      ...(settings.rows !== undefined ? { rows: settings.rows } : {}),
      ...(settings.limit !== undefined ? { limit: settings.limit } : {}),
      onlyFailed: settings.onlyFailed,
      ...(settings.onlyPending ? { onlyPending: true as const } : {}),
    },
  };
  describeInput(summary, opened);
  if (d.unfinishedRun !== undefined) summary.unfinishedRunStarted = d.unfinishedRun;
  const sha = await hashing;
  if (sha !== "") {
    summary.inputSha256 = sha;
    // Only a run of the whole file that left nothing failed counts: a dry run, a pilot, a retry of failed rows or a
    // run with failures did not import all of it. The first such run, the one that did the work (not a later no-op).
    const earlier = (await earlierRunsOf(d.stateDir, sha).catch(() => [])).findLast(
      (r) =>
        r.command === "import" &&
        r.complete &&
        r.dryRun !== true &&
        r.selection === undefined &&
        (r.counts.failed ?? 0) === 0,
    );
    if (earlier !== undefined) {
      summary.earlierRun = { runId: earlier.runId, endedAt: earlier.endedAt, outDir: earlier.outDir };
      logger.warn(
        { runId: earlier.runId, endedAt: earlier.endedAt, sha256: sha },
        "this file (same SHA-256) was imported completely before: its finished rows are only reported, nothing is sent for them again",
      );
    }
  }

  let credentials: CredentialsFile | undefined;
  if (!dryRun) {
    try {
      credentials = await CredentialsFile.open(join(opened.outDir, "credentials.csv"));
    } catch (error: unknown) {
      await opened.source.close().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new RunError("OUTPUT_UNWRITABLE", `cannot write credentials.csv: ${reason}`, { file: opened.outDir });
    }
  }
  const results = new ResultsFiles(opened.outDir, opened.source.headers);
  const payloads = dryRun ? new PayloadsFile(opened.outDir) : undefined;
  const report = dryRun
    ? new DryRunReport({ file: path, endpoint: d.endpoint, ordersBlocked }, settings.addressSuggestions)
    : undefined;
  const dryCounts = { ready: 0, wouldFail: 0 };
  const breaker = new CircuitBreaker(settings.maxConsecutiveFailures);
  const selector = new RowSelector(d.selection, onlyFailed);
  const inFlight = new Set<Promise<void>>();
  let stop: unknown;
  const interrupted = (): void => {
    stop ??= new RunError(
      "INTERRUPTED",
      "stopped by Ctrl-C (or a signal): no new rows were taken, the rows in flight finished their current step, and the ledger is saved; run the same command again to continue",
    );
    logger.warn("stopping: no new rows; the rows in flight finish their current step (Ctrl-C again aborts at once)");
  };
  if (d.signal?.aborted === true) interrupted();
  d.signal?.addEventListener("abort", interrupted, { once: true });
  const stopRequested = (): boolean => stop !== undefined;

  const cache = new Map<string, Promise<string>>();
  const once = (name: string, load: () => Promise<string>): Promise<string> => {
    let p = cache.get(name);
    if (p === undefined) {
      p = load();
      p.catch(() => cache.delete(name));
      cache.set(name, p);
    }
    return p;
  };
  const availabilities = new Map<string, Promise<string | undefined>>();
  const catalogItem = (productId: string, skuId: string, country: string): Promise<string | undefined> => {
    const k = `${productId}:${skuId}:${country}`.toUpperCase();
    let p = availabilities.get(k);
    if (p === undefined) {
      p = lookUpCatalogItem(client, productId, skuId, country);
      p.catch(() => availabilities.delete(k));
      availabilities.set(k, p);
    }
    return p;
  };
  const countryRulesCache = new Map<string, Promise<CountryRules | undefined>>();
  const countryRules = (country: string): Promise<CountryRules | undefined> => {
    let p = countryRulesCache.get(country);
    if (p === undefined) {
      p = client
        .request<unknown>("GET", `/v1/countryvalidationrules/${encodeURIComponent(country)}`, { accept: [404] })
        .then((answer) => (answer.status === 404 ? undefined : parseCountryRules(answer.body)));
      p.then(
        (rules) => report?.country(country, rules),
        () => countryRulesCache.delete(country),
      );
      countryRulesCache.set(country, p);
    }
    return p;
  };
  const reseller = (id: string): Reseller | undefined =>
    run.ctx.resellers?.get(id.toLowerCase()) ?? run.ctx.resellers?.get(id);
  const mcaTemplateId = (): Promise<string> =>
    once("mca", async () => {
      const a = await client.request<{ items?: { templateId?: string }[] }>(
        "GET",
        "/v1/agreements?agreementType=MicrosoftCustomerAgreement",
      );
      const id = a.body.items?.[0]?.templateId;
      if (id === undefined) throw new Error("Partner Center returned no Microsoft Customer Agreement template");
      return id;
    });
  const relationshipUrl = (): Promise<string> =>
    once("relationship", async () => {
      const r = await client.request<{ url?: string }>("GET", "/v1/customers/relationshiprequests");
      return r.body.url ?? "";
    });
  const resellerPartnerId = (id: string): string | undefined =>
    reseller(id)?.partnerId ?? (/^\d+$/.test(id) ? id : undefined);
  const resellerTenant = (id: string): string | undefined => reseller(id)?.tenantId;
  const deps = (row: number, key: string): SagaDeps => ({
    client,
    ledger,
    logger,
    registrationCountries: REGISTRATION_COUNTRY_SET,
    ordersBlocked,
    catalogItem,
    resellerPartnerId,
    mcaTemplateId,
    relationshipUrl,
    resellerTenant,
    saveCredentials: (customerId, userName, password) =>
      credentials?.add(row, key, customerId, userName.split("@")[1] ?? "", userName, password),
    ...(credentials !== undefined ? { credentialsFile: credentials.path } : {}),
    stopRequested,
    ...(settings.addressSuggestions === "accept"
      ? {
          acceptAddress: async (record) => {
            const applied = applySuggestion(record, await validateAddress(client, record), "accept");
            return { record: applied.record, ...(applied.note !== undefined ? { note: applied.note } : {}) };
          },
        }
      : {}),
  });
  const dryDeps: DryRunDeps | undefined =
    report === undefined
      ? undefined
      : {
          client,
          state: (key) => ledger.get(key),
          registrationCountries: REGISTRATION_COUNTRY_SET,
          ordersBlocked,
          addressSuggestions: settings.addressSuggestions,
          catalogItem,
          reseller,
          resellerTenant,
          resellerPartnerId,
          mcaTemplateId,
          relationshipUrl,
          countryRules,
          stopRequested,
          report,
        };

  const write = (checked: CheckedRow, line: Omit<ResultRow, "row" | "source" | "values">): void => {
    ledger.release(checked.key ?? `row-${checked.row}`);
    const full: ResultRow = { ...line, row: checked.row, source: checked.source, values: checked.values };
    if (checked.key !== undefined) full.key = checked.key;
    results.add(full);
  };
  const trip = (outcome: string, code: string | undefined, message: string | undefined): void => {
    if (outcome !== "failed") {
      breaker.success();
      return;
    }
    // Throttling and lost answers were ridden out by the client (it waits, backs off, retries) before a row fails with
    // them: a run of such rows is an outage or a wrong endpoint, which the breaker counts as one cause.
    if (code === undefined) return;
    if (breaker.failure(code, message ?? "") && stop === undefined) {
      const next = breaker.unavailable
        ? "check the endpoint and the network, or wait for Partner Center, then run the same command again"
        : "fix the cause, then run the same command again (or --only-failed)";
      stop = new RunError(
        "CIRCUIT_OPEN",
        `${breaker.describe()}. Stopped so the rest of the file does not fail the same way: ${next}`,
      );
      logger.error({ code, limit: breaker.limit }, "circuit breaker open: the run stops");
    }
  };
  const finish = (checked: CheckedRow, result: SagaResult): void => {
    summary.outcomes[result.outcome]++;
    if (result.outcome === "created" && result.orderIds !== undefined) summary.ordered++;
    if (result.passwordEarlier !== undefined) summary.passwordsEarlier++;
    if (result.outcome !== "rejected" && result.outcome !== "not-selected") {
      trip(result.outcome, result.code, result.message);
    }
    write(checked, result);
  };
  const finishDry = (checked: CheckedRow, result: DryRunResult): void => {
    const { requests, ...rest } = result;
    if (result.outcome === "ready") dryCounts.ready++;
    else if (result.outcome === "would-fail") dryCounts.wouldFail++;
    else summary.outcomes[result.outcome]++;
    report?.row(result.outcome, requests);
    trip(result.outcome, result.code, result.message);
    for (const r of requests) {
      payloads?.add({
        row: checked.row,
        ...(checked.key !== undefined ? { key: checked.key } : {}),
        step: r.step,
        method: r.method,
        path: r.path,
        ...(r.body !== undefined ? { body: r.body } : {}),
      });
    }
    write(checked, rest);
  };
  const notSelected = (checked: CheckedRow, key: string, why: NotSelected): void => {
    const s = ledger.get(key);
    const result: SagaResult = { outcome: "not-selected", code: why.code, message: why.message, notes: [] };
    // The ids an earlier run recorded travel along, so the results still load into the CRM.
    if (s?.customerId !== undefined) result.customerId = s.customerId;
    if (s?.tenantId !== undefined) result.tenantId = s.tenantId;
    if (s?.cartId !== undefined) result.cartId = s.cartId;
    if (s?.orderIds !== undefined) result.orderIds = s.orderIds;
    if (s?.relationshipUrl !== undefined) result.relationshipUrl = s.relationshipUrl;
    report?.row("not-selected", []);
    finish(checked, result);
  };

  const progress = Progress.enabledFor(d.progressStream, settings.quiet)
    ? new Progress(
        d.progressStream,
        () => summary,
        () =>
          dryRun
            ? `  ready ${dryCounts.ready}  would fail ${dryCounts.wouldFail}  in flight ${inFlight.size}`
            : `  created ${summary.outcomes.created}  ordered ${summary.ordered}  failed ${summary.outcomes.failed}  in flight ${inFlight.size}`,
      )
    : undefined;
  logger.info(
    {
      file: path,
      endpoint: d.endpoint,
      outDir: opened.outDir,
      ledger: ledger.path,
      concurrency: settings.concurrency,
      dryRun,
      selection: summary.selection,
    },
    dryRun ? "dry run started" : "import started",
  );
  progress?.start();
  try {
    for await (const checked of opened.rows) {
      countRow(summary, checked);
      const key = checked.key ?? `row-${checked.row}`;
      const skipped = selector.take(checked.row, checked.outcome, key);
      if (skipped !== undefined) {
        notSelected(checked, key, skipped);
      } else if (checked.outcome === "rejected") {
        const first = checked.issues.find((i) => i.severity === "error");
        report?.row("rejected", []);
        finish(checked, {
          outcome: "rejected",
          notes: [],
          ...(first !== undefined ? { code: first.code, message: first.message } : {}),
        });
      } else {
        // Backpressure: no more rows are read while `concurrency` rows are in flight.
        while (inFlight.size >= limit.concurrency && stop === undefined) await Promise.race(inFlight);
        if (stop !== undefined) break;
        const relationship = checked.outcome === "relationship";
        let task: () => Promise<void>;
        if (dryDeps !== undefined) {
          task = async () => {
            const result = relationship
              ? await dryRunRelationship(key, dryDeps)
              : await dryRunCustomer(key, checked.record, dryDeps);
            finishDry(checked, result);
          };
        } else {
          task = async () => {
            const result = relationship
              ? await requestRelationship(key, deps(checked.row, key))
              : await onboardCustomer(key, checked.record, deps(checked.row, key));
            finish(checked, result);
          };
        }
        const p: Promise<void> = limit(task)
          .then(() => {
            if (limit.concurrency < settings.concurrency && ++calm >= limit.concurrency) {
              calm = 0;
              limit.concurrency++;
            }
          })
          .catch((error: unknown) => {
            // A row stopped between two steps because the run is stopping: the stop's own reason is the run's.
            if (!(error instanceof StopRequested)) stop ??= error;
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (results.needsDrain) await results.drain();
      if (payloads?.needsDrain === true) await payloads.drain();
      if (stop !== undefined) break;
    }
    await Promise.all(inFlight);
    if (stop !== undefined) throw toRunFailure(stop);
    noteSkipped(summary, opened, logger);

    summary.requests = client.stats();
    summary.credentials = credentials?.size ?? 0;
    // `status` answers for the rows it looked after: the rows the import rejected were reported by the import.
    const bad = settings.onlyPending
      ? summary.outcomes.failed
      : summary.outcomes.rejected + summary.outcomes.failed + dryCounts.wouldFail;
    summary.exitCode =
      bad > rejectedLimit(settings.maxRejected, summary.rows) ? EXIT_CODES.rejected.code : EXIT_CODES.ok.code;
    summary.complete = true;
    summary.durationMs = Date.now() - d.started;
    await credentials?.close();
    await results.commit();
    if (payloads !== undefined && report !== undefined) {
      await payloads.commit();
      summary.dryRun = {
        ...dryCounts,
        payloads: payloads.size,
        payloadsFile: payloads.path,
        reportFile: await report.write(opened.outDir),
      };
    }
    await opened.reports.commit(summary);
    await recordRun(path, settings, d, summary);
    logger.info({ ...summary, issuesByCode: undefined }, dryRun ? "dry run finished" : "import finished");
    return summary;
  } catch (error: unknown) {
    await Promise.allSettled(inFlight);
    const failure = toRunFailure(error).afterRows(summary.rows);
    summary.requests = client.stats();
    summary.credentials = credentials?.size ?? 0;
    summary.error = { code: failure.code, message: failure.describe() };
    summary.exitCode = failure.exitCode;
    summary.durationMs = Date.now() - d.started;
    // Passwords are shown once: the credentials file was written line by line under its final name.
    await credentials?.close().catch(() => undefined);
    await results.abandon();
    await payloads?.abandon();
    await opened.reports.abandon(summary);
    await recordRun(path, settings, d, summary).catch((e: unknown) => {
      logger.warn({ error: e instanceof Error ? e.message : String(e) }, "could not write the manifest or history");
    });
    throw failure;
  } finally {
    d.signal?.removeEventListener("abort", interrupted);
    progress?.stop();
    await opened.source.close().catch(() => undefined);
  }
}

/** `manifest.json` in the output folder and a line in the state folder's history, for a complete or stopped run. */
async function recordRun(path: string, settings: ImportSettings, d: RunDeps, summary: ImportSummary): Promise<void> {
  const record = manifestOf(
    settings.onlyPending ? "status" : "import",
    path,
    summary.inputSha256 ?? "",
    settings,
    d.now,
    summary,
  );
  if (settings.dryRun) record.dryRun = true;
  if (settings.rows !== undefined || settings.limit !== undefined || settings.onlyFailed) {
    record.selection = summary.selection;
  }
  record.counts.ordered = summary.ordered;
  if (summary.dryRun !== undefined) {
    record.counts.ready = summary.dryRun.ready;
    record.counts["would-fail"] = summary.dryRun.wouldFail;
    record.counts.payloads = summary.dryRun.payloads;
  }
  await writeManifest(summary.outDir, record);
  await appendHistory(d.stateDir, record);
}

async function requestRelationship(key: string, deps: SagaDeps): Promise<SagaResult> {
  const done = deps.ledger.get(key)?.relationshipUrl;
  if (done !== undefined) return { outcome: "already-done", relationshipUrl: done, notes: [] };
  if (deps.stopRequested?.() === true) throw new StopRequested();
  try {
    const url = await deps.relationshipUrl();
    deps.ledger.note({ k: key, s: "relationship", url });
    return {
      outcome: "relationship",
      relationshipUrl: url,
      notes: ["send this relationship request URL to the customer"],
    };
  } catch (error: unknown) {
    if (error instanceof AuthenticationError) throw error;
    return { outcome: "failed", step: "relationship", ...describeFailure(error), notes: [] };
  }
}

/** Why this run cannot order (the attestations a cart states, not both confirmed), or undefined when it can. */
function attestationGap(settings: ImportSettings): string | undefined {
  const missing = [
    ...(settings.attestPartnerRole ? [] : ["--attest-partner-role"]),
    ...(settings.attestNoAffiliateResale ? [] : ["--attest-no-affiliate-resale"]),
  ];
  if (missing.length === 0) return undefined;
  return `the partner's attestations were not confirmed (${missing.join(", ")}, or attestPartnerRole and attestNoAffiliateResale in the config file); confirm them and run the same command again to order`;
}

/** A product and SKU's catalog item in a country (`PRODUCT:SKU:AVAILABILITY`), or undefined when not sold there. */
async function lookUpCatalogItem(
  client: PartnerCenterClient,
  productId: string,
  skuId: string,
  country: string,
): Promise<string | undefined> {
  const answer = await client.request<
    { items?: { id?: string; catalogItemId?: string; segment?: string; isPurchasable?: boolean }[] } | undefined
  >(
    "GET",
    `/v1/products/${encodeURIComponent(productId)}/skus/${encodeURIComponent(skuId)}/availabilities?country=${encodeURIComponent(country)}`,
    { accept: [404] },
  );
  if (answer.status === 404) return undefined;
  const items = (answer.body?.items ?? []).filter((a) => a.isPurchasable !== false && a.id !== undefined);
  // Education and government availabilities need a qualified customer: a commercial one comes first.
  const item = items.find((a) => a.segment?.toLowerCase() === "commercial") ?? items[0];
  if (item?.id === undefined) return undefined;
  return item.catalogItemId ?? `${productId}:${skuId}:${item.id}`;
}

/** The indirect resellers and their MPA status from Partner Center (it wins over a --resellers file). */
async function fetchResellers(client: PartnerCenterClient): Promise<Map<string, Reseller>> {
  const list = await client.request<{ items?: { id?: string; mpnId?: string; name?: string }[] }>(
    "GET",
    "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf",
  );
  const out = new Map<string, Reseller>();
  const check = pLimit(4);
  await Promise.all(
    (list.body.items ?? []).map((item) =>
      check(async () => {
        if (item.id === undefined || item.mpnId === undefined) return;
        const status = await client.request<{ isAgreementSigned?: boolean }>(
          "GET",
          `/v1/compliance/csp/agreementstatus?mpnId=${encodeURIComponent(item.mpnId)}`,
        );
        const reseller: Reseller = {
          partnerId: item.mpnId,
          tenantId: item.id.toLowerCase(),
          mpaSigned: status.body.isAgreementSigned === true,
          ...(item.name !== undefined ? { name: item.name } : {}),
        };
        out.set(reseller.partnerId, reseller);
        out.set(reseller.tenantId, reseller);
      }),
    ),
  );
  return out;
}

function toRunFailure(error: unknown): RunError {
  if (error instanceof AuthenticationError) {
    // The refresh itself failed: its own error says what to do (sign in again), and keeps exit 4.
    if (isSignInError(error.cause)) return error.cause;
    return new RunError(
      "AUTH_FAILED",
      `${error.message}; nothing more was sent. Fix the token (or sign in again with csp-onboard login) and run the same command again`,
    );
  }
  return asRunError(error);
}
