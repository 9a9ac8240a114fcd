import registration from "../../data/registration-countries.json" with { type: "json" };
import type { Rule, RuleContext, RuleRow } from "../types.js";
import { present } from "./util.js";

const COUNTRIES: ReadonlySet<string> = new Set(registration.countries);

/** Whether the country is one of the 24 where a company phone and registration ID are required. */
export function requiresPhoneAndRegistrationId(country: string): boolean {
  return COUNTRIES.has(country);
}

/** The country, when the row falls under the 24-country requirement for this partner type; else undefined. */
function requiringCountry(row: RuleRow, ctx: RuleContext): string | undefined {
  const country = row.record.country;
  if (country === undefined || ctx.partnerType === "indirect-reseller" || !COUNTRIES.has(country)) return undefined;
  return country;
}

const WHO = "for direct-bill partners and indirect providers";

export const PHONE_REQUIRED: Rule = {
  code: "PHONE_REQUIRED",
  severity: "error",
  fields: ["phone"],
  title: "A company phone number in the 24 countries that require one (direct-bill partners, indirect providers)",
  source: "how-to consideration 2; API error 600051 (phone missing)",
  scope: "customer",
  check(row, ctx) {
    const country = requiringCountry(row, ctx);
    if (country === undefined || present(row, "phone")) return undefined;
    return {
      field: "phone",
      message: `expected a company phone number (required in ${country} ${WHO}), found nothing`,
    };
  },
};

export const REGISTRATION_ID_REQUIRED: Rule = {
  code: "REGISTRATION_ID_REQUIRED",
  severity: "error",
  fields: ["registration_id"],
  title: "A registration ID in the 24 countries that require one (direct-bill partners, indirect providers)",
  source: "how-to considerations 1-2; API error 600049 (registration ID missing)",
  scope: "customer",
  check(row, ctx) {
    const country = requiringCountry(row, ctx);
    if (country === undefined || present(row, "registration_id")) return undefined;
    return {
      field: "registration_id",
      message: `expected the company's registration ID (required in ${country} ${WHO}), found nothing`,
    };
  },
};
