import { z } from "zod";
import { PcError } from "../errors.js";
import { parseBody } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import type { QualificationState } from "../state.js";
import { optional, requireCustomer } from "./lookup.js";

const QUALIFICATIONS = ["Education", "StateOwnedEntity"] as const;

const qualificationSchema = z.object({
  qualification: z.string(),
  educationSegment: z.string().nullish(),
  website: z.string().nullish(),
});

/** `POST /v1/customers/{id}/qualifications`: answered `InReview`; approved `educationApprovalDelayMs` later. */
function submitQualification(ctx: RouteContext) {
  const customer = requireCustomer(ctx);
  const body = parseBody(qualificationSchema, ctx.body);
  const kind = QUALIFICATIONS.find((q) => q.toLowerCase() === body.qualification.toLowerCase());
  if (kind === undefined) {
    throw new PcError(
      "INVALID_PROPERTY",
      `qualification '${body.qualification}' is not one of ${QUALIFICATIONS.join(", ")}`,
    );
  }
  let segment: string | undefined;
  let website: string | undefined;
  if (kind === "Education") {
    segment = ["K12", "HigherEducation"].find((s) => s.toLowerCase() === body.educationSegment?.trim().toLowerCase());
    if (segment === undefined) throw new PcError("INVALID_PROPERTY", "educationSegment must be K12 or HigherEducation");
    website = body.website?.trim();
    if (website === undefined || website === "") throw new PcError("INVALID_PROPERTY", "website is required");
  }
  if (customer.qualifications.some((q) => q.qualification === kind)) {
    throw new PcError("QUALIFICATION_EXISTS", `${kind} for customer ${customer.id}`);
  }
  const now = ctx.now();
  const qualification: QualificationState = {
    qualification: kind,
    ...optional("educationSegment", segment),
    ...optional("website", website),
    submittedAt: new Date(now).toISOString(),
    approvesAt: new Date(now + ctx.educationApprovalDelayMs).toISOString(),
  };
  customer.qualifications.push(qualification);
  ctx.store.changed();
  return { status: 201, body: qualificationBody(qualification, "InReview") };
}

/** `GET /v1/customers/{id}/qualifications`: an array, as Partner Center answers it. */
function listQualifications(ctx: RouteContext) {
  const customer = requireCustomer(ctx);
  const now = ctx.now();
  return {
    status: 200,
    body: customer.qualifications.map((q) =>
      qualificationBody(q, now >= Date.parse(q.approvesAt) ? "Approved" : "InReview"),
    ),
  };
}

function qualificationBody(q: QualificationState, status: "InReview" | "Approved"): Record<string, unknown> {
  return {
    qualification: q.qualification,
    ...optional("educationSegment", q.educationSegment),
    ...optional("website", q.website),
    vettingStatus: status,
    vettingCreatedDate: q.submittedAt,
  };
}

export const qualificationRoutes: Route[] = [
  { method: "POST", pattern: "/v1/customers/{id}/qualifications", handler: submitQualification },
  { method: "GET", pattern: "/v1/customers/{id}/qualifications", handler: listQualifications },
];
