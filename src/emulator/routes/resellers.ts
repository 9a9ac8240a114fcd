import { PcError } from "../errors.js";
import type { Route, RouteContext } from "../router.js";
import { collection } from "./lookup.js";

const INDIRECT_RESELLER = "IsIndirectCloudSolutionProviderOf";

/** `GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`: the partner's indirect resellers. */
function listRelationships(ctx: RouteContext) {
  const type = ctx.query.get("relationship_type");
  if (type === null) throw new PcError("INVALID_INPUT", "relationship_type is required");
  const items =
    type.toLowerCase() === INDIRECT_RESELLER.toLowerCase()
      ? ctx.store.resellers.map((r) => ({
          id: r.tenantId,
          name: r.name,
          relationshipType: INDIRECT_RESELLER,
          state: "Active",
          mpnId: r.partnerId,
          attributes: { objectType: "PartnerRelationship" },
        }))
      : [];
  return { status: 200, body: collection(items) };
}

/** `GET /v1/compliance/csp/agreementstatus?mpnId=...`: whether the reseller signed the Microsoft Partner Agreement. */
function agreementStatus(ctx: RouteContext) {
  const mpnId = ctx.query.get("mpnId");
  if (mpnId === null || mpnId.trim() === "") throw new PcError("INVALID_INPUT", "mpnId is required");
  const reseller = ctx.store.resellerByPartnerId(mpnId);
  if (reseller === undefined) throw new PcError("UNKNOWN_RESELLER", `mpnId ${mpnId}`);
  return { status: 200, body: { isAgreementSigned: reseller.mpaSigned } };
}

/** `GET /v1/customers/relationshiprequests`: the link an existing customer opens to accept the partner. */
function relationshipRequest(ctx: RouteContext) {
  const url =
    "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship" +
    `&partnerId=${ctx.store.partner.tenantId}&msppId=0&DAP=true#/BillingAccounts/partner-invitation`;
  return { status: 200, body: { url, attributes: { objectType: "CustomerRelationshipRequest" } } };
}

export const resellerRoutes: Route[] = [
  { method: "GET", pattern: "/v1/relationships", handler: listRelationships },
  { method: "GET", pattern: "/v1/compliance/csp/agreementstatus", handler: agreementStatus },
  { method: "GET", pattern: "/v1/customers/relationshiprequests", handler: relationshipRequest },
];
