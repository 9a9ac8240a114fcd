import { join } from "node:path";
import type { CustomerRecord } from "../model/record.js";
import { writeJsonAtomic } from "../outputs/validation-reports.js";
import { PAYLOADS_FILE } from "../outputs/payloads.js";
import type { Reseller } from "../rules/types.js";
import { addressOf, applySuggestion, validateAddress, type AddressSuggestions } from "../submit/address.js";
import type { PartnerCenterClient } from "../submit/client.js";
import { APPROVED } from "../submit/education.js";
import { AuthenticationError, RowFailure, StopRequested } from "../submit/errors.js";
import type { KeyState } from "../submit/ledger.js";
import { cartParticipants } from "../submit/order.js";
import { cartBody, customerBody, mcaAcceptance, mcaBody, type CartLine } from "../submit/payloads.js";
import { describeFailure, findOwnCustomer } from "../submit/saga.js";
import { checkAgainstCountryRules, countryRuleDifferences, type CountryRules } from "./dry-run-rules.js";

export const DRY_RUN_REPORT = "dry-run.json";

/**
 * How a row ends in a dry run. `ready`: the import would send it (payloads.jsonl has its requests); `would-fail`: a
 * read-only check found what Partner Center would refuse (`code`, `message`); `already-done`: an earlier run finished
 * it; `relationship`: the relationship-request URL; `failed`: a check itself could not be made (no answer).
 */
export type DryRunOutcome = "ready" | "would-fail" | "already-done" | "relationship" | "failed";

/** One request the import would send for a row. */
export interface PlannedRequest {
  step: string;
  method: string;
  path: string;
  body?: unknown;
}

export interface DryRunResult {
  outcome: DryRunOutcome;
  code?: string;
  message?: string;
  step?: string;
  notes: string[];
  /** The requests the import would send for the row, in order (up to the one a `would-fail` predicts refused). */
  requests: PlannedRequest[];
  customerId?: string;
  tenantId?: string;
  cartId?: string;
  orderIds?: string[];
  relationshipUrl?: string;
}

/** The read-only lookups a dry run shares across rows (each cached by the run). */
export interface DryRunDeps {
  client: PartnerCenterClient;
  state(key: string): Readonly<KeyState> | undefined;
  registrationCountries: ReadonlySet<string>;
  ordersBlocked: string | undefined;
  addressSuggestions: AddressSuggestions;
  catalogItem(productId: string, skuId: string, country: string): Promise<string | undefined>;
  reseller(id: string): Reseller | undefined;
  resellerTenant(id: string): string | undefined;
  resellerPartnerId(id: string): string | undefined;
  mcaTemplateId(): Promise<string>;
  relationshipUrl(): Promise<string>;
  countryRules(country: string): Promise<CountryRules | undefined>;
  stopRequested?: () => boolean;
  report: DryRunReport;
}

interface Problem {
  code: string;
  message: string;
  step: string;
}

/**
 * What the import would do with one accepted row, found with read-only requests only: the domain (taken, or one of
 * your customers already), the reseller, Partner Center's country rules, the address validation, the MCA template and
 * the offers' availability. Lists the requests the import would send, built by the same functions the import uses.
 * Nothing is created and the ledger is not written.
 */
export async function dryRunCustomer(key: string, record: CustomerRecord, deps: DryRunDeps): Promise<DryRunResult> {
  if (deps.stopRequested?.() === true) throw new StopRequested();
  const state: Readonly<KeyState> = deps.state(key) ?? {};
  const { client, report } = deps;
  const notes: string[] = [];
  const requests: PlannedRequest[] = [];
  const problems: Problem[] = [];
  // The import stops a row at its first refusal: requests after it are not listed, but every check is still made.
  const plan = (r: PlannedRequest): void => {
    if (problems.length === 0) requests.push(r);
  };
  const customer = state.customerId !== undefined ? encodeURIComponent(state.customerId) : "{customerId}";
  let step = "domain";
  try {
    for (const id of [record.reseller_id, ...(record.additional_reseller_ids ?? [])]) {
      if (id !== undefined) report.reseller(id, deps.reseller(id));
    }
    if (state.customerId === undefined) {
      const domain = `${record.domain ?? ""}.onmicrosoft.com`;
      if (state.createSent !== undefined) {
        notes.push(
          "an earlier run sent this customer's creation and got no answer: the import settles it by sending it again with the same MS-RequestId",
        );
      } else {
        const path = `/v1/domains/${encodeURIComponent(domain)}`;
        plan({ step: "domain", method: "HEAD", path });
        const head = await client.request("HEAD", path, { accept: [404] });
        if (head.status === 200) {
          const own = await findOwnCustomer(client, domain);
          report.domain(own !== undefined ? "existing" : "taken");
          problems.push(
            own !== undefined
              ? {
                  code: "CUSTOMER_EXISTS",
                  message: `the domain ${domain} belongs to your customer ${own.id}, which this state folder did not create; remove the row, or list the customer in --existing to request a relationship`,
                  step,
                }
              : { code: "DOMAIN_TAKEN", message: `the domain ${domain} is taken; choose another domain prefix`, step },
          );
        } else {
          report.domain("available");
        }
      }

      step = "create";
      let associatedPartnerId: string | undefined;
      if (record.reseller_id !== undefined) {
        associatedPartnerId = deps.resellerTenant(record.reseller_id);
        if (associatedPartnerId === undefined) {
          problems.push({
            code: "RESELLER_UNKNOWN",
            message: `reseller ${record.reseller_id} is not one of your indirect resellers`,
            step,
          });
        }
      }

      step = "country-rules";
      let refusals: string[] = [];
      const country = record.country;
      if (country !== undefined) {
        const rules = await deps.countryRules(country);
        if (rules !== undefined) {
          const found = checkAgainstCountryRules(record, rules, deps.registrationCountries.has(country));
          report.countryRow(country, found.refusals.length > 0, found.doubts.length > 0);
          refusals = found.refusals;
          notes.push(...found.doubts.map((d) => `Partner Center's country rules: ${d}`));
        }
      }

      step = "address";
      const validation = await validateAddress(client, record);
      const applied = applySuggestion(record, validation, deps.addressSuggestions);
      report.address(validation.status, applied.accepted);
      if (applied.note !== undefined) notes.push(applied.note);
      if (deps.addressSuggestions === "accept") {
        plan({ step: "address", method: "POST", path: "/v1/validations/address", body: addressOf(record) });
      }

      step = "create";
      plan({
        step,
        method: "POST",
        path: "/v1/customers",
        body: customerBody(applied.record, {
          registrationCountries: deps.registrationCountries,
          ...(associatedPartnerId !== undefined ? { associatedPartnerId } : {}),
        }),
      });
      if (refusals.length > 0) problems.push({ code: "COUNTRY_RULES", message: refusals.join("; "), step });
    }

    step = "mca";
    const acceptance = mcaAcceptance(record);
    if (state.mcaDone !== true) {
      if ("missing" in acceptance) {
        notes.push(`MCA not confirmed: ${acceptance.missing}`);
      } else {
        const templateId = await deps.mcaTemplateId();
        plan({
          step,
          method: "POST",
          path: `/v1/customers/${customer}/agreements`,
          body: mcaBody(acceptance, templateId),
        });
      }
    }

    // Education customers qualify after the MCA; Microsoft reviews them and their orders wait for the approval.
    const education = record.education === true && state.qualification !== APPROVED && state.orderIds === undefined;
    if (education) {
      step = "qualification";
      if (state.qualification === undefined) {
        plan({
          step,
          method: "POST",
          path: `/v1/customers/${customer}/qualifications`,
          body: {
            qualification: "Education",
            ...(record.education_segment !== undefined ? { educationSegment: record.education_segment } : {}),
            ...(record.website !== undefined ? { website: record.website } : {}),
          },
        });
      }
      notes.push(
        `education qualification: ${state.qualification ?? "submitted by the import"}; Microsoft reviews it before the offers can be ordered`,
      );
    }

    const offers = record.offers ?? [];
    if (offers.length > 0 && state.orderIds === undefined) {
      step = "availability";
      const country = record.country ?? "";
      const lines: CartLine[] = [];
      const missing: string[] = [];
      for (const offer of offers) {
        const catalogItemId =
          offer.availabilityId !== undefined
            ? `${offer.productId}:${offer.skuId}:${offer.availabilityId}`
            : await deps.catalogItem(offer.productId, offer.skuId, country);
        report.offer(offer.productId, offer.skuId, country, catalogItemId, offer.quantity);
        if (catalogItemId === undefined) missing.push(`${offer.productId}:${offer.skuId}`);
        else
          lines.push({
            catalogItemId,
            quantity: offer.quantity,
            termDuration: record.term_duration ?? "P1M",
            billingCycle: record.billing_cycle ?? "monthly",
          });
      }
      const unavailable =
        missing.length > 0
          ? `${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no availability in ${country}: Partner Center does not sell ${missing.length === 1 ? "it" : "them"} there`
          : undefined;
      if (state.mcaDone !== true && "missing" in acceptance) {
        notes.push("offers not ordered: Partner Center takes no order before the customer's MCA is confirmed");
        if (unavailable !== undefined) notes.push(unavailable);
      } else if (education) {
        notes.push(
          "offers not ordered yet: a later run orders them once Microsoft approves the education qualification",
        );
        if (unavailable !== undefined) notes.push(unavailable);
      } else if (deps.ordersBlocked !== undefined) {
        notes.push(`offers not ordered: ${deps.ordersBlocked}`);
        if (unavailable !== undefined) notes.push(unavailable);
      } else if (unavailable !== undefined) {
        problems.push({ code: "OFFER_NOT_AVAILABLE", message: unavailable, step });
      } else {
        step = "cart";
        const carts = `/v1/customers/${customer}/carts`;
        if (state.cartId === undefined) {
          try {
            plan({ step, method: "POST", path: carts, body: cartBody(lines, cartParticipants(record, deps)) });
          } catch (error: unknown) {
            if (!(error instanceof RowFailure)) throw error;
            problems.push({ code: error.code, message: error.message, step });
          }
        }
        const cart = state.cartId !== undefined ? encodeURIComponent(state.cartId) : "{cartId}";
        plan({ step: "checkout", method: "POST", path: `${carts}/${cart}/checkout` });
      }
    }

    const result: DryRunResult = { outcome: "ready", notes, requests };
    if (state.customerId !== undefined) result.customerId = state.customerId;
    if (state.tenantId !== undefined) result.tenantId = state.tenantId;
    if (state.cartId !== undefined) result.cartId = state.cartId;
    if (state.orderIds !== undefined) result.orderIds = state.orderIds;
    const [first, ...more] = problems;
    if (first !== undefined) {
      notes.push(...more.map((p) => `also ${p.code}: ${p.message}`));
      return { ...result, outcome: "would-fail", code: first.code, message: first.message, step: first.step };
    }
    if (requests.length === 0 && state.customerId !== undefined) result.outcome = "already-done";
    return result;
  } catch (error: unknown) {
    if (error instanceof AuthenticationError || error instanceof StopRequested) throw error;
    return { outcome: "failed", ...describeFailure(error), step, notes, requests: [] };
  }
}

/** A relationship row in a dry run: the URL the import would give (a read), or the one an earlier run recorded. */
export async function dryRunRelationship(key: string, deps: DryRunDeps): Promise<DryRunResult> {
  const done = deps.state(key)?.relationshipUrl;
  if (done !== undefined) return { outcome: "already-done", relationshipUrl: done, notes: [], requests: [] };
  try {
    const url = await deps.relationshipUrl();
    return {
      outcome: "relationship",
      relationshipUrl: url,
      notes: ["the import gives this relationship request URL to send to the customer"],
      requests: [],
    };
  } catch (error: unknown) {
    if (error instanceof AuthenticationError) throw error;
    return { outcome: "failed", step: "relationship", ...describeFailure(error), notes: [], requests: [] };
  }
}

interface CountrySection {
  country: string;
  /** Partner Center's rules as answered; null when it knows no rules for the country (404). */
  api: CountryRules | null;
  /** Where the tool's own rules differ from Partner Center's. */
  differences: string[];
  rows: number;
  /** Rows the tool accepted that Partner Center's rules would refuse (outcome would-fail, code COUNTRY_RULES). */
  rowsRefused: number;
  /** Rows with a value outside Partner Center's patterns or lists (noted on the row). */
  rowsWithDoubts: number;
}

interface OfferSection {
  productId: string;
  skuId: string;
  country: string;
  catalogItemId: string | null;
  rows: number;
  /** Billable subscriptions: the rows' quantities added up. */
  quantity: number;
}

interface ResellerSection {
  id: string;
  known: boolean;
  partnerId?: string;
  tenantId?: string;
  name?: string;
  mpaSigned?: boolean;
  rows: number;
}

/** The sections of `dry-run.json`, filled row by row. */
export class DryRunReport {
  private readonly rows: Record<string, number> = {};
  private readonly requests: { total: number; byStep: Record<string, number> } = { total: 0, byStep: {} };
  private readonly domains = { checked: 0, available: 0, taken: 0, existingCustomers: 0 };
  private readonly countries = new Map<string, CountrySection>();
  private readonly addresses: { mode: AddressSuggestions; checked: number; byStatus: Record<string, number> } & {
    accepted: number;
  };
  private readonly offers = new Map<string, OfferSection>();
  private readonly resellers = new Map<string, ResellerSection>();

  constructor(
    private readonly context: { file: string; endpoint: string; ordersBlocked: string | undefined },
    mode: AddressSuggestions,
  ) {
    this.addresses = { mode, checked: 0, byStatus: {}, accepted: 0 };
  }

  row(outcome: string, requests: readonly PlannedRequest[]): void {
    this.rows[outcome] = (this.rows[outcome] ?? 0) + 1;
    for (const r of requests) {
      this.requests.total++;
      this.requests.byStep[r.step] = (this.requests.byStep[r.step] ?? 0) + 1;
    }
  }

  domain(status: "available" | "taken" | "existing"): void {
    this.domains.checked++;
    if (status === "available") this.domains.available++;
    else if (status === "taken") this.domains.taken++;
    else this.domains.existingCustomers++;
  }

  /** Partner Center's rules for a country, once (the run caches the request). */
  country(country: string, api: CountryRules | undefined): void {
    if (this.countries.has(country)) return;
    this.countries.set(country, {
      country,
      api: api ?? null,
      differences: api === undefined ? [] : countryRuleDifferences(country, api),
      rows: 0,
      rowsRefused: 0,
      rowsWithDoubts: 0,
    });
  }

  countryRow(country: string, refused: boolean, doubted: boolean): void {
    const section = this.countries.get(country);
    if (section === undefined) return;
    section.rows++;
    if (refused) section.rowsRefused++;
    if (doubted) section.rowsWithDoubts++;
  }

  address(status: string, accepted: boolean): void {
    this.addresses.checked++;
    this.addresses.byStatus[status] = (this.addresses.byStatus[status] ?? 0) + 1;
    if (accepted) this.addresses.accepted++;
  }

  offer(productId: string, skuId: string, country: string, catalogItemId: string | undefined, quantity: number): void {
    const k = `${productId}:${skuId}:${country}`.toUpperCase();
    let section = this.offers.get(k);
    if (section === undefined) {
      section = { productId, skuId, country, catalogItemId: catalogItemId ?? null, rows: 0, quantity: 0 };
      this.offers.set(k, section);
    }
    section.rows++;
    section.quantity += quantity;
  }

  reseller(id: string, found: Reseller | undefined): void {
    const k = id.toLowerCase();
    let section = this.resellers.get(k);
    if (section === undefined) {
      section = { id, known: found !== undefined, rows: 0 };
      if (found !== undefined) {
        section.partnerId = found.partnerId;
        section.tenantId = found.tenantId;
        section.mpaSigned = found.mpaSigned;
        if (found.name !== undefined) section.name = found.name;
      }
      this.resellers.set(k, section);
    }
    section.rows++;
  }

  toJSON(): Record<string, unknown> {
    return {
      file: this.context.file,
      endpoint: this.context.endpoint,
      rows: this.rows,
      payloads: { file: PAYLOADS_FILE, requests: this.requests.total, byStep: this.requests.byStep },
      orders:
        this.context.ordersBlocked === undefined
          ? { enabled: true }
          : { enabled: false, why: this.context.ordersBlocked },
      domains: this.domains,
      countryRules: [...this.countries.values()],
      addresses: this.addresses,
      resellers: [...this.resellers.values()],
      offers: [...this.offers.values()],
    };
  }

  /** Writes `dry-run.json` into the output folder; answers its path. */
  async write(outDir: string): Promise<string> {
    const path = join(outDir, DRY_RUN_REPORT);
    await writeJsonAtomic(path, this.toJSON());
    return path;
  }
}
