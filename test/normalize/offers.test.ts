import { describe, expect, it } from "vitest";
import { normalizeOffers, normalizeQuantity } from "../../src/normalize/offers.js";

describe("normalizeOffers", () => {
  it.each([
    ["CFQ7TTC0LH18:0001", "10", undefined, [{ productId: "CFQ7TTC0LH18", skuId: "0001", quantity: 10 }]],
    [
      "cfq7ttc0lh18:0001:cfq7ttc0k5kd",
      "1",
      undefined,
      [{ productId: "CFQ7TTC0LH18", skuId: "0001", availabilityId: "CFQ7TTC0K5KD", quantity: 1 }],
    ],
    ["CFQ7TTC0LH18:0001", "25.0", undefined, [{ productId: "CFQ7TTC0LH18", skuId: "0001", quantity: 25 }]],
    [
      undefined,
      undefined,
      "CFQ7TTC0LH18:0001*10; CFQ7TTC0LHSF:0001 * 5;",
      [
        { productId: "CFQ7TTC0LH18", skuId: "0001", quantity: 10 },
        { productId: "CFQ7TTC0LHSF", skuId: "0001", quantity: 5 },
      ],
    ],
  ])("%s x %s / %s", (offerId, quantity, offers, expected) => {
    expect(normalizeOffers(offerId, quantity, offers)).toEqual(expected);
  });

  it.each([
    [undefined, undefined, undefined],
    ["CFQ7TTC0LH18", "10", undefined],
    ["CFQ7TTC0LH18:0001", undefined, undefined],
    ["CFQ7TTC0LH18:0001", "0", undefined],
    ["CFQ7TTC0LH18:0001", "-1", undefined],
    ["CFQ7TTC0LH18:0001", "2.5", undefined],
    ["Microsoft 365 E3", "10", undefined],
    [undefined, undefined, "CFQ7TTC0LH18:0001"],
    [undefined, undefined, "CFQ7TTC0LH18:0001*10;junk*2"],
    [undefined, undefined, ";"],
    ["CFQ7TTC0LH18:0001", "1", "CFQ7TTC0LHSF:0001*5"],
  ])("%s x %s / %s -> undefined", (offerId, quantity, offers) => {
    expect(normalizeOffers(offerId, quantity, offers)).toBeUndefined();
  });

  it.each([
    ["1", 1],
    ["300", 300],
    ["7.00", 7],
    ["0", undefined],
    ["1.5", undefined],
    ["ten", undefined],
    ["1e3", undefined],
  ])("quantity %s -> %s", (input, expected) => {
    expect(normalizeQuantity(input)).toBe(expected);
  });
});
