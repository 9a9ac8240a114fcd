import type { Argv, ArgumentsCamelCase } from "yargs";
import { importFile, type ImportSummary } from "../../run/import.js";
import { loadConfigFile } from "../../run/settings.js";
import { mergeSettings, settingsFromFlags, withValidateFlags, type ValidateFlags } from "../validate-flags.js";
import type { CommandIo } from "../io.js";
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
      .example("$0 import customers.xlsx --emulator", "try it against the built-in emulator")
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
  const settings = mergeSettings(config, flags);
  const logger = io.logger(settings);
  const summary = await importFile(args.file, { ...settings, logger, progressStream: io.stderr });
  if (settings.quiet !== true) io.stderr.write(importSummaryText(summary));
  return summary.exitCode;
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
  return (
    humanSummary(s) +
    `  import: ${n(o.created)} created, ${n(o["already-done"])} already done, ${n(withoutOrder)} created without order, ${n(o.relationship)} relationship, ${n(o.failed)} failed, ${n(o.rejected)} rejected\n` +
    (s.ordered > 0 ? `  orders: ${n(s.ordered)} rows' offers ordered\n` : "") +
    (withoutOrder > 0
      ? `  ${n(withoutOrder)} customers have offers not ordered (see code in results.csv)${s.ordersEnabled ? "" : ": confirm --attest-partner-role and --attest-no-affiliate-resale and run the same command again"}\n`
      : "") +
    `  requests: ${n(r.requests)} (${n(r.retries)} retries, ${n(r.throttled)} throttled), p50 ${r.latencyP50Ms ?? "-"} ms, p95 ${r.latencyP95Ms ?? "-"} ms\n` +
    (s.credentials > 0
      ? `  ${n(s.credentials)} new admin passwords in ${s.outDir}/credentials.csv (mode 0600): store them safely\n`
      : "") +
    `  ledger: ${s.ledger}\n`
  );
}
