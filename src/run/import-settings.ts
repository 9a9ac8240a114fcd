import { z } from "zod";
import { authSettingsShape } from "../auth/settings.js";
import { validateSettingsSchema } from "./settings.js";

/**
 * Every setting of an `import` run: the validate settings, where and how to reach Partner Center, how to sign in
 * (`authSettingsShape`), and how much of the file to take.
 */
export const importSettingsSchema = validateSettingsSchema.extend({
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  emulator: z.boolean().default(false),
  emulatorSeed: z.string().optional(),
  concurrency: z.number().int().min(1).max(64).default(4),
  rate: z.number().int().min(0).default(300),
  retries: z.number().int().min(0).max(20).default(5),
  timeoutMs: z.number().int().min(100).default(30_000),
  backoffMs: z.number().int().min(0).default(500),
  state: z.string().default(".csp-onboard"),
  tokenFile: z.string().optional(),
  /** The partner attests it acts as indirect partner when a reseller is chosen, as direct partner otherwise. */
  attestPartnerRole: z.boolean().default(false),
  /** The partner attests it does not resell to partners affiliated with its parent organization. */
  attestNoAffiliateResale: z.boolean().default(false),
  /** Validation and Partner Center's read-only checks; writes payloads.jsonl; creates nothing. */
  dryRun: z.boolean().default(false),
  /** What to do when Partner Center's address validation suggests another address: report it, or accept it. */
  addressSuggestions: z.enum(["report", "accept"]).default("report"),
  /** A pilot: only the first N accepted rows (within `rows`). */
  limit: z.number().int().min(1).optional(),
  /** Data rows FROM-TO (1-based, inclusive; `100-` to the end). */
  rows: z
    .string()
    .regex(/^\s*\d+\s*(?:-\s*\d*\s*)?$/, "FROM-TO, e.g. 100-200 or 100-")
    .optional(),
  /** Only the rows that failed (or were left unfinished) in the ledger. */
  onlyFailed: z.boolean().default(false),
  /** `csp-onboard status`: only the education customers whose orders wait for Microsoft's approval. */
  onlyPending: z.boolean().default(false),
  /** Confirms the import without asking (a scheduled run's config file); `--yes` on the command line. */
  yes: z.boolean().default(false),
  /** Consecutive failures with the same Partner Center code that stop the run; 0 = never. */
  maxConsecutiveFailures: z.number().int().min(0).default(10),
  ...authSettingsShape,
});

export type ImportSettings = z.output<typeof importSettingsSchema>;
export type ImportSettingsInput = z.input<typeof importSettingsSchema>;
