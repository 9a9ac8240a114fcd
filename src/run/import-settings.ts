import { z } from "zod";
import { validateSettingsSchema } from "./settings.js";

/** Every setting of an `import` run: the validate settings plus where and how to reach Partner Center. */
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
});

export type ImportSettings = z.output<typeof importSettingsSchema>;
export type ImportSettingsInput = z.input<typeof importSettingsSchema>;
