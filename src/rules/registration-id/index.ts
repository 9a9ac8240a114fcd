export { classifyRegistrationId, type Verdict } from "./classify.js";
export { REGISTRATION_ID_COVERAGE, type CountryCoverage, type IdTypeCoverage } from "./coverage.js";
export type { Holder, Verification } from "./countries.js";
export { normalizeRegistrationId } from "./normalize.js";
export {
  REGISTRATION_COUNTRIES,
  REGISTRATION_ID_CODES,
  registrationIdRules,
  type RegistrationIdCode,
} from "./rules.js";
