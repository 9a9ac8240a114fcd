import type { Logger } from "pino";
import { RunError } from "../errors/run-error.js";
import { buildLookup, headerScorer, loadUserMapping, type HeaderLookup } from "../mapping/mapping.js";
import { compileRules, unknownCodes, type CompiledRules } from "../rules/engine.js";
import { RULES } from "../rules/catalogue.js";
import type { Field } from "../model/fields.js";
import type { RuleContext } from "../rules/types.js";
import { KeyIndex } from "../util/key-index.js";
import { loadExistingCustomers, loadOffersCatalog, loadResellers } from "./lookups.js";
import type { ValidateSettings } from "./settings.js";

export interface RunContext {
  lookup: HeaderLookup;
  headerScore: (cells: readonly string[]) => number;
  rules: CompiledRules;
  ctx: RuleContext;
}

/** Everything a run needs before its first row: checked settings, the column names, the rules, the lookups. */
export async function prepareRun(settings: ValidateSettings, now: Date, logger: Logger): Promise<RunContext> {
  const unknown = unknownCodes(RULES, settings.rules);
  if (unknown.length > 0) {
    throw new RunError(
      "CONFIG_INVALID",
      `setting 'rules' names unknown rule code${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; see docs/rules.md`,
    );
  }
  const lookup = buildLookup(settings.columns !== undefined ? await loadUserMapping(settings.columns) : {});
  const ctx: RuleContext = {
    partnerType: settings.partnerType,
    partnerDomains: new Set(settings.partnerDomains.map((d) => d.toLowerCase().replace(/^@/, ""))),
    today: now.toISOString().slice(0, 10),
    attested: settings.attestPartnerRole && settings.attestNoAffiliateResale,
    ...(settings.defaults.dateOrder !== undefined ? { dateOrder: settings.defaults.dateOrder } : {}),
    seen: { domains: new KeyIndex(), externalIds: new KeyIndex(), nameCountry: new KeyIndex() },
  };
  if (settings.resellers !== undefined) {
    ctx.resellers = await loadResellers(settings.resellers);
    logger.info({ file: settings.resellers, resellers: ctx.resellers.size / 2 }, "reseller registry loaded");
  }
  if (settings.existing !== undefined) {
    const existing = await loadExistingCustomers(settings.existing);
    ctx.existingDomains = existing.domains;
    ctx.existingNames = existing.names;
    logger.info({ file: settings.existing, customers: existing.domains.size }, "existing customers loaded");
  }
  if (settings.offersCatalog !== undefined) ctx.offersCatalog = await loadOffersCatalog(settings.offersCatalog);
  return {
    lookup,
    headerScore: headerScorer(lookup),
    rules: compileRules(RULES, { overrides: settings.rules, strict: settings.strict }),
    ctx,
  };
}

/**
 * Sizes the duplicate indexes for the rows a reader expects (CSV: from the file's size), so that they do not grow and
 * copy themselves while the rows come: less work a row, and no moment with an old and a new table side by side. Only
 * the indexes whose key columns the file has: the others would stay empty.
 */
export function reserveKeyIndexes(
  seen: RuleContext["seen"],
  columnOf: ReadonlyMap<Field, number>,
  estimatedRows: number | undefined,
): void {
  if (estimatedRows === undefined) return;
  if (columnOf.has("domain")) seen.domains.reserve(estimatedRows);
  if (columnOf.has("external_id")) seen.externalIds.reserve(estimatedRows);
  if (columnOf.has("company_name")) seen.nameCountry.reserve(estimatedRows);
}
