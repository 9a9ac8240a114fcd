import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { RunError } from "../errors/run-error.js";
import { BILLING_CYCLES, TERM_DURATIONS } from "../model/record.js";
import { isMaxRejected } from "./max-rejected.js";
import { DATE_ORDERS } from "../normalize/date.js";

const severityOverride = z.enum(["error", "warning", "off"]);
const maxRejected = z.union([
  z.number().int().min(0),
  z.string().refine(isMaxRejected, "a whole number of rows or a percentage up to 100% such as 2%"),
]);

/**
 * Every setting of a `validate` run. The `--config` file holds these keys (JSON); flags override it. Paths in the
 * config file are relative to the file itself.
 */
export const validateSettingsSchema = z.strictObject({
  partnerType: z.enum(["direct", "indirect-provider", "indirect-reseller"]).default("direct"),
  partnerDomains: z.array(z.string().min(1)).default([]),
  strict: z.boolean().default(false),
  /** The partner attests it acts as indirect partner when a reseller is chosen, as direct partner otherwise. */
  attestPartnerRole: z.boolean().default(false),
  /** The partner attests it does not resell to partners affiliated with its parent organization. */
  attestNoAffiliateResale: z.boolean().default(false),
  rules: z.record(z.string(), severityOverride).default({}),
  defaults: z
    .strictObject({
      termDuration: z.enum(TERM_DURATIONS).default("P1M"),
      billingCycle: z.enum(BILLING_CYCLES).default("monthly"),
      /** How numeric dates such as 03/05/2026 are read; unset: day first, with a warning where that is a guess. */
      dateOrder: z.enum(DATE_ORDERS).optional(),
    })
    .default({ termDuration: "P1M", billingCycle: "monthly" }),
  maxRejected: maxRejected.optional(),
  columns: z.string().optional(),
  resellers: z.string().optional(),
  existing: z.string().optional(),
  offersCatalog: z.string().optional(),
  out: z.string().optional(),
  encoding: z.string().optional(),
  delimiter: z.enum([",", ";", "\t", "|"]).optional(),
  sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
  headerRow: z.number().int().min(1).optional(),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
  logFile: z.string().optional(),
  quiet: z.boolean().default(false),
});

export type ValidateSettings = z.output<typeof validateSettingsSchema>;
export type ValidateSettingsInput = z.input<typeof validateSettingsSchema>;

const PATH_KEYS = [
  "columns",
  "resellers",
  "existing",
  "offersCatalog",
  "out",
  "logFile",
  "state",
  "tokenFile",
  "emulatorSeed",
  "clientSecretFile",
  "caFile",
] as const;

/** Reads a config file: JSON whose keys are the settings; relative paths are taken from the file's folder. */
export async function loadConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("CONFIG_INVALID", `cannot read the config file: ${reason}`, { file: path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("CONFIG_INVALID", `not valid JSON: ${reason}`, { file: path });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RunError("CONFIG_INVALID", "expected a JSON object of settings", { file: path });
  }
  const config = { ...(parsed as Record<string, unknown>) };
  const base = dirname(resolve(path));
  for (const key of PATH_KEYS) {
    const value = config[key];
    if (typeof value === "string") config[key] = resolve(base, value);
  }
  return config;
}

/** Checks settings once, up front: an unknown key or a bad value is a configuration error naming it. */
export function parseSettings<S extends z.ZodType>(schema: S, input: unknown, source: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const path = first?.path.join(".") ?? "";
  let message = first?.message ?? "invalid settings";
  if (first?.code === "unrecognized_keys")
    message = `unknown setting${first.keys.length > 1 ? "s" : ""} ${first.keys.map((k) => `'${k}'`).join(", ")}`;
  throw new RunError("CONFIG_INVALID", `${path === "" ? "" : `setting '${path}': `}${message}`, { file: source });
}
