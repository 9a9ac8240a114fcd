/**
 * csp-onboard as a library: the same functions the CLI calls. Each returns a summary; a failure of the run itself
 * throws a `RunError` with a stable `code` and the `exitCode` the CLI would use.
 */
export { validateFile, type ValidateOptions, type ValidateSummary } from "./run/validate.js";
export { keepRowsYoung } from "./run/gc.js";
export { importFile, type ImportOptions, type ImportSummary } from "./run/import.js";
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./emulator/index.js";
export { RunError, RUN_ERRORS, type RunErrorCode } from "./errors/run-error.js";
export { EXIT_CODES } from "./errors/exit-codes.js";
export { RULES } from "./rules/catalogue.js";
export type { Rule, Issue, Severity } from "./rules/types.js";
export { FIELDS, type Field } from "./model/fields.js";
export { customerRecordSchema, type CustomerRecord } from "./model/record.js";
