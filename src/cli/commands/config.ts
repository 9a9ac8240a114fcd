import type { Argv, ArgumentsCamelCase } from "yargs";
import { authSettingsShape } from "../../auth/index.js";
import { importSettingsSchema } from "../../run/import-settings.js";
import { publicSettings } from "../../run/manifest.js";
import { loadConfigFile, parseSettings } from "../../run/settings.js";
import type { CommandIo } from "../io.js";
import { RunError } from "../../errors/run-error.js";
import { RULES } from "../../rules/catalogue.js";
import { unknownCodes } from "../../rules/engine.js";

/** Every key a config file may hold: the import's settings (which include validate's) and sign-in. */
export const configFileSchema = importSettingsSchema.extend(authSettingsShape);

export const configCommand = {
  command: "config check <file>",
  describe: "check a config file (unknown keys, bad values) and print the effective settings, secrets masked",
  builder: (y: Argv) =>
    y
      .positional("file", { type: "string", describe: "the JSON config file", demandOption: true })
      .example("$0 config check nightly.json", "exit 0 and the settings a run would use, or exit 2 and what is wrong"),
};

export async function runConfigCheck(args: ArgumentsCamelCase<{ file: string }>, io: CommandIo): Promise<number> {
  const config = await loadConfigFile(args.file);
  const settings = parseSettings(configFileSchema, config, args.file);
  const unknown = unknownCodes(RULES, settings.rules);
  if (unknown.length > 0) {
    throw new RunError(
      "CONFIG_INVALID",
      `setting 'rules' names unknown rule code(s) ${unknown.join(", ")}; see docs/rules.md`,
      {
        file: args.file,
      },
    );
  }
  io.stdout.write(`${JSON.stringify(publicSettings(settings), null, 2)}\n`);
  io.stderr.write(`${args.file}: valid\n`);
  return 0;
}
