import { LOG_LEVEL_OPTION, LOG_FILE_OPTION } from "./shared-options.js";
import type { Argv } from "yargs";
import { usageError } from "./usage-error.js";
import { isMaxRejected } from "../run/max-rejected.js";

/** Flags shared by `validate` and `import`: where the rows come from, how they are checked, where reports go. */
export function withValidateFlags<T>(y: Argv<T>) {
  return y
    .positional("file", { type: "string", describe: "the customer file: .csv or .xlsx", demandOption: true })
    .option("config", {
      type: "string",
      describe: "JSON file with run settings (flags override it)",
      group: "Settings:",
    })
    .option("out", {
      type: "string",
      describe: "output folder (default ./csp-onboard-out/<timestamp>/)",
      group: "Output:",
    })
    .option("sheet", {
      type: "string",
      describe:
        "XLSX sheet by name, or by 1-based position among the worksheets, hidden ones counted, chart sheets not (default: the one whose header names the most known columns)",
      group: "Input:",
    })
    .option("header-row", {
      type: "number",
      describe: "1-based line/row of the header (default: detected)",
      group: "Input:",
    })
    .option("columns", {
      type: "string",
      describe: 'JSON mapping of your headers to fields: {"Klant": "company_name"}',
      group: "Input:",
    })
    .option("encoding", {
      type: "string",
      describe: "CSV encoding: utf-8, utf-16le, utf-16be, windows-1252, ... (default: detected)",
      group: "Input:",
    })
    .option("delimiter", { type: "string", describe: "CSV delimiter: , ; tab | (default: detected)", group: "Input:" })
    .option("partner-type", {
      type: "string",
      choices: ["direct", "indirect-provider", "indirect-reseller"],
      describe: "your partner type: decides which rows need phone and registration ID (default direct)",
      group: "Rules:",
    })
    .option("partner-domains", {
      type: "string",
      array: true,
      describe: "your own e-mail domains (customers may not use them)",
      group: "Rules:",
    })
    .option("strict", { type: "boolean", describe: "treat warnings as errors", group: "Rules:" })
    .option("attest-partner-role", {
      type: "boolean",
      describe:
        "attest: you act as indirect partner when a reseller is chosen, as direct partner otherwise (needed to order)",
      group: "Rules:",
    })
    .option("attest-no-affiliate-resale", {
      type: "boolean",
      describe: "attest: no resale to partners affiliated with your parent organization (needed to order)",
      group: "Rules:",
    })
    .option("resellers", {
      type: "string",
      describe: "CSV of indirect resellers: PartnerID, TenantID, MPA signed",
      group: "Rules:",
    })
    .option("existing", {
      type: "string",
      describe: "CSV export of your current customers (domain, company name, country)",
      group: "Rules:",
    })
    .option("offers-catalog", { type: "string", describe: "CSV of offers with min/max quantity", group: "Rules:" })
    .option("term", {
      type: "string",
      choices: ["P1M", "P1Y", "P3Y"],
      describe: "default term for rows that order (default P1M)",
      group: "Rules:",
    })
    .option("billing", {
      type: "string",
      choices: ["monthly", "annual", "triennial"],
      describe: "default billing cycle (default monthly)",
      group: "Rules:",
    })
    .option("date-order", {
      type: "string",
      choices: ["dmy", "mdy"],
      describe:
        "how numeric dates such as 03/05/2026 are written: dmy (day first, 3 May) or mdy (month first, March 5, as in US files); default dmy, with a warning on each date that reads both ways",
      group: "Input:",
    })
    .option("max-rejected", {
      type: "string",
      describe: "rejected rows tolerated before exit code 1: a count or a percentage (default 0)",
      group: "Output:",
    })
    .option("quiet", { type: "boolean", describe: "no progress and no summary lines on stderr", group: "Output:" })
    .option("log-level", LOG_LEVEL_OPTION)
    .option("log-file", LOG_FILE_OPTION);
}

const DELIMITER_NAMES: Readonly<Record<string, string>> = {
  ",": ",",
  comma: ",",
  ";": ";",
  semicolon: ";",
  tab: "\t",
  "\\t": "\t",
  "\t": "\t",
  "|": "|",
  pipe: "|",
};

export interface ValidateFlags {
  config?: string | undefined;
  out?: string | undefined;
  sheet?: string | undefined;
  headerRow?: number | undefined;
  columns?: string | undefined;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  partnerType?: string | undefined;
  partnerDomains?: string[] | undefined;
  strict?: boolean | undefined;
  attestPartnerRole?: boolean | undefined;
  attestNoAffiliateResale?: boolean | undefined;
  resellers?: string | undefined;
  existing?: string | undefined;
  offersCatalog?: string | undefined;
  term?: string | undefined;
  billing?: string | undefined;
  dateOrder?: string | undefined;
  maxRejected?: string | undefined;
  quiet?: boolean | undefined;
  logLevel?: string | undefined;
  logFile?: string | undefined;
}

/** The settings the flags give (only those given), in the config file's shape. */
export function settingsFromFlags(a: ValidateFlags): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) s[key] = value;
  };
  set("out", a.out);
  if (a.sheet !== undefined) s.sheet = /^\d+$/.test(a.sheet) ? Number(a.sheet) : a.sheet;
  if (a.headerRow !== undefined) {
    if (!Number.isInteger(a.headerRow) || a.headerRow < 1) throw usageError("--header-row takes a line number from 1");
    s.headerRow = a.headerRow;
  }
  set("columns", a.columns);
  set("encoding", a.encoding);
  if (a.delimiter !== undefined) {
    const d = DELIMITER_NAMES[a.delimiter.toLowerCase()];
    if (d === undefined) throw usageError(`--delimiter must be one of , ; tab |, not '${a.delimiter}'`);
    s.delimiter = d;
  }
  set("partnerType", a.partnerType);
  if (a.partnerDomains !== undefined)
    s.partnerDomains = a.partnerDomains.flatMap((d) => d.split(",")).filter((d) => d !== "");
  set("strict", a.strict);
  set("attestPartnerRole", a.attestPartnerRole);
  set("attestNoAffiliateResale", a.attestNoAffiliateResale);
  set("resellers", a.resellers);
  set("existing", a.existing);
  set("offersCatalog", a.offersCatalog);
  if (a.term !== undefined || a.billing !== undefined || a.dateOrder !== undefined) {
    s.defaults = {
      ...(a.term !== undefined ? { termDuration: a.term } : {}),
      ...(a.billing !== undefined ? { billingCycle: a.billing } : {}),
      ...(a.dateOrder !== undefined ? { dateOrder: a.dateOrder } : {}),
    };
  }
  if (a.maxRejected !== undefined) {
    if (!isMaxRejected(a.maxRejected))
      throw usageError(`--max-rejected takes a count or a percentage up to 100% such as 2%, not '${a.maxRejected}'`);
    s.maxRejected = a.maxRejected;
  }
  set("quiet", a.quiet);
  set("logLevel", a.logLevel);
  set("logFile", a.logFile);
  return s;
}

/** Config file first, flags over it; nested `defaults` merged key by key. */
export function mergeSettings(
  config: Record<string, unknown>,
  flags: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...config, ...flags };
  if (typeof config.defaults === "object" && config.defaults !== null && typeof flags.defaults === "object") {
    merged.defaults = { ...config.defaults, ...flags.defaults };
  }
  return merged;
}
