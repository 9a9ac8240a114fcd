import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { partnerSchema, productSchema, resellerSchema, type EmulatorState } from "./state.js";
import { fullDomain } from "./domain-name.js";

/** The world an emulator starts from: the partner, its indirect resellers, existing customers, and the catalog. */
export const emulatorSeedSchema = z.strictObject({
  partner: partnerSchema.optional(),
  resellers: z.array(resellerSchema).default([]),
  customers: z
    .array(
      z.strictObject({
        tenantId: z.guid(),
        /** `prefix.onmicrosoft.com` or the bare prefix. */
        domain: z.string().min(1),
        companyName: z.string().min(1),
        country: z.string().length(2).optional(),
        /** The customer has already accepted the Microsoft Customer Agreement. */
        mcaAccepted: z.boolean().optional(),
      }),
    )
    .default([]),
  products: z.array(productSchema).default([]),
});
export type EmulatorSeed = z.input<typeof emulatorSeedSchema>;

export const DEFAULT_PARTNER = {
  tenantId: "7c1b9e0a-3f4d-4b8e-9a61-2d5f0c8e4b17",
  mpnId: "6100001",
  name: "Emulated CSP Partner",
} as const;

/** The MCA template every customer agreement must name (what `GET /v1/agreements` lists). */
export const MCA_TEMPLATE_ID = "117a69d7-6c5e-4d3b-9f0a-2b8c1e4d5f60";

/** Reads a seed object or JSON file and checks it; throws with the file and the offending path. */
export async function loadSeed(seed: EmulatorSeed | string): Promise<z.output<typeof emulatorSeedSchema>> {
  let raw: unknown = seed;
  const where = typeof seed === "string" ? `seed file ${seed}` : "seed";
  if (typeof seed === "string") {
    try {
      raw = JSON.parse(await readFile(seed, "utf8"));
    } catch (error: unknown) {
      throw new Error(`cannot read the ${where}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
  const parsed = emulatorSeedSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid ${where}: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** A fresh state from a checked seed. */
export function stateFromSeed(seed: z.output<typeof emulatorSeedSchema>, nowIso: string): EmulatorState {
  return {
    version: 1,
    partner: seed.partner ?? { ...DEFAULT_PARTNER },
    resellers: seed.resellers,
    products: seed.products,
    customers: seed.customers.map((c) => ({
      id: c.tenantId.toLowerCase(),
      commerceId: randomUUID(),
      domain: fullDomain(c.domain),
      companyName: c.companyName,
      ...(c.country !== undefined && { country: c.country.toUpperCase() }),
      createdAt: nowIso,
      seeded: true,
      agreements:
        c.mcaAccepted === true
          ? [
              {
                id: randomUUID(),
                templateId: MCA_TEMPLATE_ID,
                type: "MicrosoftCustomerAgreement",
                dateAgreed: nowIso,
                primaryContact: { firstName: "Existing", lastName: "Customer", email: `admin@${fullDomain(c.domain)}` },
                createdAt: nowIso,
              },
            ]
          : [],
      qualifications: [],
      carts: [],
      orders: [],
    })),
    replies: [],
  };
}
