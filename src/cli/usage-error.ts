import { RunError } from "../errors/run-error.js";

export function usageError(message: string): RunError {
  return new RunError("USAGE", `${message} (see --help)`);
}
