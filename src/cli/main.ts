import yargs from "yargs";
import { RunError, isRunError } from "../errors/run-error.js";
import { EXIT_CODES } from "../errors/exit-codes.js";
import { runValidate, validateCommand } from "./commands/validate.js";
import { importCommand, runImport } from "./commands/import.js";
import { emulatorCommand, runEmulator } from "./commands/emulator.js";
import { loginCommand, runLogin } from "./commands/login.js";
import { configCommand, runConfigCheck } from "./commands/config.js";
import { historyCommand, runHistory } from "./commands/history.js";
import { runStatus, statusCommand } from "./commands/status.js";
import type { CommandIo } from "./io.js";
import { usageError } from "./usage-error.js";

/** Flags that take several values. */
const LIST_FLAGS: ReadonlySet<string> = new Set(["partner-domains"]);

const EPILOG = [
  "Exit codes:",
  ...Object.values(EXIT_CODES).map((e) => `  ${e.code}  ${e.meaning}`),
  "",
  "Docs: README.md (quick start, operating), docs/rules.md (every rule code).",
].join("\n");

/** The only place that reads process.argv and exits: every failure becomes one line and a documented exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok.code;
  const parser = yargs(argv as string[])
    .scriptName("csp-onboard")
    .usage("$0 <command> [options]\n\nBulk onboarding of customers into Microsoft Partner Center from CSV or XLSX.")
    .command(validateCommand.command, validateCommand.describe, validateCommand.builder, async (args) => {
      exitCode = await runValidate(args, io);
    })
    .command(importCommand.command, importCommand.describe, importCommand.builder, async (args) => {
      exitCode = await runImport(args, io);
    })
    .command(emulatorCommand.command, emulatorCommand.describe, emulatorCommand.builder, async (args) => {
      exitCode = await runEmulator(args, io);
    })
    .command(loginCommand.command, loginCommand.describe, loginCommand.builder, async (args) => {
      exitCode = await runLogin(args, io);
    })
    .command(configCommand.command, configCommand.describe, configCommand.builder, async (args) => {
      exitCode = await runConfigCheck(args, io);
    })
    .command(statusCommand.command, statusCommand.describe, statusCommand.builder, async (args) => {
      exitCode = await runStatus(args, io);
    })
    .command(historyCommand.command, historyCommand.describe, historyCommand.builder, async (args) => {
      exitCode = await runHistory(args, io);
    })
    .middleware((args) => {
      // A flag given twice comes as a list: one value is meant, and which one would be a guess.
      for (const [name, value] of Object.entries(args)) {
        if (Array.isArray(value) && name !== "_" && !/[A-Z]/.test(name) && !LIST_FLAGS.has(name)) {
          throw usageError(`--${name} is given more than once (${value.map(String).join(", ")}); give it once`);
        }
      }
    })
    .demandCommand(1, "name a command: validate, import, status, login, emulator, config check or history")
    .strict()
    .recommendCommands()
    .epilog(EPILOG)
    .wrap(Math.min(120, process.stdout.columns || 120))
    .help()
    .version()
    .exitProcess(false)
    .fail((message: string | null, error: Error | undefined) => {
      if (error !== undefined) throw error;
      throw usageError(message ?? "invalid arguments");
    });
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error: unknown) {
    if (isRunError(error)) {
      io.stderr.write(`csp-onboard: ${error.describe()}\n`);
      return error.exitCode;
    }
    const failure = new RunError("INTERNAL", error instanceof Error ? error.message : String(error));
    io.stderr.write(`csp-onboard: ${failure.describe()}\n`);
    if (process.env.CSP_ONBOARD_DEBUG !== undefined && error instanceof Error)
      io.stderr.write(`${error.stack ?? ""}\n`);
    return failure.exitCode;
  }
}
