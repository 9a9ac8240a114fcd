import { EU_COUNTRY_SPECS } from "./countries-eu.js";
import { REQUIRED_COUNTRY_SPECS } from "./countries-required.js";
import type { CountrySpec } from "./spec.js";

export type { CountrySpec, Holder, IdType, Verification } from "./spec.js";

/** Every country covered: the 24 where Partner Center requires the ID, then the EU members. */
export const COUNTRY_SPECS: Readonly<Record<string, CountrySpec>> = { ...REQUIRED_COUNTRY_SPECS, ...EU_COUNTRY_SPECS };
