import type { Argv, ArgumentsCamelCase } from "yargs";
import { runEmulatorCommand } from "../../emulator/index.js";
import type { CommandIo } from "../io.js";

export interface EmulatorFlags {
  port?: number | undefined;
  state?: string | undefined;
  seed?: string | undefined;
  latency?: number | undefined;
  jitter?: number | undefined;
}

export const emulatorCommand = {
  command: "emulator",
  describe: "run the local Partner Center emulator (for demos, tests and dry runs of your own scripts)",
  builder: (y: Argv) =>
    y
      .option("port", { type: "number", describe: "port on 127.0.0.1 (default: a free one)" })
      .option("state", { type: "string", describe: "JSON file that keeps the emulator's state across restarts" })
      .option("seed", { type: "string", describe: "JSON seed: resellers, existing customers, products" })
      .option("latency", { type: "number", describe: "milliseconds added to every answer" })
      .option("jitter", { type: "number", describe: "random extra milliseconds, 0..N" })
      .example(
        "$0 emulator --port 8080 --state pc-state.json",
        "then: import file.csv --endpoint http://127.0.0.1:8080",
      )
      .example(
        `curl -X POST http://127.0.0.1:8080/_emulator/faults -d '{"errorRate":0.1,"throttleRate":0.05}'`,
        "then: 10% of requests answered 500/503, 5% throttled (429), until faults are set to {}",
      )
      .epilog(EMULATOR_EPILOG),
};

const EMULATOR_EPILOG = [
  "Control endpoints (JSON, on the same port):",
  "  GET  /_emulator/stats, POST /_emulator/stats/reset   requests by route, retries seen, throttled, in flight",
  "  GET  /_emulator/state                                customers, agreements, carts and orders as created",
  "  GET|POST /_emulator/faults                           fault injection, for rehearsing an import under trouble:",
  "       errorRate 0..1            share of requests answered 500 or 503 without acting",
  "       throttleRate 0..1         share answered 429 (Retry-After: throttleRetryAfterSeconds, default 1)",
  "       rateLimit {perMinute, perSecond, retryAfterSeconds}   a real sliding-window limit, 429 beyond it",
  "       commitThenDrop 0..1       share of POSTs that take effect, then lose their answer (the connection drops)",
  "       slowRate 0..1, slowMs     share held slowMs before answering (past a client's timeout)",
  "       seed                      the same seed and request order give the same faults",
  "  POST /_emulator/clock {advanceMs}                    moves the emulator's clock (education approvals)",
].join("\n");

export async function runEmulator(args: ArgumentsCamelCase<EmulatorFlags>, io: CommandIo): Promise<number> {
  await runEmulatorCommand({
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.state !== undefined ? { stateFile: args.state } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.latency !== undefined ? { latencyMs: args.latency } : {}),
    ...(args.jitter !== undefined ? { jitterMs: args.jitter } : {}),
    log: (line) => io.stdout.write(`${line}\n`),
  });
  return 0;
}
