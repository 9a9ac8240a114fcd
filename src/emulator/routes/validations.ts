import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";
import { z } from "zod";
import { countryValidationRules, isKnownCountry, isStateRequired, postalCodeRegex } from "../country-rules.js";
import { PcError } from "../errors.js";
import { parseBody } from "../http.js";
import { param, type Route, type RouteContext } from "../router.js";
import { present } from "./lookup.js";

function countryRules(ctx: RouteContext) {
  const iso2 = param(ctx, "iso2").toUpperCase();
  if (!isKnownCountry(iso2)) throw new PcError("NOT_FOUND", `no country ${iso2}`);
  return {
    status: 200,
    body: { ...countryValidationRules(iso2), attributes: { objectType: "CountryValidationRules" } },
  };
}

const addressSchema = z.object({
  addressLine1: z.string().min(1),
  addressLine2: z.string().nullish(),
  addressLine3: z.string().nullish(),
  city: z.string().min(1),
  state: z.string().nullish(),
  postalCode: z.string().nullish(),
  country: z.string().length(2),
});

/**
 * `POST /v1/validations/address`: `Verified` when the postal code fits the country's pattern and a required state is
 * there, `InteractionRequired` with a message otherwise. The emulator has no street database: it never suggests.
 */
function validateAddress(ctx: RouteContext) {
  const address = parseBody(addressSchema, ctx.body);
  const country = address.country.toUpperCase();
  if (!isKnownCountry(country)) throw new PcError("INVALID_PROPERTY", `Country '${address.country}' is not known`);
  const postalCode = present(address.postalCode);
  const problems: string[] = [];
  if (isStateRequired(country) && present(address.state) === undefined)
    problems.push(`a state is required in ${country}`);
  if (postalCode !== undefined && !postalCodeFits(postalCode, country)) {
    problems.push(`postal code '${postalCode}' does not match the format of ${country}`);
  }
  return {
    status: 200,
    body: {
      originalAddress: address,
      suggestedAddresses: [],
      status: problems.length === 0 ? "Verified" : "InteractionRequired",
      ...(problems.length > 0 && { validationMessage: problems.join("; ") }),
    },
  };
}

function postalCodeFits(postalCode: string, country: string): boolean {
  const own = postalCodeRegex(country);
  if (own !== undefined) return own.test(postalCode);
  return !postcodeValidatorExistsForCountry(country) || postcodeValidator(postalCode, country);
}

export const validationRoutes: Route[] = [
  { method: "GET", pattern: "/v1/countryvalidationrules/{iso2}", handler: countryRules },
  { method: "POST", pattern: "/v1/validations/address", handler: validateAddress, readOnly: true },
];
