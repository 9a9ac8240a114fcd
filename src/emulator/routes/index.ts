import type { Route } from "../router.js";
import { agreementRoutes } from "./agreements.js";
import { cartRoutes } from "./carts.js";
import { customerRoutes } from "./customers.js";
import { domainRoutes } from "./domains.js";
import { orderRoutes } from "./orders.js";
import { productRoutes } from "./products.js";
import { qualificationRoutes } from "./qualifications.js";
import { resellerRoutes } from "./resellers.js";
import { validationRoutes } from "./validations.js";

/** Every `/v1` route the emulator serves. */
export const ROUTES: readonly Route[] = [
  ...customerRoutes,
  ...domainRoutes,
  ...validationRoutes,
  ...agreementRoutes,
  ...resellerRoutes,
  ...productRoutes,
  ...cartRoutes,
  ...orderRoutes,
  ...qualificationRoutes,
];
