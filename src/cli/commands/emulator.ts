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
      ),
};

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
