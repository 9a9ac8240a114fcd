export { startEmulator, DEFAULT_TOKEN } from "./server.js";
export { runEmulatorCommand, type EmulatorCommandOptions, type EmulatorCommandSummary } from "./command.js";
export { PC_ERRORS, type PcErrorBody, type PcErrorKey } from "./errors.js";
export { faultSettingsSchema } from "./faults.js";
export { MCA_TEMPLATE_ID, emulatorSeedSchema } from "./seed.js";
export { CART_LIFETIME_MS } from "./routes/carts.js";
export type {
  EmulatorOptions,
  EmulatorSeed,
  EmulatorState,
  EmulatorStats,
  FaultSettings,
  RunningEmulator,
} from "./types.js";
