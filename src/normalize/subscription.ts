import { BILLING_CYCLES, TERM_DURATIONS } from "../model/record.js";

const TERMS: ReadonlyMap<string, string> = new Map([
  ...TERM_DURATIONS.map((t) => [t.toLowerCase(), t] as const),
  ["1m", "P1M"],
  ["1 month", "P1M"],
  ["1 maand", "P1M"],
  ["1y", "P1Y"],
  ["1 year", "P1Y"],
  ["1 jaar", "P1Y"],
  ["3y", "P3Y"],
  ["3 years", "P3Y"],
  ["3 jaar", "P3Y"],
]);
const BILLING: ReadonlyMap<string, string> = new Map([
  ...BILLING_CYCLES.map((b) => [b, b] as const),
  ["month", "monthly"],
  ["maandelijks", "monthly"],
  ["yearly", "annual"],
  ["annually", "annual"],
  ["jaarlijks", "annual"],
  ["triennially", "triennial"],
]);

/** A new-commerce term: P1M, P1Y or P3Y ("p1y", "1 year", "1 jaar" -> "P1Y"); undefined otherwise. */
export function normalizeTermDuration(value: string): string | undefined {
  return TERMS.get(value.toLowerCase());
}

/** A billing cycle: monthly, annual or triennial ("Yearly", "jaarlijks" -> "annual"); undefined otherwise. */
export function normalizeBillingCycle(value: string): string | undefined {
  return BILLING.get(value.toLowerCase());
}
