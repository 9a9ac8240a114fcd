import type { Argv, ArgumentsCamelCase } from "yargs";
import type { CommandIo } from "../io.js";
import { importCommand, runImport, type ImportFlags } from "./import.js";

export const statusCommand = {
  command: "status <file>",
  describe:
    "for the education customers an earlier import created: ask Partner Center for their qualification and order the approved ones",
  builder: (y: Argv) =>
    importCommand
      .builder(y)
      .example("$0 status inbox/2026-11-20.xlsx --config nightly.json", "the file and settings of the original import"),
};

/** `import` over the rows waiting for an education approval only; it finishes what a confirmed import started. */
export async function runStatus(
  args: ArgumentsCamelCase<ImportFlags & { file: string }>,
  io: CommandIo,
): Promise<number> {
  return runImport({ ...args, onlyPending: true }, io);
}
