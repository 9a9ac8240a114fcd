import type { FaultSettings } from "./faults.js";
import type { IdentityOptions, RunningIdentity } from "./identity/types.js";
import type { EmulatorSeed } from "./seed.js";
import type { EmulatorState } from "./state.js";
import type { EmulatorStats } from "./stats.js";

export type { FaultSettings } from "./faults.js";
export type { EmulatorSeed } from "./seed.js";
export type { EmulatorState } from "./state.js";
export type { EmulatorStats } from "./stats.js";
export type { IdentityOptions, RunningIdentity } from "./identity/types.js";

/** How to start the Partner Center emulator (see `startEmulator`). */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /**
   * JSON file holding the state across restarts. Loaded when it exists (the seed is then ignored), written atomically
   * in batches while running and flushed on close. Absent: the state lives in memory only.
   */
  stateFile?: string;
  /** The world to start from when there is no state file yet: a seed object or the path of a JSON seed file. */
  seed?: EmulatorSeed | string;
  /** Bearer tokens accepted on `/v1`; default `["emulator-token"]`. */
  tokens?: readonly string[];
  /** Added to every `/v1` answer: `fixed` ms plus a uniform random 0..`jitter` ms. */
  latencyMs?: { fixed: number; jitter: number };
  /** Faults injected from the start; `setFaults` and `POST /_emulator/faults` change them while running. */
  faults?: FaultSettings;
  /** How long an education qualification stays `InReview` (emulator clock); default 0. */
  educationApprovalDelayMs?: number;
  /** The emulator's wall clock in epoch ms (cart expiry, dateAgreed, qualification approval); default `Date.now`. */
  now?: () => number;
  /** How many MS-RequestId answers are remembered for replay; default 100 000 (oldest forgotten first). */
  replayLimit?: number;
  /** Shortest pause between two state-file writes, in ms; default 100 (it grows with the time a write takes). */
  flushIntervalMs?: number;
  /**
   * Also play Microsoft's identity platform over HTTPS (device code, refresh token, client credentials); `/v1` then
   * accepts the access tokens it issues until they expire on the emulator clock, besides `tokens`.
   */
  identity?: IdentityOptions;
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the API is under `/v1`). */
  readonly url: string;
  readonly port: number;
  stats(): EmulatorStats;
  /** Zeroes the counters and windows (in-flight requests are still counted when they end). */
  resetStats(): void;
  /** A deep copy of the current state, the same shape as the state file. */
  state(): EmulatorState;
  /** Replaces the fault settings (and restarts the fault sequence from `faults.seed`). */
  setFaults(faults: FaultSettings): void;
  /** Moves the emulator clock forward (e.g. to age a cart past its 7 days, or expire access tokens). */
  advanceClock(ms: number): void;
  /** The identity endpoints, when started with `identity`. */
  readonly identity?: RunningIdentity;
  /** Writes the state file now (no-op without one). */
  flush(): Promise<void>;
  /** Stops listening, drops open connections, and writes the state file. */
  close(): Promise<void>;
}
