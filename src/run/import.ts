import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createHash } from "node:crypto";
import pLimit from "p-limit";
import type { Logger } from "pino";
import { RunError } from "../errors/run-error.js";
import { EXIT_CODES } from "../errors/exit-codes.js";
import { startEmulator, DEFAULT_TOKEN, type RunningEmulator } from "../emulator/index.js";
import type { CheckedRow } from "../outputs/validation-reports.js";
import { ResultsFiles, type ResultRow } from "../outputs/results.js";
import { CredentialsFile } from "../submit/credentials.js";
import { PartnerCenterClient, type ClientStats } from "../submit/client.js";
import { AuthenticationError } from "../submit/errors.js";
import { Ledger } from "../submit/ledger.js";
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
import { prepareRun } from "./context.js";
import { importSettingsSchema, type ImportSettings, type ImportSettingsInput } from "./import-settings.js";
import { silentLogger } from "./logger.js";
import { rejectedLimit } from "./max-rejected.js";
import { Progress } from "./progress.js";
import { parseSettings } from "./settings.js";
import { resolveToken, tenantOfToken } from "./token.js";
import { asRunError, countRow, describeInput, emptySummary, type ValidateSummary } from "./validate.js";

const REGISTRATION_COUNTRY_SET: ReadonlySet<string> = new Set(REGISTRATION_COUNTRIES);

export interface ImportOptions extends ImportSettingsInput {
  logger?: Logger;
  now?: Date;
  progressStream?: NodeJS.WriteStream;
  /** Environment for PARTNER_CENTER_TOKEN (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface ImportSummary extends ValidateSummary {
  endpoint: string;
  stateDir: string;
  ledger: string;
  outcomes: Record<ImportOutcome, number>;
  /** Whether this run orders offers: both partner attestations confirmed. */
  ordersEnabled: boolean;
  /** Rows whose offers this run ordered (checkouts settled included). */
  ordered: number;
  requests: ClientStats;
  credentials: number;
}

/** The rule that warns about orders needing the attestations: moot once the run confirms them. */
const ATTESTATION_RULE = "ORDER_NEEDS_ATTESTATION";

/**
 * Validates the file as `validate` does and creates the accepted customers in Partner Center (or the built-in
 * emulator): domain check, customer, Microsoft Customer Agreement, then the offers through a cart when the partner's
 * attestations are confirmed; relationship rows get the relationship-request URL.
 * Rows are read only as fast as `concurrency` rows can be in flight; every step goes through the ledger in the state
 * folder, so the same command run again finishes the job without creating anything twice.
 */
export async function importFile(path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const {
    logger = silentLogger(),
    now = new Date(),
    progressStream = process.stderr,
    env = process.env,
    ...input
  } = options;
  const settings = parseSettings(importSettingsSchema, input, "settings");
  if ((settings.endpoint === undefined) === !settings.emulator) {
    throw new RunError("USAGE", "give exactly one of --endpoint URL or --emulator");
  }
  const token = await resolveToken(settings.tokenFile, env, settings.emulator ? DEFAULT_TOKEN : undefined);
  const stateDir = resolve(settings.state);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });

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
  const namespace = ledgerNamespace(settings, endpoint, token);
  let release: (() => Promise<void>) | undefined;
  let ledger: Ledger | undefined;
  try {
    release = await acquireLock(join(stateDir, `${namespace}.lock`));
    ledger = await Ledger.open(join(stateDir, `ledger-${namespace}.jsonl`));
    return await runImport(path, settings, { logger, now, progressStream, token, endpoint, stateDir, ledger, started });
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
  token: string;
  endpoint: string;
  stateDir: string;
  ledger: Ledger;
  started: number;
}

async function runImport(path: string, settings: ImportSettings, d: RunDeps): Promise<ImportSummary> {
  const { logger, ledger } = d;
  const limit = pLimit(settings.concurrency);
  // Rows finished since the last 429: parallelism comes back one step per round of rows without one.
  let calm = 0;
  let lowered = Number.NEGATIVE_INFINITY;
  const client = new PartnerCenterClient({
    baseUrl: d.endpoint,
    token: () => d.token,
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
  const run = await prepareRun(
    ordersBlocked === undefined &&
      settings.rules[ATTESTATION_RULE] === undefined &&
      RULES.some((r) => r.code === ATTESTATION_RULE)
      ? { ...settings, rules: { ...settings.rules, [ATTESTATION_RULE]: "off" } }
      : settings,
    d.now,
    logger,
  );
  if (settings.partnerType === "indirect-provider") {
    try {
      run.ctx.resellers = await fetchResellers(client);
    } catch (error: unknown) {
      throw toRunFailure(error);
    }
  }

  const opened = await openCheckedInput(path, settings, run, d.now, logger).catch((error: unknown) => {
    throw asRunError(error);
  });
  const summary: ImportSummary = {
    ...emptySummary(path),
    endpoint: d.endpoint,
    stateDir: d.stateDir,
    ledger: ledger.path,
    outcomes: Object.fromEntries(IMPORT_OUTCOMES.map((o) => [o, 0])) as Record<ImportOutcome, number>,
    ordersEnabled: ordersBlocked === undefined,
    ordered: 0,
    requests: client.stats(),
    credentials: 0,
  };
  describeInput(summary, opened);
  let credentials: CredentialsFile;
  try {
    credentials = await CredentialsFile.open(join(opened.outDir, "credentials.csv"));
  } catch (error: unknown) {
    await opened.source.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("OUTPUT_UNWRITABLE", `cannot write credentials.csv: ${reason}`, { file: opened.outDir });
  }
  const results = new ResultsFiles(opened.outDir, opened.source.headers);
  const inFlight = new Set<Promise<void>>();
  let stop: unknown;

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
  const deps = (row: number, key: string): SagaDeps => ({
    client,
    ledger,
    logger,
    registrationCountries: REGISTRATION_COUNTRY_SET,
    ordersBlocked,
    catalogItem,
    resellerPartnerId: (id) =>
      run.ctx.resellers?.get(id.toLowerCase())?.partnerId ?? (/^\d+$/.test(id) ? id : undefined),
    mcaTemplateId: () =>
      once("mca", async () => {
        const a = await client.request<{ items?: { templateId?: string }[] }>(
          "GET",
          "/v1/agreements?agreementType=MicrosoftCustomerAgreement",
        );
        const id = a.body.items?.[0]?.templateId;
        if (id === undefined) throw new Error("Partner Center returned no Microsoft Customer Agreement template");
        return id;
      }),
    relationshipUrl: () =>
      once("relationship", async () => {
        const r = await client.request<{ url?: string }>("GET", "/v1/customers/relationshiprequests");
        return r.body.url ?? "";
      }),
    resellerTenant: (id) => run.ctx.resellers?.get(id.toLowerCase())?.tenantId ?? run.ctx.resellers?.get(id)?.tenantId,
    saveCredentials: (customerId, userName, password) =>
      credentials.add(row, key, customerId, userName.split("@")[1] ?? "", userName, password),
  });

  const finish = (checked: CheckedRow, result: SagaResult): void => {
    ledger.release(checked.key ?? `row-${checked.row}`);
    summary.outcomes[result.outcome]++;
    if (result.outcome === "created" && result.orderIds !== undefined) summary.ordered++;
    const line: ResultRow = { ...result, row: checked.row, source: checked.source, values: checked.values };
    if (checked.key !== undefined) line.key = checked.key;
    results.add(line);
  };

  const progress = Progress.enabledFor(d.progressStream, settings.quiet)
    ? new Progress(
        d.progressStream,
        () => summary,
        () =>
          `  created ${summary.outcomes.created}  ordered ${summary.ordered}  failed ${summary.outcomes.failed}  in flight ${inFlight.size}`,
      )
    : undefined;
  logger.info(
    { file: path, endpoint: d.endpoint, outDir: opened.outDir, ledger: ledger.path, concurrency: settings.concurrency },
    "import started",
  );
  progress?.start();
  try {
    for await (const checked of opened.rows) {
      countRow(summary, checked);
      if (checked.outcome === "rejected") {
        const first = checked.issues.find((i) => i.severity === "error");
        finish(checked, {
          outcome: "rejected",
          notes: [],
          ...(first !== undefined ? { code: first.code, message: first.message } : {}),
        });
      } else {
        const key = checked.key ?? `row-${checked.row}`;
        const task =
          checked.outcome === "relationship"
            ? () => requestRelationship(key, deps(checked.row, key))
            : () => onboardCustomer(key, checked.record, deps(checked.row, key));
        // Backpressure: no more rows are read while `concurrency` rows are in flight.
        while (inFlight.size >= limit.concurrency) await Promise.race(inFlight);
        const p: Promise<void> = limit(task)
          .then((result) => {
            finish(checked, result);
            if (limit.concurrency < settings.concurrency && ++calm >= limit.concurrency) {
              calm = 0;
              limit.concurrency++;
            }
          })
          .catch((error: unknown) => {
            stop ??= error;
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (results.needsDrain) await results.drain();
      if (stop !== undefined) break;
    }
    await Promise.all(inFlight);
    if (stop !== undefined) throw toRunFailure(stop);

    summary.requests = client.stats();
    summary.credentials = credentials.size;
    const bad = summary.outcomes.rejected + summary.outcomes.failed;
    summary.exitCode =
      bad > rejectedLimit(settings.maxRejected, summary.rows) ? EXIT_CODES.rejected.code : EXIT_CODES.ok.code;
    summary.complete = true;
    summary.durationMs = Date.now() - d.started;
    await credentials.close();
    await results.commit();
    await opened.reports.commit(summary);
    logger.info({ ...summary, issuesByCode: undefined }, "import finished");
    return summary;
  } catch (error: unknown) {
    await Promise.allSettled(inFlight);
    const failure = toRunFailure(error);
    summary.requests = client.stats();
    summary.credentials = credentials.size;
    summary.error = { code: failure.code, message: failure.describe() };
    summary.exitCode = failure.exitCode;
    summary.durationMs = Date.now() - d.started;
    // Passwords are shown once: the credentials file was written line by line under its final name.
    await credentials.close().catch(() => undefined);
    await results.abandon();
    await opened.reports.abandon(summary);
    throw failure;
  } finally {
    progress?.stop();
    await opened.source.close().catch(() => undefined);
  }
}

async function requestRelationship(key: string, deps: SagaDeps): Promise<SagaResult> {
  const done = deps.ledger.get(key)?.relationshipUrl;
  if (done !== undefined) return { outcome: "already-done", relationshipUrl: done, notes: [] };
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
    return new RunError(
      "AUTH_FAILED",
      `${error.message}; nothing more was sent. Fix the token and run the same command again`,
    );
  }
  return asRunError(error);
}
