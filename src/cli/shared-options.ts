import type { Options } from "yargs";

/** Options more than one command declares, described once. */
export const LOG_LEVEL_OPTION = {
  type: "string",
  choices: ["trace", "debug", "info", "warn", "error", "fatal", "silent"],
  describe: "log level (default info, warn on a terminal)",
  group: "Output:",
} as const satisfies Options;

export const LOG_FILE_OPTION = {
  type: "string",
  describe: "write JSON logs to this file instead of stderr",
  group: "Output:",
} as const satisfies Options;

export const AUTHORITY_OPTION = {
  type: "string",
  describe: "identity platform URL (default https://login.microsoftonline.com)",
  group: "Sign-in:",
} as const satisfies Options;

export const CA_FILE_OPTION = {
  type: "string",
  describe: "PEM file of extra CA certificates to trust for the authority",
  group: "Sign-in:",
} as const satisfies Options;
