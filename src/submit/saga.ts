import { APPROVED, educationQualification } from "./education.js";
import type { Logger } from "pino";
import type { CustomerRecord } from "../model/record.js";
import { PartnerCenterClient } from "./client.js";
import {
  answersStep,
  AuthenticationError,
  PartnerCenterError,
  RetriesExhaustedError,
  RowFailure,
  StopRequested,
  stepRequest,
} from "./errors.js";
import { attemptRecorder, type KeyState, type Ledger } from "./ledger.js";
import { placeOrder, type OrderDeps, type StepCursor } from "./order.js";
import { customerBody, mcaAcceptance, mcaBody } from "./payloads.js";

/**
 * How a row ended. `created`: this run did the rest of its work (customer, MCA, order) and it is finished;
 * `already-done`: finished by an earlier run, nothing sent; `created-without-order`: the customer exists but its
 * offers were not ordered (attestations not confirmed, or no MCA acceptance), `code` says why; `relationship`: the
 * relationship-request URL; `rejected`: not sent (validation); `failed`: a step failed, `code`, `message` and `step`
 * say which and why; `not-selected`: left out by `--rows`, `--limit` or `--only-failed` (`code` says which), nothing
 * sent, the ids an earlier run recorded carried over.
 */
export type ImportOutcome =
  "created" | "already-done" | "created-without-order" | "failed" | "relationship" | "rejected" | "not-selected";

/** Every outcome, in the order summaries list them. */
export const IMPORT_OUTCOMES: readonly ImportOutcome[] = [
  "created",
  "already-done",
  "created-without-order",
  "relationship",
  "rejected",
  "failed",
  "not-selected",
];

/** Codes of `created-without-order`: why the offers of a created customer were not ordered. */
export const NOT_ORDERED = {
  attestation: "ATTESTATION_NOT_CONFIRMED",
  mca: "MCA_NOT_CONFIRMED",
  education: "EDUCATION_IN_REVIEW",
} as const;

export interface SagaResult {
  outcome: ImportOutcome;
  customerId?: string;
  tenantId?: string;
  /** The cart that ordered the row's offers, and the orders its checkout made. */
  cartId?: string;
  orderIds?: string[];
  /**
   * Partner Center's code (or the tool's: NO_ANSWER, DOMAIN_TAKEN, OFFER_NOT_AVAILABLE...) for a failure; the reason
   * for `created-without-order`.
   */
  code?: string;
  message?: string;
  /** The step that failed: create, mca, availability, cart, checkout (or relationship). */
  step?: string;
  notes: string[];
  passwordLost?: boolean;
  /** The customer was created by an earlier run: its one-time password went to that run's credentials file. */
  passwordEarlier?: string;
  relationshipUrl?: string;
}

/** What every row's saga shares: the client, the ledger, and per-run lookups (cached). */
export interface SagaDeps extends OrderDeps {
  client: PartnerCenterClient;
  ledger: Ledger;
  logger: Logger;
  registrationCountries: ReadonlySet<string>;
  /**
   * Why this run places no orders (an attestation of the partner not confirmed), or undefined when it does: a cart
   * states PartnerOnRecordAttestationAccepted.
   */
  ordersBlocked: string | undefined;
  mcaTemplateId(): Promise<string>;
  relationshipUrl(): Promise<string>;
  /** The reseller's tenant ID for a row's reseller_id (PartnerID or tenant GUID), or undefined when unknown. */
  resellerTenant(id: string): string | undefined;
  /** Stores a new customer's one-time password (credentials.csv); done before the ledger records the customer. */
  saveCredentials(customerId: string, userName: string, password: string): void | Promise<void>;
  /** Where `saveCredentials` writes (recorded in the ledger, so that a later run finishing the row can say where). */
  credentialsFile?: string;
  /**
   * True once the run is stopping: a row in flight ends after its current step (`StopRequested`), and the next run
   * continues it from the ledger.
   */
  stopRequested?: () => boolean;
  /**
   * The address to create the customer with, when the run accepts Partner Center's address suggestions
   * (`--address-suggestions accept`): the record with the suggested address, and a note saying so.
   */
  acceptAddress?: (record: CustomerRecord) => Promise<{ record: CustomerRecord; note?: string }>;
}

interface CreatedCustomer {
  id: string;
  companyProfile?: { tenantId?: string; domain?: string };
  userCredentials?: { userName?: string; password?: string };
}

interface CustomerList {
  items?: CreatedCustomer[];
}

const MCA_ALREADY_CONFIRMED = "600061";

/**
 * One accepted row through Partner Center: check the domain, create the customer, confirm its Microsoft Customer
 * Agreement, order its offers (when the run confirmed the partner's attestations). Every step is recorded in the ledger
 * first, so a run stopped anywhere continues where it was and never creates a customer, confirms an MCA or orders
 * twice. An authentication failure is thrown (it stops the run); every other failure is the row's.
 */
const EARLIER_PASSWORD = "the customer was created by an earlier run: its one-time admin password is in ";

/**
 * Why a row cannot be the customer an earlier run created under its key, when its domain is not that customer's (an
 * external_id given to another customer since): the row would otherwise pass for done with the other customer's IDs.
 */
function keyReusedBy(key: string, before: Readonly<KeyState>, record: CustomerRecord): string | undefined {
  const user = before.userName?.toLowerCase();
  const domain = record.domain;
  if (before.customerId === undefined || user === undefined || domain === undefined) return undefined;
  const earlier = /@([^.@]+)\.onmicrosoft\.com$/.exec(user)?.[1];
  if (earlier === undefined || earlier === domain) return undefined;
  return (
    `the key '${key}' created customer ${before.customerId} with domain '${earlier}' in an earlier run, and this row ` +
    `has domain '${domain}': if it is another customer, give it an external_id of its own; nothing was sent`
  );
}

export async function onboardCustomer(key: string, record: CustomerRecord, deps: SagaDeps): Promise<SagaResult> {
  const before: Readonly<KeyState> = { ...(deps.ledger.get(key) ?? {}) };
  const notes: string[] = [];
  const at: StepCursor = { step: "create" };
  let customerId = before.customerId;
  const checkpoint = (): void => {
    if (deps.stopRequested?.() === true) throw new StopRequested();
  };
  const reused = keyReusedBy(key, before, record);
  if (reused !== undefined) return { outcome: "failed", code: "KEY_REUSED", message: reused, step: "create", notes };
  try {
    checkpoint();
    let tenantId = before.tenantId;
    let passwordLost = before.passwordLost === true;
    if (customerId === undefined) {
      const created = await createCustomer(key, record, before, deps, notes);
      if ("failure" in created) return { ...created.failure, notes, step: at.step };
      customerId = created.id;
      tenantId = created.tenantId;
      passwordLost = created.passwordLost;
    }
    const id = customerId;
    if (passwordLost) {
      notes.push(
        "the customer was created but its one-time admin password never reached this tool: reset the admin password in Partner Center (Customers > the customer > Users and licenses > Reset password)",
      );
    }
    const result: SagaResult = { outcome: "created", customerId: id, notes };
    if (tenantId !== undefined) result.tenantId = tenantId;
    if (passwordLost) result.passwordLost = true;
    const earlier = before.credentialsFile;
    if (before.customerId !== undefined && !passwordLost && earlier !== deps.credentialsFile) {
      // A run stopped after creating the customer: this run finishes the row, the password went out then.
      notes.push(`${EARLIER_PASSWORD}${earlier ?? "that run's credentials.csv"}`);
      result.passwordEarlier = earlier ?? "";
    }

    at.step = "mca";
    let didWork = before.customerId === undefined;
    let mcaConfirmed = before.mcaDone === true;
    const acceptance = mcaAcceptance(record);
    if ("missing" in acceptance) {
      notes.push(`MCA not confirmed: ${acceptance.missing}`);
    } else if (!mcaConfirmed) {
      checkpoint();
      await confirmMca(key, id, acceptance, before.mcaSent, deps);
      mcaConfirmed = true;
      didWork = true;
    }

    // Education customers qualify first; Microsoft reviews them, and their orders wait for the approval.
    let qualification = before.qualification;
    if (record.education === true && qualification !== APPROVED && before.orderIds === undefined) {
      at.step = "qualification";
      checkpoint();
      qualification = await educationQualification(key, id, record, deps);
      if (before.qualification === undefined) didWork = true;
    }
    if (record.education === true && qualification !== undefined) {
      notes.push(`education qualification: ${qualification}`);
    }

    if ((record.offers ?? []).length > 0) {
      if (before.orderIds !== undefined) {
        if (before.cartId !== undefined) result.cartId = before.cartId;
        result.orderIds = before.orderIds;
      } else if (!mcaConfirmed) {
        const why = "missing" in acceptance ? acceptance.missing : "the MCA is not confirmed";
        return withoutOrder(
          result,
          NOT_ORDERED.mca,
          `offers not ordered: Partner Center takes no order before the customer's MCA is confirmed (${why})`,
        );
      } else if (record.education === true && qualification !== APPROVED) {
        return withoutOrder(
          result,
          NOT_ORDERED.education,
          `offers not ordered yet: the education qualification is ${qualification ?? "not submitted"}; the next run of the same command (or csp-onboard status) orders them once Microsoft approves it`,
        );
      } else if (deps.ordersBlocked !== undefined) {
        const started =
          before.cartSent !== undefined || before.cartId !== undefined || before.checkoutSent !== undefined
            ? " (an earlier run started this order: the next run with the attestations finishes it, once)"
            : "";
        return withoutOrder(result, NOT_ORDERED.attestation, `offers not ordered: ${deps.ordersBlocked}${started}`);
      } else {
        checkpoint();
        const placed = await placeOrder(key, id, record, deps, at);
        result.cartId = placed.cartId;
        result.orderIds = placed.orderIds;
        didWork = true;
      }
    }
    if (!didWork) {
      // Finished by an earlier run, which reported where the password went.
      result.outcome = "already-done";
      result.notes = notes.filter((n) => !n.startsWith(EARLIER_PASSWORD));
      delete result.passwordEarlier;
    }
    return result;
  } catch (error: unknown) {
    if (error instanceof AuthenticationError || error instanceof StopRequested) throw error;
    const failure = describeFailure(error);
    deps.ledger.note({
      k: key,
      s: "failed",
      step: at.step,
      code: failure.code,
      message: failure.message,
      ...(answersStep(error) ? { answered: true as const } : {}),
    });
    const result: SagaResult = { outcome: "failed", ...failure, step: at.step, notes };
    if (customerId !== undefined) result.customerId = customerId;
    return result;
  }
}

function withoutOrder(result: SagaResult, code: string, message: string): SagaResult {
  return { ...result, outcome: "created-without-order", code, message };
}

type CreateResult =
  | { id: string; tenantId?: string; passwordLost: boolean }
  | { failure: { outcome: "failed"; code: string; message: string } };

async function createCustomer(
  key: string,
  given: CustomerRecord,
  before: Readonly<KeyState>,
  deps: SagaDeps,
  notes: string[],
): Promise<CreateResult> {
  let record = given;
  const domain = `${record.domain ?? ""}.onmicrosoft.com`;
  const { client, ledger } = deps;

  if (before.createSent === undefined) {
    const head = await client.request("HEAD", `/v1/domains/${encodeURIComponent(domain)}`, { accept: [404] });
    if (head.status === 200) {
      const own = await findOwnCustomer(client, domain);
      const message =
        own !== undefined
          ? `the domain ${domain} belongs to your customer ${own.id}, which this state folder did not create; remove the row, or list the customer in --existing to request a relationship`
          : `the domain ${domain} is taken; choose another domain prefix`;
      ledger.note({ k: key, s: "failed", step: "create", code: "DOMAIN_TAKEN", message });
      return { failure: { outcome: "failed", code: "DOMAIN_TAKEN", message } };
    }
  }

  let associatedPartnerId: string | undefined;
  if (record.reseller_id !== undefined) {
    associatedPartnerId = deps.resellerTenant(record.reseller_id);
    if (associatedPartnerId === undefined) {
      const message = `reseller ${record.reseller_id} is not one of your indirect resellers`;
      ledger.note({ k: key, s: "failed", step: "create", code: "RESELLER_UNKNOWN", message });
      return { failure: { outcome: "failed", code: "RESELLER_UNKNOWN", message } };
    }
  }
  // A create sent before a crash is replayed by its MS-RequestId: Partner Center answers it whatever the body says.
  if (before.createSent === undefined && deps.acceptAddress !== undefined) {
    const accepted = await deps.acceptAddress(record);
    record = accepted.record;
    if (accepted.note !== undefined) notes.push(accepted.note);
  }
  const body = customerBody(record, {
    registrationCountries: deps.registrationCountries,
    ...(associatedPartnerId !== undefined ? { associatedPartnerId } : {}),
  });

  let answer: CreatedCustomer;
  try {
    // After a crash with the request sent and no answer recorded, the same MS-RequestId makes Partner Center
    // answer with the customer it created then (password included) instead of creating another.
    const response = await stepRequest(
      client.request<CreatedCustomer>("POST", "/v1/customers", {
        body,
        ...(before.createSent !== undefined ? { requestId: before.createSent } : {}),
        onAttempt: attemptRecorder(ledger, key, "create-sent", before.createSent),
      }),
    );
    answer = response.body;
  } catch (error: unknown) {
    // A sent request whose answer was lost may have created the customer: its domain is then taken by it.
    if (error instanceof PartnerCenterError && error.status === 409 && ledger.get(key)?.createSent !== undefined) {
      const own = await findOwnCustomer(client, domain);
      if (own !== undefined) return settle(key, own, true, deps);
    }
    throw error;
  }
  return settle(key, answer, false, deps);
}

async function settle(key: string, c: CreatedCustomer, lookedUp: boolean, deps: SagaDeps): Promise<CreateResult> {
  const userName = c.userCredentials?.userName;
  const password = c.userCredentials?.password;
  const passwordLost = lookedUp || password === undefined;
  if (!passwordLost && userName !== undefined && password !== undefined) {
    await deps.saveCredentials(c.id, userName, password);
  }
  const tenantId = c.companyProfile?.tenantId;
  deps.ledger.note({
    k: key,
    s: "created",
    id: c.id,
    ...(tenantId !== undefined ? { tenant: tenantId } : {}),
    ...(userName !== undefined ? { user: userName } : {}),
    ...(passwordLost ? { passwordLost: true } : {}),
    ...(!passwordLost && deps.credentialsFile !== undefined ? { cred: deps.credentialsFile } : {}),
  });
  return { id: c.id, ...(tenantId !== undefined ? { tenantId } : {}), passwordLost };
}

/** This partner's customer with exactly this domain (`x.onmicrosoft.com`), if any. */
export async function findOwnCustomer(
  client: PartnerCenterClient,
  domain: string,
): Promise<CreatedCustomer | undefined> {
  const filter = JSON.stringify({ Field: "Domain", Value: domain, Operator: "starts_with" });
  const list = await client.request<CustomerList>("GET", `/v1/customers?size=50&filter=${encodeURIComponent(filter)}`);
  return list.body.items?.find((c) => c.companyProfile?.domain?.toLowerCase() === domain.toLowerCase());
}

async function confirmMca(
  key: string,
  customerId: string,
  acceptance: Exclude<ReturnType<typeof mcaAcceptance>, { missing: string }>,
  sentBefore: string | undefined,
  deps: SagaDeps,
): Promise<void> {
  const templateId = await deps.mcaTemplateId();
  try {
    await stepRequest(
      deps.client.request("POST", `/v1/customers/${encodeURIComponent(customerId)}/agreements`, {
        body: mcaBody(acceptance, templateId),
        ...(sentBefore !== undefined ? { requestId: sentBefore } : {}),
        onAttempt: attemptRecorder(deps.ledger, key, "mca-sent", sentBefore),
      }),
    );
  } catch (error: unknown) {
    // Confirmed already (a lost answer, or an earlier run): that is what this step wanted.
    if (!(error instanceof PartnerCenterError && error.code === MCA_ALREADY_CONFIRMED)) throw error;
  }
  deps.ledger.note({ k: key, s: "mca-done" });
}

export function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof RowFailure) return { code: error.code, message: error.message };
  if (error instanceof PartnerCenterError) {
    return { code: error.code !== "" ? error.code : `HTTP_${error.status}`, message: error.description };
  }
  if (error instanceof RetriesExhaustedError) {
    return {
      code: error.outcomeUnknown ? "NO_ANSWER" : `HTTP_${error.lastStatus ?? 0}`,
      message: `${error.message}${error.outcomeUnknown ? "; run again: the next run settles whether it took effect" : ""}`,
    };
  }
  return { code: "ERROR", message: error instanceof Error ? error.message : String(error) };
}
