import { describe, expect, it } from "vitest";
import { normalizeRow, ordersOffers } from "../../src/normalize/record.js";

const DEFAULTS = { termDuration: "P1Y", billingCycle: "monthly" };

describe("normalizeRow", () => {
  it("normalizes a Dutch row", () => {
    const record = normalizeRow(
      {
        company_name: "  Bakkerij\u00a0Jansen   B.V. ",
        domain: "BakkerijJansen.onmicrosoft.com",
        email: " Inkoop@BakkerijJansen.NL ",
        first_name: "Anna",
        last_name: "de Vries",
        phone: "06-12345678",
        address_line1: "Damrak 1",
        address_line2: "",
        city: "Amsterdam",
        postal_code: "1012lg",
        country: "Nederland",
        education: "nee",
      },
      DEFAULTS,
    );
    expect(record).toEqual({
      company_name: "Bakkerij Jansen B.V.",
      domain: "bakkerijjansen",
      email: "Inkoop@bakkerijjansen.nl",
      first_name: "Anna",
      last_name: "de Vries",
      phone: "+31612345678",
      address_line1: "Damrak 1",
      city: "Amsterdam",
      postal_code: "1012 LG",
      country: "NL",
      culture: "nl-NL",
      language: "nl",
      education: false,
    });
  });

  it("reads the country first, for the fields that depend on it", () => {
    const record = normalizeRow(
      { country: "USA", state: "California", postal_code: "2134", phone: "(201) 555-0123" },
      DEFAULTS,
    );
    expect(record).toEqual({
      country: "US",
      state: "CA",
      postal_code: "02134",
      phone: "+12015550123",
      culture: "en-US",
      language: "en",
    });
  });

  it("leaves out what it cannot make sense of", () => {
    const record = normalizeRow(
      {
        country: "Narnia",
        email: "not an address",
        domain: "contoso.com",
        phone: "12",
        culture: "Dutch",
        mca_accepted_on: "yesterday",
        customer_tenant_id: "nope",
      },
      DEFAULTS,
    );
    expect(record).toEqual({});
  });

  it("takes a given culture and language", () => {
    expect(normalizeRow({ country: "BE", culture: "fr_be" }, DEFAULTS)).toMatchObject({
      culture: "fr-BE",
      language: "fr",
    });
    expect(normalizeRow({ country: "BE", culture: "fr-BE", language: "NL" }, DEFAULTS)).toMatchObject({
      language: "nl",
    });
  });

  it("applies term and billing defaults only to rows that order", () => {
    expect(normalizeRow({ offer_id: "CFQ7TTC0LH18:0001", quantity: "3" }, DEFAULTS)).toEqual({
      offers: [{ productId: "CFQ7TTC0LH18", skuId: "0001", quantity: 3 }],
      term_duration: "P1Y",
      billing_cycle: "monthly",
    });
    expect(normalizeRow({ offers: "CFQ7TTC0LH18:0001*3", term_duration: "P1M" }, DEFAULTS)).toMatchObject({
      term_duration: "P1M",
      billing_cycle: "monthly",
    });
    expect(normalizeRow({ company_name: "X" }, DEFAULTS)).not.toHaveProperty("term_duration");
    expect(normalizeRow({ offer_id: "junk", term_duration: "P2Y" }, DEFAULTS)).toEqual({ billing_cycle: "monthly" });
  });

  it("normalizes ids, lists, booleans and dates", () => {
    expect(
      normalizeRow(
        {
          reseller_id: "{72F988BF-86F1-41AF-91AB-2D7CD011DB47}",
          additional_reseller_ids: "1234567; 7654321",
          customer_tenant_id: "72F988BF-86F1-41AF-91AB-2D7CD011DB47",
          enable_gdap_default: "x",
          mca_accepted_on: "05-03-2024",
          education_segment: "K-12",
          website: "www.school.nl",
        },
        DEFAULTS,
      ),
    ).toEqual({
      reseller_id: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      additional_reseller_ids: ["1234567", "7654321"],
      customer_tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      enable_gdap_default: true,
      mca_accepted_on: "2024-03-05",
      education_segment: "K12",
      website: "https://www.school.nl",
    });
  });

  it.each([
    [{ offer_id: "x" }, true],
    [{ offers: "x" }, true],
    [{ offer_id: "  " }, false],
    [{ quantity: "3" }, false],
  ])("ordersOffers(%j) = %s", (raw, expected) => {
    expect(ordersOffers(raw)).toBe(expected);
  });
});
