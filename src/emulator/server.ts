import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorClock } from "./clock.js";
import { handleControl } from "./control.js";
import defaultSeed from "./default-seed.json" with { type: "json" };
import { FaultInjector } from "./faults.js";
import { handleApi } from "./handler.js";
import { listen } from "./listen.js";
import { startIdentity, type RunningIdentity } from "./identity/index.js";
import { ROUTES } from "./routes/index.js";
import { loadSeed, stateFromSeed } from "./seed.js";
import { readStateFile, StateWriter } from "./state-file.js";
import { StatsRecorder } from "./stats.js";
import { EmulatorStore } from "./store.js";
import type { EmulatorOptions, RunningEmulator } from "./types.js";

export const DEFAULT_TOKEN = "emulator-token";

/**
 * Starts the Partner Center emulator on 127.0.0.1: the `/v1` API (bearer token required) and the `/_emulator`
 * control API. Throws before listening on bad options, an unreadable seed or an invalid state file.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port ${port} is not 0-65535`);
  const latencyMs = options.latencyMs ?? { fixed: 0, jitter: 0 };
  if (!(latencyMs.fixed >= 0 && latencyMs.jitter >= 0)) throw new RangeError("latency must be >= 0 ms");
  const tokens = new Set(options.tokens ?? [DEFAULT_TOKEN]);
  if (tokens.size === 0 || [...tokens].some((t) => !/^\S+$/.test(t))) {
    throw new RangeError("tokens must be non-empty strings without blanks");
  }
  const clock = new EmulatorClock(options.now);
  const faults = new FaultInjector(options.faults);

  const loaded = options.stateFile === undefined ? undefined : await readStateFile(options.stateFile);
  const state =
    loaded ?? stateFromSeed(await loadSeed(options.seed ?? defaultSeed), new Date(clock.now()).toISOString());
  let writer: StateWriter | undefined;
  const store = new EmulatorStore(state, options.replayLimit ?? 100_000, () => writer?.markDirty());
  if (options.stateFile !== undefined) {
    writer = new StateWriter(options.stateFile, () => JSON.stringify(store.view()), options.flushIntervalMs ?? 100);
    if (loaded === undefined) {
      writer.markDirty();
      await writer.flush();
    }
  }
  const flush = async () => {
    await writer?.flush();
  };
  const stats = new StatsRecorder();
  const lifetime = new AbortController();
  // Every request waiting out its latency listens to it: more than Node's default 10 is normal, not a leak.
  setMaxListeners(Infinity, lifetime.signal);
  const identity =
    options.identity === undefined
      ? undefined
      : await startIdentity(options.identity, { now: clock.now, tenantId: store.view().partner.tenantId });
  const apiDeps = {
    routes: ROUTES,
    store,
    stats,
    faults,
    clock,
    tokens: identity === undefined ? tokens : new AcceptedTokens(tokens, identity),
    latencyMs,
    educationApprovalDelayMs: options.educationApprovalDelayMs ?? 0,
    signal: lifetime.signal,
  };
  const controlDeps = { stats, store, faults, clock, flush };

  const server = createServer((req, res) => {
    res.on("error", () => undefined);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const work = url.pathname.startsWith("/_emulator/")
      ? handleControl(req, res, url.pathname, controlDeps)
      : handleApi(req, res, url, apiDeps);
    work.catch(() => {
      res.destroy();
    });
  });
  let address: AddressInfo;
  try {
    address = await listen(server, port);
  } catch (error: unknown) {
    await identity?.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stats: () => stats.snapshot(),
    resetStats: () => {
      stats.reset();
    },
    state: () => structuredClone(store.view()),
    setFaults: (settings) => {
      faults.set(settings);
    },
    advanceClock: (ms) => {
      clock.advance(ms);
    },
    ...(identity !== undefined && { identity }),
    flush,
    close: () => {
      closing ??= (async () => {
        lifetime.abort();
        await new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeAllConnections();
        });
        await identity?.close();
        await flush();
      })();
      return closing;
    },
  };
}

/** The fixed tokens plus the unexpired access tokens the identity endpoints issued; `/v1` answers 401 to the rest. */
class AcceptedTokens extends Set<string> {
  constructor(
    fixed: Iterable<string>,
    private readonly identity: RunningIdentity,
  ) {
    super(fixed);
  }

  override has(token: string): boolean {
    return super.has(token) || this.identity.accepts(token);
  }
}
