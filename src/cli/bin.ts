#!/usr/bin/env node
import { hideBin } from "yargs/helpers";
import { keepRowsYoung } from "../run/gc.js";
import { createLogger } from "../run/logger.js";
import { main } from "./main.js";
import type { CommandIo } from "./io.js";

const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  logger: (settings) =>
    createLogger({
      level: typeof settings.logLevel === "string" ? settings.logLevel : undefined,
      file: typeof settings.logFile === "string" ? settings.logFile : undefined,
      interactive: process.stderr.isTTY,
      quiet: settings.quiet === true,
    }),
};

keepRowsYoung();
process.exitCode = await main(hideBin(process.argv), io);
