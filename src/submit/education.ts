import type { CustomerRecord } from "../model/record.js";
import type { PartnerCenterClient } from "./client.js";
import { PartnerCenterError } from "./errors.js";
import type { Ledger } from "./ledger.js";

export const APPROVED = "Approved";

interface Qualification {
  qualification?: string;
  vettingStatus?: string;
}

/**
 * An education customer's qualification: submitted once (`POST .../qualifications`), then asked for (`GET`) until
 * Microsoft approves it. Partner Center answers `InReview` at first; orders wait for `Approved`. The status seen is
 * recorded in the ledger, so a later run (or `csp-onboard status`) asks again instead of submitting twice.
 */
export async function educationQualification(
  key: string,
  customerId: string,
  record: CustomerRecord,
  deps: { client: PartnerCenterClient; ledger: Ledger },
): Promise<string> {
  const path = `/v1/customers/${encodeURIComponent(customerId)}/qualifications`;
  const known = deps.ledger.get(key)?.qualification;
  let status: string | undefined;
  if (known === undefined) {
    try {
      const answer = await deps.client.request<Qualification>("POST", path, {
        body: {
          qualification: "Education",
          ...(record.education_segment !== undefined ? { educationSegment: record.education_segment } : {}),
          ...(record.website !== undefined ? { website: record.website } : {}),
        },
      });
      status = answer.body.vettingStatus;
    } catch (error: unknown) {
      // Submitted already (an answer lost before it was recorded): ask for its status below.
      if (!(error instanceof PartnerCenterError && error.status === 409)) throw error;
    }
  }
  if (status === undefined) {
    const list = await deps.client.request<Qualification[] | { items?: Qualification[] }>("GET", path);
    const items = Array.isArray(list.body) ? list.body : (list.body.items ?? []);
    status = items.find((q) => q.qualification?.toLowerCase() === "education")?.vettingStatus ?? "Unknown";
  }
  if (status !== known) deps.ledger.note({ k: key, s: "qualification", status });
  return status;
}
