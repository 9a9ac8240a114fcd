import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MCA_TEMPLATE_ID, startEmulator, type RunningEmulator } from "../src/emulator/index.js";

const TOKEN = "emulator-token";
const NL_BASIC = "CFQ7TTC0LH18:0001:DZH318Z0BBNL";
const SIGNED = ["4810001", "4810002", "4810003", "4810004", "4810005", "4810006"];
const UNSIGNED = "4810007";
const RESELLER_TENANT = "3f2a6c1e-8b7d-4e5f-9a0b-1c2d3e4f5a01";

interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

let em: RunningEmulator;
let counter = 0;

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  token: string | null = TOKEN,
): Promise<Reply> {
  const res = await fetch(`${em.url}${path}`, {
    method,
    headers: {
      ...(token !== null && { Authorization: `Bearer ${token}` }),
      ...(body !== undefined && { "Content-Type": "application/json" }),
      ...headers,
    },
    ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as unknown), headers: res.headers };
}

/** A fresh, unique domain prefix. */
function prefix(): string {
  counter++;
  return `testco${counter}`;
}

interface CustomerInput {
  domain?: string;
  country?: string;
  state?: string;
  phone?: string;
  registration?: string;
  associatedPartnerId?: string;
}

/** A create-customer body in Partner Center's PascalCase, valid for NL unless told otherwise. */
function customerBody(input: CustomerInput = {}): Record<string, unknown> {
  return {
    enableGDAPByDefault: false,
    CompanyProfile: {
      Domain: input.domain ?? `${prefix()}.onmicrosoft.com`,
      ...(input.registration !== undefined && { OrganizationRegistrationNumber: input.registration }),
    },
    BillingProfile: {
      Email: "info@example.nl",
      Culture: "nl-NL",
      Language: "nl",
      CompanyName: "Voorbeeld B.V.",
      DefaultAddress: {
        FirstName: "Jan",
        LastName: "Jansen",
        AddressLine1: "Damrak 1",
        City: "Amsterdam",
        PostalCode: "1012 LG",
        Country: input.country ?? "NL",
        ...(input.state !== undefined && { State: input.state }),
        ...(input.phone !== undefined && { PhoneNumber: input.phone }),
      },
    },
    ...(input.associatedPartnerId !== undefined && { AssociatedPartnerId: input.associatedPartnerId }),
  };
}

function field(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const key of path) v = (v as Record<string | number, unknown> | undefined)?.[key];
  return v;
}

async function createCustomer(input: CustomerInput = {}): Promise<string> {
  const r = await call("POST", "/v1/customers", customerBody(input));
  expect(r.status).toBe(201);
  return field(r.body, "id") as string;
}

function mcaBody(dateAgreed = new Date().toISOString()): Record<string, unknown> {
  return {
    primaryContact: { firstName: "Jan", lastName: "Jansen", email: "jan@example.nl" },
    templateId: MCA_TEMPLATE_ID,
    dateAgreed,
    type: "MicrosoftCustomerAgreement",
  };
}

function cartBody(lines: Record<string, unknown>[] = [{}]): Record<string, unknown> {
  return {
    PartnerOnRecordAttestationAccepted: true,
    lineItems: lines.map((l, i) => ({
      id: i,
      catalogItemId: NL_BASIC,
      quantity: 5,
      billingCycle: "monthly",
      termDuration: "P1M",
      ...l,
    })),
  };
}

function participants(reseller: string | undefined, additional: string[] = []): { key: string; value: string }[] {
  return [
    ...(reseller === undefined ? [] : [{ key: "transaction_reseller", value: reseller }]),
    ...additional.map((value) => ({ key: "additional_transaction_reseller", value })),
  ];
}

function expectError(r: Reply, status: number, code: number): void {
  expect(r.status).toBe(status);
  expect(r.body).toMatchObject({ code, source: "PartnerCenter", data: [] });
  expect(typeof field(r.body, "description")).toBe("string");
}

beforeAll(async () => {
  em = await startEmulator({ educationApprovalDelayMs: 60_000 });
});

afterAll(async () => {
  await em.close();
});

describe("authentication and routing", () => {
  it.each([
    ["no token", null],
    ["a wrong token", "not-the-token"],
  ])("answers 401 with a Partner Center body for %s", async (_name, token) => {
    const r = await call("GET", "/v1/customers", undefined, {}, token);
    expectError(r, 401, 990401);
    expect(r.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("answers HEAD without a token with a bare 401", async () => {
    const r = await call("HEAD", "/v1/domains/x.onmicrosoft.com", undefined, {}, null);
    expect(r.status).toBe(401);
    expect(r.body).toBeUndefined();
  });

  it("accepts only the configured tokens", async () => {
    const other = await startEmulator({ tokens: ["secret-a"] });
    try {
      const ok = await fetch(`${other.url}/v1/agreements`, { headers: { Authorization: "Bearer secret-a" } });
      const bad = await fetch(`${other.url}/v1/agreements`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect([ok.status, bad.status]).toEqual([200, 401]);
    } finally {
      await other.close();
    }
  });

  it("answers 404 for an unknown route", async () => {
    expectError(await call("GET", "/v1/nothing-here"), 404, 990404);
  });

  it("echoes MS-RequestId and MS-CorrelationId", async () => {
    const r = await call("GET", "/v1/agreements", undefined, { "MS-RequestId": "r-1", "MS-CorrelationId": "c-1" });
    expect([r.headers.get("ms-requestid"), r.headers.get("ms-correlationid")]).toEqual(["r-1", "c-1"]);
  });
});

describe("customers", () => {
  it("creates a customer with its admin credentials", async () => {
    const p = prefix();
    const r = await call("POST", "/v1/customers", customerBody({ domain: `${p}.onmicrosoft.com` }));
    expect(r.status).toBe(201);
    const id = field(r.body, "id") as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).toMatchObject({
      companyProfile: { tenantId: id, domain: `${p}.onmicrosoft.com` },
      billingProfile: { companyName: "Voorbeeld B.V.", defaultAddress: { country: "NL", city: "Amsterdam" } },
      userCredentials: { userName: `admin@${p}.onmicrosoft.com` },
    });
    expect(field(r.body, "commerceId")).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(field(r.body, "userCredentials", "password")).length).toBeGreaterThanOrEqual(8);
    const stored = em.state().customers.find((c) => c.id === id);
    expect(stored).toMatchObject({ domain: `${p}.onmicrosoft.com`, enableGDAPByDefault: false, seeded: false });
  });

  it("accepts camelCase property names too", async () => {
    const body = {
      companyProfile: { domain: `${prefix()}.onmicrosoft.com` },
      billingProfile: {
        email: "a@b.nl",
        culture: "nl-NL",
        language: "nl",
        companyName: "Camel B.V.",
        defaultAddress: { firstName: "A", lastName: "B", addressLine1: "Straat 1", city: "Utrecht", country: "NL" },
      },
    };
    expect((await call("POST", "/v1/customers", body)).status).toBe(201);
  });

  it("creates a customer of a 24-country with phone and registration ID", async () => {
    const r = await call(
      "POST",
      "/v1/customers",
      customerBody({ country: "BR", state: "SP", phone: "+5511912345678", registration: "11222333000181" }),
    );
    expect(r.status).toBe(201);
    expect(field(r.body, "companyProfile", "organizationRegistrationNumber")).toBe("11222333000181");
  });

  it("creates a customer for an indirect reseller", async () => {
    const r = await call("POST", "/v1/customers", customerBody({ associatedPartnerId: RESELLER_TENANT }));
    expect(r.status).toBe(201);
    expect(field(r.body, "associatedPartnerId")).toBe(RESELLER_TENANT);
  });

  it("accepts a 27-character prefix", async () => {
    expect(
      (await call("POST", "/v1/customers", customerBody({ domain: `${"a".repeat(27)}.onmicrosoft.com` }))).status,
    ).toBe(201);
  });

  it.each([
    ["a taken (seeded) domain", { domain: "wingtiptoys.onmicrosoft.com" }, 409, 990001],
    ["a taken domain in another case", { domain: "WingtipToys.onmicrosoft.com" }, 409, 990001],
    ["a prefix with a hyphen", { domain: "my-company.onmicrosoft.com" }, 400, 3000],
    ["a 28-character prefix", { domain: `${"b".repeat(28)}.onmicrosoft.com` }, 400, 3000],
    ["a domain outside onmicrosoft.com", { domain: "company.com" }, 400, 3000],
    ["an unknown country", { country: "XX" }, 400, 3000],
    ["BR without registration ID", { country: "BR", state: "SP", phone: "+5511912345678" }, 400, 600049],
    ["BR without phone", { country: "BR", state: "SP", registration: "11222333000181" }, 400, 600051],
    ["PL without phone", { country: "PL", registration: "5260250274" }, 400, 600051],
    ["a registration ID in NL", { registration: "12345678" }, 400, 600002],
    ["US without state", { country: "US" }, 400, 27002],
    ["an unknown AssociatedPartnerId", { associatedPartnerId: "00000000-0000-4000-8000-000000000000" }, 400, 800016],
  ])("rejects %s", async (_name, input: CustomerInput, status, code) => {
    const before = em.state().customers.length;
    expectError(await call("POST", "/v1/customers", customerBody(input)), status, code);
    expect(em.state().customers.length).toBe(before);
  });

  it.each([
    ["a missing first name", JSON.stringify({ CompanyProfile: { Domain: "zz1.onmicrosoft.com" } })],
    ["a body that is not JSON", "{not json"],
    ["an empty body", ""],
  ])("rejects %s with 800002", async (_name, body) => {
    expectError(await call("POST", "/v1/customers", body), 400, 800002);
  });

  it("gets a customer by id, without credentials", async () => {
    const id = await createCustomer();
    const r = await call("GET", `/v1/customers/${id}`);
    expect(r.status).toBe(200);
    expect(field(r.body, "id")).toBe(id);
    expect(field(r.body, "userCredentials")).toBeUndefined();
    expectError(await call("GET", "/v1/customers/00000000-0000-4000-8000-000000000000"), 404, 990404);
  });

  it("finds customers with Partner Center's domain filter", async () => {
    const p = prefix();
    const id = await createCustomer({ domain: `${p}.onmicrosoft.com` });
    const filter = (value: string) =>
      encodeURIComponent(JSON.stringify({ Field: "Domain", Value: value, Operator: "starts_with" }));
    const found = await call("GET", `/v1/customers?filter=${filter(`${p}.onmicrosoft.com`)}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      totalCount: 1,
      items: [{ id, companyProfile: { domain: `${p}.onmicrosoft.com` } }],
    });
    const none = await call("GET", `/v1/customers?filter=${filter("nobodyhere.onmicrosoft.com")}`);
    expect(none.body).toMatchObject({ totalCount: 0, items: [] });
    const seeded = await call("GET", `/v1/customers?filter=${filter("wingtiptoys.onmicrosoft.com")}`);
    expect(field(seeded.body, "items", 0, "id")).toBe("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01");
    expectError(await call("GET", `/v1/customers?filter=${encodeURIComponent("{bad")}`), 400, 800002);
  });

  it("lists customers without a filter, up to size", async () => {
    const r = await call("GET", "/v1/customers?size=2");
    expect(field(r.body, "totalCount")).toBe(2);
  });
});

describe("domains", () => {
  it.each([
    ["a seeded domain", "wingtiptoys.onmicrosoft.com", 200],
    ["a bare seeded prefix", "adventureworks", 200],
    ["a free domain", "surelyfree12345.onmicrosoft.com", 404],
  ])("answers HEAD for %s", async (_name, domain, status) => {
    const r = await call("HEAD", `/v1/domains/${domain}`);
    expect(r.status).toBe(status);
    expect(r.body).toBeUndefined();
  });

  it("sees a domain as taken once the customer is created", async () => {
    const p = prefix();
    expect((await call("HEAD", `/v1/domains/${p}.onmicrosoft.com`)).status).toBe(404);
    await createCustomer({ domain: `${p}.onmicrosoft.com` });
    expect((await call("HEAD", `/v1/domains/${p}.onmicrosoft.com`)).status).toBe(200);
  });
});

describe("country rules and address validation", () => {
  it.each([
    ["BR", { isRegistrationNumberSupported: true, isStateRequired: true, defaultCulture: "pt-BR" }],
    ["NL", { isRegistrationNumberSupported: false, isStateRequired: false, isVatIdSupported: true }],
    ["US", { isStateRequired: true, countryCallingCodesList: ["1"] }],
  ])("gives the rules of %s", async (iso2, expected) => {
    const r = await call("GET", `/v1/countryvalidationrules/${iso2}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject(expected);
  });

  it("lists the states where they are required, and 404s an unknown country", async () => {
    const r = await call("GET", "/v1/countryvalidationrules/US");
    expect(field(r.body, "supportedStatesList")).toContain("CA");
    expectError(await call("GET", "/v1/countryvalidationrules/XX"), 404, 990404);
  });

  it.each([
    ["a good Dutch address", { postalCode: "1012 LG", country: "NL" }, "Verified"],
    ["a wrong Dutch postal code", { postalCode: "ABC", country: "NL" }, "InteractionRequired"],
    ["a US address without state", { postalCode: "98052", country: "US" }, "InteractionRequired"],
    ["a US address with state", { postalCode: "98052", state: "WA", country: "US" }, "Verified"],
  ])("validates %s", async (_name, address, status) => {
    const r = await call("POST", "/v1/validations/address", { addressLine1: "Main 1", city: "Town", ...address });
    expect(r.status).toBe(200);
    expect(field(r.body, "status")).toBe(status);
    expect(field(r.body, "suggestedAddresses")).toEqual([]);
  });
});

describe("Microsoft Customer Agreement", () => {
  it("lists the MCA template", async () => {
    const r = await call("GET", "/v1/agreements?agreementType=MicrosoftCustomerAgreement");
    expect(r.body).toMatchObject({ totalCount: 1, items: [{ templateId: MCA_TEMPLATE_ID }] });
  });

  it("confirms the MCA once, lists it, and answers 600061 the second time", async () => {
    const id = await createCustomer();
    const first = await call("POST", `/v1/customers/${id}/agreements`, mcaBody());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ templateId: MCA_TEMPLATE_ID, type: "MicrosoftCustomerAgreement" });
    const list = await call("GET", `/v1/customers/${id}/agreements?agreementType=MicrosoftCustomerAgreement`);
    expect(field(list.body, "totalCount")).toBe(1);
    expectError(await call("POST", `/v1/customers/${id}/agreements`, mcaBody()), 409, 600061);
    expect(em.state().customers.find((c) => c.id === id)?.agreements).toHaveLength(1);
  });

  it.each([
    ["a dateAgreed tomorrow", mcaBody(new Date(Date.now() + 86_400_000).toISOString()), 400, 990002],
    ["a dateAgreed that is not a date", mcaBody("yesterday"), 400, 800002],
    ["another template", { ...mcaBody(), templateId: "00000000-0000-4000-8000-000000000000" }, 400, 3000],
    ["another agreement type", { ...mcaBody(), type: "MicrosoftCloudAgreement" }, 400, 3000],
    ["no primary contact", { ...mcaBody(), primaryContact: undefined }, 400, 800002],
  ])("rejects %s", async (_name, body, status, code) => {
    const id = await createCustomer();
    expectError(await call("POST", `/v1/customers/${id}/agreements`, body), status, code);
  });

  it("accepts a date-only dateAgreed of today", async () => {
    const id = await createCustomer();
    const today = new Date().toISOString().slice(0, 10);
    expect((await call("POST", `/v1/customers/${id}/agreements`, mcaBody(today))).status).toBe(201);
  });

  it("404s an unknown customer", async () => {
    expectError(
      await call("POST", "/v1/customers/00000000-0000-4000-8000-000000000000/agreements", mcaBody()),
      404,
      990404,
    );
  });
});

describe("resellers and relationship requests", () => {
  it("lists the indirect resellers with their PartnerID", async () => {
    const r = await call("GET", "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf");
    expect(field(r.body, "totalCount")).toBe(7);
    expect(field(r.body, "items", 0)).toMatchObject({ id: RESELLER_TENANT, mpnId: "4810001" });
    const other = await call("GET", "/v1/relationships?relationship_type=IsIndirectResellerOf");
    expect(field(other.body, "totalCount")).toBe(0);
  });

  it.each([
    ["4810001", 200, true],
    [UNSIGNED, 200, false],
  ])("tells whether %s signed the MPA", async (mpnId, status, signed) => {
    const r = await call("GET", `/v1/compliance/csp/agreementstatus?mpnId=${mpnId}`);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ isAgreementSigned: signed });
  });

  it("rejects an unknown MPN ID", async () => {
    expectError(await call("GET", "/v1/compliance/csp/agreementstatus?mpnId=999"), 400, 800016);
  });

  it("gives the relationship request URL", async () => {
    const r = await call("GET", "/v1/customers/relationshiprequests");
    expect(r.status).toBe(200);
    expect(field(r.body, "url")).toMatch(/^https:\/\/admin\.microsoft\.com\/.*partnerId=7c1b9e0a-/);
  });
});

describe("availabilities", () => {
  it("gives the catalog item for a country", async () => {
    const r = await call("GET", "/v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=NL");
    expect(r.body).toMatchObject({
      totalCount: 1,
      items: [{ catalogItemId: NL_BASIC, defaultCurrency: { code: "EUR" } }],
    });
  });

  it("lists none where the product is not sold", async () => {
    const r = await call("GET", "/v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=JP");
    expect(r.body).toMatchObject({ totalCount: 0, items: [] });
  });

  it.each([
    ["an unknown product", "/v1/products/NOPE/skus/0001/availabilities?country=NL", 404, 990404],
    ["a missing country", "/v1/products/CFQ7TTC0LH18/skus/0001/availabilities", 400, 800002],
  ])("rejects %s", async (_name, path, status, code) => {
    expectError(await call("GET", path), status, code);
  });
});

describe("carts, checkout and orders", () => {
  async function customerWithMca(input: CustomerInput = {}): Promise<string> {
    const id = await createCustomer(input);
    expect((await call("POST", `/v1/customers/${id}/agreements`, mcaBody())).status).toBe(201);
    return id;
  }

  it("creates a cart, checks it out once, and lists the order", async () => {
    const id = await customerWithMca();
    const cart = await call(
      "POST",
      `/v1/customers/${id}/carts`,
      cartBody([{ participants: participants(SIGNED[0], SIGNED.slice(1)) }]),
    );
    expect(cart.status).toBe(201);
    const cartId = field(cart.body, "id") as string;
    expect(cart.body).toMatchObject({ status: "Active", lineItems: [{ catalogItemId: NL_BASIC, quantity: 5 }] });
    expect((await call("GET", `/v1/customers/${id}/carts/${cartId}`)).body).toMatchObject({ status: "Active" });

    const done = await call("POST", `/v1/customers/${id}/carts/${cartId}/checkout`);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      orders: [
        {
          referenceCustomerId: id,
          billingCycle: "monthly",
          lineItems: [{ offerId: NL_BASIC, quantity: 5, partnerIdOnRecord: SIGNED[0] }],
        },
      ],
      orderErrors: [],
    });
    const orderId = field(done.body, "orders", 0, "id");
    const orders = await call("GET", `/v1/customers/${id}/orders`);
    expect(orders.body).toMatchObject({ totalCount: 1, items: [{ id: orderId }] });
    expect((await call("GET", `/v1/customers/${id}/carts/${cartId}`)).body).toMatchObject({ status: "Ordered" });
    expectError(await call("POST", `/v1/customers/${id}/carts/${cartId}/checkout`), 409, 990008);
    expect(em.state().customers.find((c) => c.id === id)?.orders).toHaveLength(1);
  });

  it("makes one order per billing cycle", async () => {
    const id = await customerWithMca();
    const cart = await call(
      "POST",
      `/v1/customers/${id}/carts`,
      cartBody([{}, { catalogItemId: "CFQ7TTC0LH16:0001:DZH318Z0BSNL", termDuration: "P1Y", billingCycle: "annual" }]),
    );
    const done = await call("POST", `/v1/customers/${id}/carts/${String(field(cart.body, "id"))}/checkout`);
    expect((field(done.body, "orders") as unknown[]).length).toBe(2);
  });

  it.each([
    ["an unknown catalog item", [{ catalogItemId: "NOPE:0001:X" }], 400, 990004],
    ["another country's availability", [{ catalogItemId: "CFQ7TTC0LH18:0001:DZH318Z0BBBE" }], 400, 990004],
    ["a catalog item without availability", [{ catalogItemId: "CFQ7TTC0LH18:0001" }], 400, 990004],
    ["a quantity of 0", [{ quantity: 0 }], 400, 990005],
    ["a quantity over the maximum", [{ quantity: 301 }], 400, 990005],
    ["a term not offered", [{ termDuration: "P1M", billingCycle: "annual" }], 400, 990006],
    ["an unknown reseller", [{ participants: participants("999999") }], 400, 800016],
    ["a reseller without MPA", [{ participants: participants(UNSIGNED) }], 400, 900123],
    ["an additional reseller without MPA", [{ participants: participants(SIGNED[0], [UNSIGNED]) }], 400, 900123],
    [
      "six additional resellers",
      [{ participants: participants(SIGNED[0], [...SIGNED.slice(1), SIGNED[0] ?? ""]) }],
      400,
      990003,
    ],
    [
      "additional resellers without a reseller",
      [{ participants: participants(undefined, [SIGNED[1] ?? ""]) }],
      400,
      3000,
    ],
  ])("rejects a cart with %s", async (_name, lines, status, code) => {
    const id = await customerWithMca();
    expectError(await call("POST", `/v1/customers/${id}/carts`, cartBody(lines)), status, code);
    expect(em.state().customers.find((c) => c.id === id)?.carts).toHaveLength(0);
  });

  it("rejects a cart without the partner-of-record attestation", async () => {
    const id = await customerWithMca();
    const body = { ...cartBody(), PartnerOnRecordAttestationAccepted: false };
    expectError(await call("POST", `/v1/customers/${id}/carts`, body), 400, 3000);
  });

  it("refuses checkout before the MCA is confirmed (403 13605), and allows it after", async () => {
    const id = await createCustomer();
    const cart = await call("POST", `/v1/customers/${id}/carts`, cartBody());
    const cartId = String(field(cart.body, "id"));
    expectError(await call("POST", `/v1/customers/${id}/carts/${cartId}/checkout`), 403, 13605);
    await call("POST", `/v1/customers/${id}/agreements`, mcaBody());
    expect((await call("POST", `/v1/customers/${id}/carts/${cartId}/checkout`)).status).toBe(201);
  });

  it("404s an unknown cart", async () => {
    const id = await customerWithMca();
    expectError(await call("GET", `/v1/customers/${id}/carts/00000000-0000-4000-8000-000000000000`), 404, 990404);
  });
});

describe("cart expiry and education qualification (emulator clock)", () => {
  let clocked: RunningEmulator;
  beforeAll(async () => {
    clocked = await startEmulator({ educationApprovalDelayMs: 3_600_000 });
  });
  afterAll(async () => {
    await clocked.close();
  });

  async function post(path: string, body?: unknown): Promise<Reply> {
    const saved = em;
    em = clocked;
    try {
      return await call("POST", path, body);
    } finally {
      em = saved;
    }
  }

  it("refuses to check out a cart older than 7 days", async () => {
    const id = field((await post("/v1/customers", customerBody())).body, "id") as string;
    await post(`/v1/customers/${id}/agreements`, mcaBody());
    const young = String(field((await post(`/v1/customers/${id}/carts`, cartBody())).body, "id"));
    const old = String(field((await post(`/v1/customers/${id}/carts`, cartBody())).body, "id"));
    clocked.advanceClock(6 * 86_400_000);
    expect((await post(`/v1/customers/${id}/carts/${young}/checkout`)).status).toBe(201);
    clocked.advanceClock(86_400_000 + 1);
    expectError(await post(`/v1/customers/${id}/carts/${old}/checkout`), 400, 990007);
  });

  it("answers a qualification InReview, then Approved after the delay", async () => {
    const id = field((await post("/v1/customers", customerBody())).body, "id") as string;
    const body = { qualification: "Education", educationSegment: "K12", website: "https://school.example.nl" };
    const first = await post(`/v1/customers/${id}/qualifications`, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ qualification: "Education", vettingStatus: "InReview" });
    const get = () =>
      fetch(`${clocked.url}/v1/customers/${id}/qualifications`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(await (await get()).json()).toMatchObject([{ vettingStatus: "InReview" }]);
    clocked.advanceClock(3_600_000);
    expect(await (await get()).json()).toMatchObject([{ vettingStatus: "Approved", educationSegment: "K12" }]);
    expectError(await post(`/v1/customers/${id}/qualifications`, body), 409, 990009);
  });

  it.each([
    ["an unknown qualification", { qualification: "Charity" }],
    ["a bad segment", { qualification: "Education", educationSegment: "University", website: "https://x.nl" }],
    ["no website", { qualification: "Education", educationSegment: "HigherEducation" }],
  ])("rejects %s", async (_name, body) => {
    const id = field((await post("/v1/customers", customerBody())).body, "id") as string;
    expectError(await post(`/v1/customers/${id}/qualifications`, body), 400, 3000);
  });
});

describe("MS-RequestId replay", () => {
  it("answers a repeated POST with the first answer and creates one customer", async () => {
    const body = customerBody();
    const headers = { "MS-RequestId": "8a7e1c52-0000-4000-8000-000000000001" };
    const before = em.stats().replayed;
    const first = await call("POST", "/v1/customers", body, headers);
    const second = await call("POST", "/v1/customers", body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(em.stats().replayed).toBe(before + 1);
    const domain = field(body, "CompanyProfile", "Domain") as string;
    expect(em.state().customers.filter((c) => c.domain === domain)).toHaveLength(1);
    // A new request id acts again, and finds the domain taken.
    expectError(await call("POST", "/v1/customers", body, { "MS-RequestId": "another" }), 409, 990001);
  });

  it("replays an error answer too", async () => {
    const id = await createCustomer();
    await call("POST", `/v1/customers/${id}/agreements`, mcaBody());
    const headers = { "MS-RequestId": "dup-mca-1" };
    const first = await call("POST", `/v1/customers/${id}/agreements`, mcaBody(), headers);
    const second = await call("POST", `/v1/customers/${id}/agreements`, mcaBody(), headers);
    expectError(first, 409, 600061);
    expect(second.body).toEqual(first.body);
  });

  it("lets only one of two concurrent requests with the same id act", async () => {
    const slow = await startEmulator({ latencyMs: { fixed: 50, jitter: 20 } });
    try {
      const body = JSON.stringify(customerBody());
      const send = () =>
        fetch(`${slow.url}/v1/customers`, {
          method: "POST",
          headers: { Authorization: `Bearer ${TOKEN}`, "MS-RequestId": "same-id", "Content-Type": "application/json" },
          body,
        }).then(async (r) => ({ status: r.status, body: await r.text() }));
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body).toBe(b.body);
      expect(slow.state().customers.filter((c) => !c.seeded)).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it("does not replay a GET or a POST to another path with the same id", async () => {
    const headers = { "MS-RequestId": "shared-id" };
    const a = await createCustomer();
    const b = await createCustomer();
    expect((await call("POST", `/v1/customers/${a}/agreements`, mcaBody(), headers)).status).toBe(201);
    expect((await call("POST", `/v1/customers/${b}/agreements`, mcaBody(), headers)).status).toBe(201);
  });
});
