import { randomUUID } from "node:crypto";
import { z } from "zod";
import { PcError } from "../errors.js";
import { parseBody } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { MCA_TEMPLATE_ID } from "../seed.js";
import type { AgreementState } from "../state.js";
import { collection, optional, present, requireCustomer } from "./lookup.js";

export const MCA_TYPE = "MicrosoftCustomerAgreement";

/** Clock skew tolerated on `dateAgreed`: a client's "now" a little ahead of the emulator's is not the future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const AGREEMENT_METADATA = {
  templateId: MCA_TEMPLATE_ID,
  agreementType: MCA_TYPE,
  agreementLink: "https://aka.ms/customeragreement",
  versionRank: 0,
  attributes: { objectType: "AgreementMetaData" },
};

function listAgreementMetadata(ctx: RouteContext) {
  const type = ctx.query.get("agreementType");
  const all = type === null || type.toLowerCase() === "all";
  return { status: 200, body: collection(all || type === MCA_TYPE ? [AGREEMENT_METADATA] : []) };
}

const confirmSchema = z.object({
  primaryContact: z.object({
    firstName: z.string().trim().min(1),
    lastName: z.string().trim().min(1),
    email: z.string().trim().min(1),
    phoneNumber: z.string().nullish(),
  }),
  templateId: z.string(),
  dateAgreed: z.string(),
  type: z.string(),
});

/** `POST /v1/customers/{id}/agreements`: the MCA acceptance; a second one answers 600061. */
function confirmAgreement(ctx: RouteContext) {
  const customer = requireCustomer(ctx);
  const body = parseBody(confirmSchema, ctx.body);
  if (body.type !== MCA_TYPE) throw new PcError("INVALID_PROPERTY", `type must be ${MCA_TYPE}, found '${body.type}'`);
  if (body.templateId.toLowerCase() !== MCA_TEMPLATE_ID) {
    throw new PcError("INVALID_PROPERTY", `templateId '${body.templateId}' is not the current MCA template`);
  }
  const agreed = Date.parse(body.dateAgreed);
  if (Number.isNaN(agreed)) throw new PcError("INVALID_INPUT", `dateAgreed '${body.dateAgreed}' is not a date`);
  if (agreed > ctx.now() + FUTURE_TOLERANCE_MS) {
    throw new PcError("DATE_AGREED_IN_FUTURE", `${body.dateAgreed} is after ${new Date(ctx.now()).toISOString()}`);
  }
  if (customer.agreements.some((a) => a.type === MCA_TYPE)) throw new PcError("MCA_ALREADY_CONFIRMED", customer.id);
  const agreement: AgreementState = {
    id: randomUUID(),
    templateId: MCA_TEMPLATE_ID,
    type: MCA_TYPE,
    dateAgreed: new Date(agreed).toISOString(),
    primaryContact: {
      firstName: body.primaryContact.firstName,
      lastName: body.primaryContact.lastName,
      email: body.primaryContact.email,
      ...optional("phoneNumber", present(body.primaryContact.phoneNumber)),
    },
    createdAt: new Date(ctx.now()).toISOString(),
  };
  customer.agreements.push(agreement);
  ctx.store.changed();
  return { status: 201, body: agreementBody(agreement) };
}

function listCustomerAgreements(ctx: RouteContext) {
  const customer = requireCustomer(ctx);
  const type = ctx.query.get("agreementType");
  const items = customer.agreements.filter((a) => type === null || type.toLowerCase() === "all" || a.type === type);
  return { status: 200, body: collection(items.map(agreementBody)) };
}

function agreementBody(a: AgreementState): Record<string, unknown> {
  return {
    primaryContact: a.primaryContact,
    templateId: a.templateId,
    dateAgreed: a.dateAgreed,
    type: a.type,
    agreementLink: AGREEMENT_METADATA.agreementLink,
    attributes: { objectType: "Agreement" },
  };
}

/** Whether the customer has accepted the Microsoft Customer Agreement (orders need it). */
export function hasConfirmedMca(agreements: readonly AgreementState[]): boolean {
  return agreements.some((a) => a.type === MCA_TYPE);
}

export const agreementRoutes: Route[] = [
  { method: "GET", pattern: "/v1/agreements", handler: listAgreementMetadata },
  { method: "POST", pattern: "/v1/customers/{id}/agreements", handler: confirmAgreement },
  { method: "GET", pattern: "/v1/customers/{id}/agreements", handler: listCustomerAgreements },
];
