import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { isKnownCountry, isStateRequired, REGISTRATION_ID_COUNTRIES } from "../country-rules.js";
import { initialDomainPrefix } from "../domain-name.js";
import { PcError } from "../errors.js";
import { parseBody } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import type { CustomerState } from "../state.js";
import { collection, optional, present, requireCustomer } from "./lookup.js";

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().max(max).nullish();

const createCustomerSchema = z.object({
  enableGDAPByDefault: z.boolean().nullish(),
  associatedPartnerId: z.string().nullish(),
  companyProfile: z.object({
    domain: text(256),
    organizationRegistrationNumber: optionalText(100),
  }),
  billingProfile: z.object({
    email: text(256),
    culture: text(20),
    language: text(20),
    companyName: text(255),
    defaultAddress: z.object({
      firstName: text(50),
      lastName: text(50),
      addressLine1: text(200),
      addressLine2: optionalText(200),
      addressLine3: optionalText(200),
      city: text(100),
      state: optionalText(100),
      postalCode: optionalText(20),
      country: z.string().trim().length(2),
      phoneNumber: optionalText(50),
    }),
  }),
});

/** `POST /v1/customers`: checks in Partner Center's order, then creates the customer and its admin user. */
function createCustomer(ctx: RouteContext) {
  const body = parseBody(createCustomerSchema, ctx.body);
  const address = body.billingProfile.defaultAddress;
  const country = address.country.toUpperCase();
  if (!isKnownCountry(country)) throw new PcError("INVALID_PROPERTY", `Country '${address.country}' is not known`);

  const domain = body.companyProfile.domain.toLowerCase();
  if (initialDomainPrefix(domain) === undefined) {
    throw new PcError(
      "INVALID_PROPERTY",
      `Domain '${body.companyProfile.domain}' must be <prefix>.onmicrosoft.com with a prefix of 1-27 letters and digits`,
    );
  }
  const state = present(address.state);
  if (state === undefined && isStateRequired(country)) {
    throw new PcError("INVALID_STATE", `State is required in ${country}`);
  }
  const registration = present(body.companyProfile.organizationRegistrationNumber);
  const phone = present(address.phoneNumber);
  if (REGISTRATION_ID_COUNTRIES.has(country)) {
    if (registration === undefined) throw new PcError("REGISTRATION_ID_MISSING", `country ${country}`);
    if (phone === undefined) throw new PcError("PHONE_MISSING", `country ${country}`);
  } else if (registration !== undefined) {
    throw new PcError("REGISTRATION_ID_NOT_SUPPORTED", `country ${country}`);
  }
  const associatedPartnerId = present(body.associatedPartnerId);
  if (associatedPartnerId !== undefined && ctx.store.resellerByTenantId(associatedPartnerId) === undefined) {
    throw new PcError("UNKNOWN_RESELLER", `AssociatedPartnerId ${associatedPartnerId}`);
  }
  if (ctx.store.customerByDomain(domain) !== undefined) throw new PcError("DOMAIN_TAKEN", domain);

  const id = randomUUID();
  const customer: CustomerState = {
    id,
    commerceId: randomUUID(),
    domain,
    companyName: body.billingProfile.companyName,
    country,
    createdAt: new Date(ctx.now()).toISOString(),
    seeded: false,
    ...(associatedPartnerId !== undefined && { associatedPartnerId: associatedPartnerId.toLowerCase() }),
    enableGDAPByDefault: body.enableGDAPByDefault ?? true,
    ...(registration !== undefined && { organizationRegistrationNumber: registration }),
    billingProfile: {
      id: randomUUID(),
      email: body.billingProfile.email,
      culture: body.billingProfile.culture,
      language: body.billingProfile.language,
      companyName: body.billingProfile.companyName,
      defaultAddress: {
        firstName: address.firstName,
        lastName: address.lastName,
        addressLine1: address.addressLine1,
        ...optional("addressLine2", present(address.addressLine2)),
        ...optional("addressLine3", present(address.addressLine3)),
        city: address.city,
        ...optional("state", state),
        ...optional("postalCode", present(address.postalCode)),
        country,
        ...optional("phoneNumber", phone),
      },
    },
    agreements: [],
    qualifications: [],
    carts: [],
    orders: [],
  };
  ctx.store.addCustomer(customer);
  return {
    status: 201,
    body: {
      ...customerBody(customer),
      userCredentials: { userName: `admin@${domain}`, password: newPassword() },
    },
  };
}

const filterSchema = z.object({
  field: z.enum(["Domain", "CompanyName"]),
  value: z.string(),
  operator: z.literal("starts_with"),
});

/** `GET /v1/customers[?filter=...][&size=N]`: the filter is Partner Center's JSON `{Field, Value, Operator}`. */
function listCustomers(ctx: RouteContext) {
  const size = Number(ctx.query.get("size") ?? "200");
  if (!Number.isInteger(size) || size < 1 || size > 500) throw new PcError("INVALID_INPUT", "size must be 1-500");
  const filterText = ctx.query.get("filter");
  const filter = filterText === null ? undefined : parseBody(filterSchema, filterText);
  const value = filter?.value.toLowerCase() ?? "";
  const items: Record<string, unknown>[] = [];
  for (const c of ctx.store.customers()) {
    if (items.length >= size) break;
    const subject = filter?.field === "CompanyName" ? c.companyName.toLowerCase() : c.domain;
    if (subject.startsWith(value)) items.push(customerBody(c));
  }
  return { status: 200, body: collection(items) };
}

function getCustomer(ctx: RouteContext) {
  return { status: 200, body: customerBody(requireCustomer(ctx)) };
}

/** The customer resource as Partner Center returns it (without credentials, which only creation answers). */
export function customerBody(c: CustomerState): Record<string, unknown> {
  const billing = c.billingProfile;
  return {
    id: c.id,
    commerceId: c.commerceId,
    companyProfile: {
      tenantId: c.id,
      domain: c.domain,
      companyName: c.companyName,
      ...optional("organizationRegistrationNumber", c.organizationRegistrationNumber),
      attributes: { objectType: "CustomerCompanyProfile" },
    },
    ...(billing !== undefined && {
      billingProfile: {
        id: billing.id,
        firstName: billing.defaultAddress.firstName,
        lastName: billing.defaultAddress.lastName,
        email: billing.email,
        culture: billing.culture,
        language: billing.language,
        companyName: billing.companyName,
        defaultAddress: billing.defaultAddress,
        attributes: { objectType: "CustomerBillingProfile" },
      },
    }),
    ...optional("associatedPartnerId", c.associatedPartnerId),
    relationshipToPartner: "reseller",
    allowDelegatedAccess: true,
    links: { self: { uri: `/customers/${c.id}`, method: "GET", headers: [] } },
    attributes: { objectType: "Customer" },
  };
}

function newPassword(): string {
  // Upper, lower, digit and symbol, as Microsoft 365 one-time passwords have.
  return `Pc${randomBytes(9).toString("base64url")}7!`;
}

export const customerRoutes: Route[] = [
  { method: "POST", pattern: "/v1/customers", handler: createCustomer },
  { method: "GET", pattern: "/v1/customers", handler: listCustomers },
  { method: "GET", pattern: "/v1/customers/{id}", handler: getCustomer },
];
