export { startIdentity, type IdentityContext } from "./server.js";
export { PARTNER_CENTER_RESOURCE } from "./store.js";
export type { IdentityApp, IdentityOptions, IdentityStats, IdentityUser, RunningIdentity } from "./types.js";
