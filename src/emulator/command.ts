import type { FaultSettings } from "./faults.js";
import { DEFAULT_TOKEN, startEmulator } from "./server.js";
import type { EmulatorStats } from "./stats.js";
import type { EmulatorOptions, RunningEmulator } from "./types.js";

/** The `csp-onboard emulator` settings, as flags give them. */
export interface EmulatorCommandOptions {
  port?: number;
  /** `--state FILE`: persisted state (survives restarts). */
  stateFile?: string;
  /** `--seed FILE`: JSON seed (resellers, existing customers, products); default the built-in seed. */
  seed?: string;
  /** `--latency MS`: fixed latency added to each answer. */
  latencyMs?: number;
  /** `--jitter MS`: random extra latency, 0..MS. */
  jitterMs?: number;
  /** `--token`: accepted bearer tokens; default `emulator-token`. */
  tokens?: string[];
  faults?: FaultSettings;
  educationApprovalDelayMs?: number;
  /** Where the startup and shutdown lines go; default stdout. */
  log?: (line: string) => void;
  /** Stops the emulator when aborted; without one, SIGINT or SIGTERM stops it. */
  signal?: AbortSignal;
  /** Called once listening, e.g. to run something against it. */
  onStarted?: (emulator: RunningEmulator) => void;
}

export interface EmulatorCommandSummary {
  url: string;
  stats: EmulatorStats;
}

/** Runs the emulator until stopped: logs its URL, then closes cleanly (state file written) and returns its stats. */
export async function runEmulatorCommand(options: EmulatorCommandOptions = {}): Promise<EmulatorCommandSummary> {
  const log =
    options.log ??
    ((line: string) => {
      process.stdout.write(`${line}\n`);
    });
  const emulatorOptions: EmulatorOptions = {
    ...(options.port !== undefined && { port: options.port }),
    ...(options.stateFile !== undefined && { stateFile: options.stateFile }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.tokens !== undefined && { tokens: options.tokens }),
    ...(options.faults !== undefined && { faults: options.faults }),
    ...(options.educationApprovalDelayMs !== undefined && {
      educationApprovalDelayMs: options.educationApprovalDelayMs,
    }),
    latencyMs: { fixed: options.latencyMs ?? 0, jitter: options.jitterMs ?? 0 },
  };
  const emulator = await startEmulator(emulatorOptions);
  log(`Partner Center emulator listening on ${emulator.url}`);
  if (options.tokens === undefined) log(`  bearer token: ${DEFAULT_TOKEN}`);
  log(`  state: ${options.stateFile ?? "in memory (use --state FILE to keep it)"}`);
  log(`  control: ${emulator.url}/_emulator/stats, /_emulator/state, /_emulator/faults`);
  options.onStarted?.(emulator);

  await stopped(options.signal);
  await emulator.close();
  const stats = emulator.stats();
  log(
    `emulator stopped after ${stats.requests} requests${options.stateFile === undefined ? "" : `; state in ${options.stateFile}`}`,
  );
  return { url: emulator.url, stats };
}

function stopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal !== undefined) {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      signal.addEventListener(
        "abort",
        () => {
          resolve();
        },
        { once: true },
      );
    });
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
