import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { EmulatorClock } from "./clock.js";
import { errorBody, PcError } from "./errors.js";
import { faultSettingsSchema, type FaultInjector } from "./faults.js";
import { parseBody, readBody, send } from "./http.js";
import type { StatsRecorder } from "./stats.js";
import type { EmulatorStore } from "./store.js";

export interface ControlDeps {
  stats: StatsRecorder;
  store: EmulatorStore;
  faults: FaultInjector;
  clock: EmulatorClock;
  flush: () => Promise<void>;
}

const clockSchema = z.strictObject({ advanceMs: z.number().min(0) });

/**
 * The `/_emulator` control API for tests and demos (no bearer token, not counted in the stats):
 * `GET stats`, `POST stats/reset`, `GET state`, `GET|POST faults`, `POST clock {advanceMs}`, `POST flush`.
 */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, deps: ControlDeps) {
  const method = req.method ?? "GET";
  let status: number;
  let body: unknown;
  try {
    [status, body] = await control(`${method} ${path.replace(/\/+$/, "")}`, await readBody(req), deps);
  } catch (error: unknown) {
    if (error instanceof PcError) [status, body] = [error.status, error.body()];
    else [status, body] = [500, errorBody("SERVER_ERROR", error instanceof Error ? error.message : String(error))];
  }
  send(res, method, status, JSON.stringify(body));
}

async function control(route: string, text: string, deps: ControlDeps): Promise<[number, unknown]> {
  switch (route) {
    case "GET /_emulator/stats":
      return [200, deps.stats.snapshot()];
    case "POST /_emulator/stats/reset":
      deps.stats.reset();
      return [200, deps.stats.snapshot()];
    case "GET /_emulator/state":
      return [200, deps.store.view()];
    case "GET /_emulator/faults":
      return [200, deps.faults.settings];
    case "POST /_emulator/faults":
      deps.faults.set(parseBody(faultSettingsSchema, text));
      return [200, deps.faults.settings];
    case "POST /_emulator/clock":
      deps.clock.advance(parseBody(clockSchema, text).advanceMs);
      return [200, { now: new Date(deps.clock.now()).toISOString() }];
    case "POST /_emulator/flush":
      await deps.flush();
      return [200, { flushed: true }];
    default:
      return [404, errorBody("NOT_FOUND", `no control endpoint ${route}`)];
  }
}
