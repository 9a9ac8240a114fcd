import { AUTHORITY_OPTION, CA_FILE_OPTION } from "../shared-options.js";
import type { Argv, ArgumentsCamelCase } from "yargs";
import { CLIENT_SECRET_ENV } from "../../auth/index.js";
import { EXIT_CODES } from "../../errors/exit-codes.js";
import { importFile, type ImportSummary } from "../../run/import.js";
import { Interrupt } from "../../run/interrupt.js";
import type { ImportPlan } from "../../run/plan.js";
import { loadConfigFile } from "../../run/settings.js";
import { askYesNo } from "../confirm.js";
import { mergeSettings, settingsFromFlags, withValidateFlags, type ValidateFlags } from "../validate-flags.js";
import type { CommandIo } from "../io.js";
import { usageError } from "../usage-error.js";
import { humanSummary } from "./validate.js";

export interface ImportFlags extends ValidateFlags {
  endpoint?: string | undefined;
  emulator?: boolean | undefined;
  emulatorSeed?: string | undefined;
  concurrency?: number | undefined;
  rate?: string | undefined;
  retries?: number | undefined;
  timeout?: number | undefined;
  state?: string | undefined;
  tokenFile?: string | undefined;
  attestPartnerRole?: boolean | undefined;
  attestNoAffiliateResale?: boolean | undefined;
  dryRun?: boolean | undefined;
  addressSuggestions?: string | undefined;
  limit?: number | undefined;
  rows?: string | undefined;
  onlyFailed?: boolean | undefined;
  /** Set by `csp-onboard status`, not a flag of its own. */
  onlyPending?: boolean | undefined;
  yes?: boolean | undefined;
  maxConsecutiveFailures?: number | undefined;
  auth?: string | undefined;
  clientId?: string | undefined;
  tenant?: string | undefined;
  authority?: string | undefined;
  caFile?: string | undefined;
  clientSecretFile?: string | undefined;
}

export const importCommand = {
  command: "import <file>",
  describe: "validate the file, then create the accepted customers in Partner Center (resumable, never twice)",
  builder: (y: Argv) =>
    withValidateFlags(y)
      .option("endpoint", {
        type: "string",
        describe: "Partner Center base URL, e.g. https://api.partnercenter.microsoft.com",
        group: "Partner Center:",
      })
      .option("emulator", {
        type: "boolean",
        describe: "start the built-in Partner Center emulator and import into it",
        group: "Partner Center:",
      })
      .option("emulator-seed", {
        type: "string",
        describe: "JSON seed for --emulator (resellers, existing customers, products)",
        group: "Partner Center:",
      })
      .option("token-file", {
        type: "string",
        describe: "file holding the bearer token (else PARTNER_CENTER_TOKEN)",
        group: "Partner Center:",
      })
      .option("concurrency", {
        type: "number",
        describe: "rows in flight at once (default 4)",
        group: "Partner Center:",
      })
      .option("rate", {
        type: "string",
        describe: "client-side request limit per minute, e.g. 300 or 300/min; 0 = off (default 300)",
        group: "Partner Center:",
      })
      .option("retries", {
        type: "number",
        describe: "retries for 429, 5xx and lost connections (default 5)",
        group: "Partner Center:",
      })
      .option("timeout", {
        type: "number",
        describe: "seconds before a request counts as unanswered (default 30)",
        group: "Partner Center:",
      })
      .option("state", {
        type: "string",
        describe: "state folder with the ledger and lock (default ./.csp-onboard)",
        group: "Partner Center:",
      })
      .option("attest-partner-role", {
        type: "boolean",
        describe:
          "attest that you act as indirect partner when a reseller is chosen, as direct partner otherwise (needed to order)",
        group: "Orders:",
      })
      .option("attest-no-affiliate-resale", {
        type: "boolean",
        describe:
          "attest that you do not resell to partners affiliated with your parent organization (needed to order)",
        group: "Orders:",
      })
      .option("dry-run", {
        type: "boolean",
        describe:
          "validate and run Partner Center's read-only checks (domains, existing customers, country rules, addresses, resellers, offers); write payloads.jsonl; create nothing",
        group: "Safety:",
      })
      .option("address-suggestions", {
        type: "string",
        choices: ["report", "accept"],
        describe: "Partner Center's address suggestions: report them (default), or accept a single suggestion",
        group: "Safety:",
      })
      .option("limit", {
        type: "number",
        describe: "a pilot: only the first N accepted rows (rows after them are reported not-selected)",
        group: "Safety:",
      })
      .option("rows", {
        type: "string",
        describe: "only data rows FROM-TO (1-based, e.g. 100-200 or 100-)",
        group: "Safety:",
      })
      .option("only-failed", {
        type: "boolean",
        describe: "only the rows that failed (or were left unfinished) in the ledger, e.g. after a fix",
        group: "Safety:",
      })
      .option("yes", {
        alias: "y",
        type: "boolean",
        describe: "do not ask before creating customers (required when not on a terminal)",
        group: "Safety:",
      })
      .option("max-consecutive-failures", {
        type: "number",
        describe:
          "stop after K rows in a row fail with the same Partner Center code, or with no answer / 5xx / 429 after the retries (an outage); default 10, 0 = never",
        group: "Safety:",
      })
      .option("auth", {
        type: "string",
        choices: ["auto", "user", "app", "token"],
        describe:
          "how to get the token: auto (a given token, else the signed-in user, else app credentials), user, app, token",
        group: "Sign-in:",
      })
      .option("client-id", {
        type: "string",
        describe: "the app registration's client ID (the one `csp-onboard login` used, or the app's)",
        group: "Sign-in:",
      })
      .option("tenant", {
        type: "string",
        describe: "the partner's tenant ID or domain (app credentials need it)",
        group: "Sign-in:",
      })
      .option("authority", AUTHORITY_OPTION)
      .option("ca-file", CA_FILE_OPTION)
      .option("client-secret-file", {
        type: "string",
        describe: `file holding the app's client secret (else ${CLIENT_SECRET_ENV})`,
        group: "Sign-in:",
      })
      .example("$0 import customers.xlsx --emulator --yes", "try it against the built-in emulator")
      .example(
        "$0 import customers.csv --endpoint https://api.partnercenter.microsoft.com --client-id ... --dry-run",
        "what the import would send (payloads.jsonl) and what Partner Center would refuse, creating nothing",
      )
      .example(
        "$0 import customers.csv --endpoint https://api.partnercenter.microsoft.com --client-id ... --limit 10",
        "a pilot of the first 10 accepted rows",
      )
      .example(
        "PARTNER_CENTER_TOKEN=... $0 import customers.csv --endpoint https://api.partnercenter.microsoft.com --concurrency 8 --attest-partner-role --attest-no-affiliate-resale",
        "the real thing; run the same command again after any failure",
      ),
};

export async function runImport(
  args: ArgumentsCamelCase<ImportFlags & { file: string }>,
  io: CommandIo,
): Promise<number> {
  const config = args.config !== undefined ? await loadConfigFile(args.config) : {};
  const flags = settingsFromFlags(args);
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) flags[key] = value;
  };
  set("endpoint", args.endpoint);
  set("emulator", args.emulator);
  set("emulatorSeed", args.emulatorSeed);
  set("concurrency", args.concurrency);
  if (args.rate !== undefined) flags.rate = parseRate(args.rate);
  set("retries", args.retries);
  if (args.timeout !== undefined) flags.timeoutMs = Math.round(args.timeout * 1000);
  set("state", args.state);
  set("tokenFile", args.tokenFile);
  set("attestPartnerRole", args.attestPartnerRole);
  set("attestNoAffiliateResale", args.attestNoAffiliateResale);
  set("dryRun", args.dryRun);
  set("addressSuggestions", args.addressSuggestions);
  if (args.limit !== undefined) {
    if (!Number.isInteger(args.limit) || args.limit < 1) throw usageError("--limit takes a number of rows from 1");
    flags.limit = args.limit;
  }
  set("rows", args.rows);
  set("onlyFailed", args.onlyFailed);
  set("onlyPending", args.onlyPending);
  if (args.maxConsecutiveFailures !== undefined) {
    if (!Number.isInteger(args.maxConsecutiveFailures) || args.maxConsecutiveFailures < 0) {
      throw usageError("--max-consecutive-failures takes a whole number (0 = never stop)");
    }
    flags.maxConsecutiveFailures = args.maxConsecutiveFailures;
  }
  set("auth", args.auth);
  set("clientId", args.clientId);
  set("tenant", args.tenant);
  set("authority", args.authority);
  set("caFile", args.caFile);
  set("clientSecretFile", args.clientSecretFile);
  const settings = mergeSettings(config, flags);
  const dryRun = settings.dryRun === true;
  // Checked before anything is read: an unattended run must say yes up front, it cannot be asked.
  const ask = !dryRun && args.yes !== true && settings.yes !== true && settings.onlyPending !== true;
  if (ask && !(process.stdin.isTTY && io.stderr.isTTY)) {
    throw usageError(
      "import creates customers in Partner Center and asks first; not on a terminal, confirm with --yes (or check with --dry-run)",
    );
  }
  const logger = io.logger(settings);
  const where = typeof settings.endpoint === "string" ? settings.endpoint : "the built-in emulator";
  const stopping = new AbortController();
  const interrupt = new Interrupt(
    () => {
      io.stderr.write(
        "\nStopping: no new rows are taken; the rows in flight finish their current step. Ctrl-C again aborts at once.\n",
      );
      stopping.abort();
    },
    () => {
      io.stderr.write("\nAborted. Run the same command again: it settles the requests that were in flight.\n");
      // The one place a run ends without unwinding: the ledger's write-ahead lines are on disk already.
      process.exit(EXIT_CODES.interrupted.code);
    },
  ).install();
  try {
    const summary = await importFile(args.file, {
      ...settings,
      logger,
      progressStream: io.stderr,
      signal: stopping.signal,
      ...(ask
        ? { confirm: (plan: ImportPlan) => askYesNo(confirmationText(plan, where), process.stdin, io.stderr) }
        : {}),
    });
    if (settings.quiet !== true) io.stderr.write(importSummaryText(summary));
    return summary.exitCode;
  } finally {
    interrupt.uninstall();
  }
}

/** The question asked before an import creates anything: how many customers and billable subscriptions, and where. */
export function confirmationText(plan: ImportPlan, where: string): string {
  const n = (x: number): string => x.toLocaleString("en-US");
  const s = (x: number, one: string, many: string): string => `${n(x)} ${x === 1 ? one : many}`;
  const also = [
    plan.alreadyDone > 0 ? `${s(plan.alreadyDone, "customer", "customers")} created before (finished now)` : "",
    plan.relationships > 0 ? s(plan.relationships, "relationship request", "relationship requests") : "",
    plan.rejected > 0 ? `${n(plan.rejected)} rejected (not sent)` : "",
    plan.notSelected > 0 ? `${n(plan.notSelected)} not selected` : "",
  ].filter((x) => x !== "");
  return (
    `This import will create ${s(plan.customers, "customer", "customers")} and order ` +
    `${s(plan.subscriptions, "billable subscription", "billable subscriptions")} (offers x quantity) in ${where}.\n` +
    (also.length > 0 ? `  Also: ${also.join(", ")}.\n` : "") +
    "Continue?"
  );
}

/** `300`, `300/min`, `5/s`: requests per minute; NaN (a config error naming the flag) otherwise. */
export function parseRate(text: string): number {
  const m = /^\s*(\d+)\s*(?:\/\s*(min|m|minute|s|sec|second))?\s*$/i.exec(text);
  if (m === null) return Number.NaN;
  const n = Number(m[1]);
  return /^s/i.test(m[2] ?? "min") ? n * 60 : n;
}

export function importSummaryText(s: ImportSummary): string {
  const n = (x: number): string => x.toLocaleString("en-US");
  const o = s.outcomes;
  const r = s.requests;
  const withoutOrder = o["created-without-order"];
  const notSelected = o["not-selected"] > 0 ? `, ${n(o["not-selected"])} not selected` : "";
  const noneSelected =
    s.selection.rows !== undefined && s.rows > 0 && o["not-selected"] === s.rows
      ? `  --rows ${s.selection.rows} selects none of this file's ${n(s.rows)} data rows: nothing was sent\n`
      : "";
  const earlier =
    s.earlierRun !== undefined
      ? `  this file (same SHA-256) was imported completely before (run ${s.earlierRun.runId}, ended ${s.earlierRun.endedAt}): rows finished then were only reported\n`
      : "";
  if (s.dryRun !== undefined) {
    const d = s.dryRun;
    return (
      humanSummary(s) +
      `  dry run: ${n(d.ready)} ready, ${n(d.wouldFail)} would fail, ${n(o["already-done"])} already done, ${n(o.relationship)} relationship, ${n(o.failed)} not checked (no answer), ${n(o.rejected)} rejected${notSelected}; nothing was created\n` +
      `  ${n(d.payloads)} requests the import would send: ${d.payloadsFile}\n` +
      `  checks (domains, country rules, addresses, resellers, offers): ${d.reportFile}\n` +
      earlier
    );
  }
  return (
    humanSummary(s) +
    `  ${s.selection.onlyPending === true ? "status" : "import"}: ${n(o.created)} created, ${n(o["already-done"])} already done, ${n(withoutOrder)} created without order, ${n(o.relationship)} relationship, ${n(o.failed)} failed, ${n(o.rejected)} rejected${notSelected}\n` +
    (s.ordered > 0 ? `  orders: ${n(s.ordered)} rows' offers ordered\n` : "") +
    (withoutOrder > 0
      ? `  ${n(withoutOrder)} customers have offers not ordered (see code in results.csv)${s.ordersEnabled ? "" : ": confirm --attest-partner-role and --attest-no-affiliate-resale and run the same command again"}\n`
      : "") +
    `  requests: ${n(r.requests)} (${n(r.retries)} retries, ${n(r.throttled)} throttled${r.tokenRefreshes > 0 ? `, ${n(r.tokenRefreshes)} token refreshes` : ""}), p50 ${r.latencyP50Ms ?? "-"} ms, p95 ${r.latencyP95Ms ?? "-"} ms\n` +
    (s.credentials > 0
      ? `  ${n(s.credentials)} new admin passwords in ${s.outDir}/credentials.csv (mode 0600): store them safely\n`
      : "") +
    (s.passwordsEarlier > 0
      ? `  ${n(s.passwordsEarlier)} created rows got their admin password in an earlier, stopped run's credentials.csv (results.csv notes say which)\n`
      : "") +
    earlier +
    noneSelected +
    (s.unfinishedRunStarted !== undefined
      ? `  the previous run on this state folder (started ${s.unfinishedRunStarted}) did not finish (killed or crashed): this run continued its work\n`
      : "") +
    `  ledger: ${s.ledger}\n`
  );
}
