import euEfta from "../../data/eu-efta.json" with { type: "json" };
import { normalizeResellerId, splitList } from "../../normalize/ids.js";
import type { Finding, Reseller, Rule, RuleContext } from "../types.js";
import { given, q } from "./util.js";

const EU_EFTA: ReadonlySet<string> = new Set([...euEfta.eu, ...euEfta.efta]);
const MAX_ADDITIONAL = 5;
const SHAPE = "a PartnerID (digits) or a reseller tenant ID (GUID)";

/** Whether `country` is an EU or EFTA member. */
export function isEuEfta(country: string): boolean {
  return EU_EFTA.has(country);
}

function lookup(ctx: RuleContext, id: string): Reseller | undefined {
  return ctx.resellers?.get(id.toLowerCase());
}

/** The same reseller, whether named by PartnerID or tenant ID (through the registry when there is one). */
function sameReseller(ctx: RuleContext, a: string, b: string): boolean {
  if (a === b) return true;
  const ra = lookup(ctx, a);
  return ra !== undefined && ra === lookup(ctx, b);
}

export const RESELLER_NOT_ALLOWED: Rule = {
  code: "RESELLER_NOT_ALLOWED",
  severity: "error",
  fields: ["reseller_id", "additional_reseller_ids"],
  title: "Resellers are given only when the partner is an indirect provider (--partner-type indirect-provider)",
  source: "how-to consideration 8; input contract (reseller_id)",
  scope: "customer",
  check(row, ctx) {
    if (ctx.partnerType === "indirect-provider") return undefined;
    let findings: Finding[] | undefined;
    for (const field of ["reseller_id", "additional_reseller_ids"] as const) {
      const text = given(row, field);
      if (text === undefined) continue;
      (findings ??= []).push({
        field,
        message: `expected no reseller for partner type ${ctx.partnerType} (resellers are for indirect providers), found ${q(text)}`,
      });
    }
    return findings;
  },
};

export const RESELLER_ID_INVALID: Rule = {
  code: "RESELLER_ID_INVALID",
  severity: "error",
  fields: ["reseller_id", "additional_reseller_ids"],
  title: "Reseller references are PartnerIDs (digits) or tenant IDs (GUIDs)",
  source: "input contract (reseller_id, additional_reseller_ids)",
  scope: "customer",
  check(row) {
    let findings: Finding[] | undefined;
    const text = given(row, "reseller_id");
    if (text !== undefined && row.record.reseller_id === undefined) {
      (findings ??= []).push({ field: "reseller_id", message: `expected ${SHAPE}, found ${q(text)}` });
    }
    const list = given(row, "additional_reseller_ids");
    if (list !== undefined && row.record.additional_reseller_ids === undefined) {
      const bad = splitList(list).filter((item) => normalizeResellerId(item) === undefined);
      (findings ??= []).push({
        field: "additional_reseller_ids",
        message: `expected ${SHAPE} for each additional reseller, found ${bad.map(q).join(", ")}`,
      });
    }
    return findings;
  },
};

function registryFindings(ctx: RuleContext, ids: readonly string[], field: "reseller_id" | "additional_reseller_ids") {
  let unknown: string[] | undefined;
  let unsigned: string[] | undefined;
  for (const id of ids) {
    const reseller = lookup(ctx, id);
    if (reseller === undefined) (unknown ??= []).push(id);
    else if (!reseller.mpaSigned) (unsigned ??= []).push(id);
  }
  return { field, unknown, unsigned };
}

export const RESELLER_UNKNOWN: Rule = {
  code: "RESELLER_UNKNOWN",
  severity: "error",
  fields: ["reseller_id", "additional_reseller_ids"],
  title: "Each reseller is in the reseller registry (--resellers, or the API during import)",
  source: "how-to consideration 9; API errors 800016 (not a valid indirect reseller)",
  scope: "customer",
  check(row, ctx) {
    if (ctx.resellers === undefined || ctx.partnerType !== "indirect-provider") return undefined;
    let findings: Finding[] | undefined;
    const { reseller_id: id, additional_reseller_ids: more } = row.record;
    for (const { field, unknown } of [
      registryFindings(ctx, id === undefined ? [] : [id], "reseller_id"),
      registryFindings(ctx, more ?? [], "additional_reseller_ids"),
    ]) {
      if (unknown === undefined) continue;
      (findings ??= []).push({
        field,
        message: `expected a reseller of the registry (an indirect reseller of this partner), found ${unknown.map(q).join(", ")}`,
      });
    }
    return findings;
  },
};

export const RESELLER_NO_MPA: Rule = {
  code: "RESELLER_NO_MPA",
  severity: "error",
  fields: ["reseller_id", "additional_reseller_ids"],
  title: "Each reseller has signed the Microsoft Partner Agreement",
  source: "how-to consideration 9; API error 900123 (reseller without MPA)",
  scope: "customer",
  check(row, ctx) {
    if (ctx.resellers === undefined || ctx.partnerType !== "indirect-provider") return undefined;
    let findings: Finding[] | undefined;
    const { reseller_id: id, additional_reseller_ids: more } = row.record;
    for (const { field, unsigned } of [
      registryFindings(ctx, id === undefined ? [] : [id], "reseller_id"),
      registryFindings(ctx, more ?? [], "additional_reseller_ids"),
    ]) {
      if (unsigned === undefined) continue;
      (findings ??= []).push({
        field,
        message: `expected a reseller with a signed Microsoft Partner Agreement, found ${unsigned.map(q).join(", ")} without one`,
      });
    }
    return findings;
  },
};

export const ADDITIONAL_RESELLERS_OUTSIDE_EU: Rule = {
  code: "ADDITIONAL_RESELLERS_OUTSIDE_EU",
  severity: "error",
  fields: ["additional_reseller_ids", "country"],
  title: "Additional resellers only for customers in the EU or EFTA",
  source: "how-to consideration 9 (EU/EFTA additional resellers)",
  scope: "customer",
  check(row) {
    const country = row.record.country;
    if (country === undefined || isEuEfta(country) || given(row, "additional_reseller_ids") === undefined)
      return undefined;
    return {
      field: "additional_reseller_ids",
      message: `expected additional resellers only for a customer in the EU or EFTA, found a customer in ${country}`,
    };
  },
};

export const ADDITIONAL_RESELLERS_WITHOUT_RESELLER: Rule = {
  code: "ADDITIONAL_RESELLERS_WITHOUT_RESELLER",
  severity: "error",
  fields: ["additional_reseller_ids", "reseller_id"],
  title: "Additional resellers only beside an initial reseller_id",
  source: "how-to consideration 9 (an initial reseller comes first)",
  scope: "customer",
  check(row) {
    if (given(row, "additional_reseller_ids") === undefined || given(row, "reseller_id") !== undefined)
      return undefined;
    return {
      field: "additional_reseller_ids",
      message: "expected a reseller_id first (the initial reseller), found none",
    };
  },
};

export const ADDITIONAL_RESELLERS_TOO_MANY: Rule = {
  code: "ADDITIONAL_RESELLERS_TOO_MANY",
  severity: "error",
  fields: ["additional_reseller_ids"],
  title: `At most ${MAX_ADDITIONAL} additional resellers`,
  source: "how-to consideration 9; API AdditionalPartnerIdsOnRecord (<= 5)",
  scope: "customer",
  check(row) {
    const list = given(row, "additional_reseller_ids");
    if (list === undefined) return undefined;
    const n = row.record.additional_reseller_ids?.length ?? splitList(list).length;
    if (n <= MAX_ADDITIONAL) return undefined;
    return {
      field: "additional_reseller_ids",
      message: `expected at most ${MAX_ADDITIONAL} additional resellers, found ${n}`,
    };
  },
};

export const ADDITIONAL_RESELLER_REPEATED: Rule = {
  code: "ADDITIONAL_RESELLER_REPEATED",
  severity: "error",
  fields: ["additional_reseller_ids"],
  title: "Additional resellers are each named once and differ from reseller_id",
  source: "how-to consideration 9",
  scope: "customer",
  check(row, ctx) {
    const ids = row.record.additional_reseller_ids;
    if (ids === undefined) return undefined;
    const initial = row.record.reseller_id;
    let findings: Finding[] | undefined;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? "";
      if (initial !== undefined && sameReseller(ctx, id, initial)) {
        (findings ??= []).push({
          field: "additional_reseller_ids",
          message: `expected additional resellers other than the initial reseller_id, found ${q(id)}`,
        });
      }
      for (let j = 0; j < i; j++) {
        if (sameReseller(ctx, id, ids[j] ?? "")) {
          (findings ??= []).push({
            field: "additional_reseller_ids",
            message: `expected each additional reseller once, found ${q(id)} again`,
          });
          break;
        }
      }
    }
    return findings;
  },
};
