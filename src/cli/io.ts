import type { Logger } from "pino";

/** What a command may touch of the outside world; tests give their own. */
export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  logger(settings: Record<string, unknown>): Logger;
}
