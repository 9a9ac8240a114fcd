/**
 * Every error the emulator answers, in one table: HTTP status, Partner Center code, and where the code comes from.
 * `documented` codes are Partner Center's own (shared/domain/partner-center.md); the others are the emulator's choice
 * where the public documentation names no code, kept in the 99xxxx range so they cannot be mistaken for real ones.
 */
export const PC_ERRORS = {
  UNAUTHORIZED: { status: 401, code: 990401, documented: false, description: "the bearer token is missing or invalid" },
  NOT_FOUND: { status: 404, code: 990404, documented: false, description: "the resource was not found" },
  PAYLOAD_TOO_LARGE: { status: 413, code: 990413, documented: false, description: "the request body is too large" },
  INVALID_INPUT: { status: 400, code: 800002, documented: true, description: "invalid input" },
  INVALID_PROPERTY: { status: 400, code: 3000, documented: true, description: "invalid property" },
  INVALID_STATE: { status: 400, code: 27002, documented: true, description: "the state is not valid for the country" },
  DOMAIN_TAKEN: { status: 409, code: 990001, documented: false, description: "the domain is already taken" },
  REGISTRATION_ID_MISSING: {
    status: 400,
    code: 600049,
    documented: true,
    description: "OrganizationRegistrationNumber is required for this country",
  },
  PHONE_MISSING: {
    status: 400,
    code: 600051,
    documented: true,
    description: "PhoneNumber is required for this country",
  },
  REGISTRATION_ID_NOT_SUPPORTED: {
    status: 400,
    code: 600002,
    documented: true,
    description: "OrganizationRegistrationNumber is not supported for this country",
  },
  MCA_ALREADY_CONFIRMED: {
    status: 409,
    code: 600061,
    documented: true,
    description: "the customer has already accepted the Microsoft Customer Agreement",
  },
  DATE_AGREED_IN_FUTURE: {
    status: 400,
    code: 990002,
    documented: false,
    description: "dateAgreed cannot be in the future",
  },
  UNKNOWN_RESELLER: {
    status: 400,
    code: 800016,
    documented: true,
    description: "the partner is not a valid indirect reseller of this partner",
  },
  MCA_NOT_CONFIRMED: {
    status: 403,
    code: 13605,
    documented: true,
    description: "the customer has not accepted the Microsoft Customer Agreement",
  },
  RESELLER_MPA_NOT_SIGNED: {
    status: 400,
    code: 900123,
    documented: true,
    description: "the reseller has not signed the Microsoft Partner Agreement",
  },
  TOO_MANY_ADDITIONAL_RESELLERS: {
    status: 400,
    code: 990003,
    documented: false,
    description: "at most 5 additional resellers can be declared",
  },
  CATALOG_ITEM_UNKNOWN: {
    status: 400,
    code: 990004,
    documented: false,
    description: "the catalog item does not exist or is not available in the customer's country",
  },
  QUANTITY_OUT_OF_RANGE: {
    status: 400,
    code: 990005,
    documented: false,
    description: "the quantity is outside the product's limits",
  },
  TERM_NOT_AVAILABLE: {
    status: 400,
    code: 990006,
    documented: false,
    description: "the term duration and billing cycle are not offered for this catalog item",
  },
  CART_EXPIRED: { status: 400, code: 990007, documented: false, description: "the cart has expired" },
  CART_ALREADY_ORDERED: {
    status: 409,
    code: 990008,
    documented: false,
    description: "the cart was already checked out",
  },
  QUALIFICATION_EXISTS: {
    status: 409,
    code: 990009,
    documented: false,
    description: "the customer already has this qualification",
  },
  SERVER_ERROR: { status: 500, code: 990500, documented: false, description: "an internal error occurred" },
  SERVICE_UNAVAILABLE: { status: 503, code: 990503, documented: false, description: "the service is unavailable" },
  THROTTLED: { status: 429, code: 990429, documented: false, description: "too many requests" },
} as const satisfies Record<string, { status: number; code: number; documented: boolean; description: string }>;

export type PcErrorKey = keyof typeof PC_ERRORS;

/** The body Partner Center sends with an error. */
export interface PcErrorBody {
  code: number;
  description: string;
  data: string[];
  source: "PartnerCenter";
}

/** Thrown by route handlers; the server turns it into the error answer. */
export class PcError extends Error {
  override readonly name = "PcError";
  readonly key: PcErrorKey;

  /** `detail` is appended to the table's description (what was found, and where). */
  constructor(key: PcErrorKey, detail?: string) {
    super(detail === undefined ? PC_ERRORS[key].description : `${PC_ERRORS[key].description}: ${detail}`);
    this.key = key;
  }

  get status(): number {
    return PC_ERRORS[this.key].status;
  }

  body(): PcErrorBody {
    return errorBody(this.key, this.message);
  }
}

export function errorBody(key: PcErrorKey, description: string = PC_ERRORS[key].description): PcErrorBody {
  return { code: PC_ERRORS[key].code, description, data: [], source: "PartnerCenter" };
}
