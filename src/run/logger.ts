import { pino, type Logger } from "pino";

/** Fields that may hold a secret: never written to a log, whatever logs them. */
export const REDACTED_PATHS = [
  "token",
  "accessToken",
  "refreshToken",
  "authorization",
  "password",
  "secret",
  "clientSecret",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.authorization",
  "*.Authorization",
  "*.password",
  "*.secret",
  "*.clientSecret",
  "headers.authorization",
  "headers.Authorization",
  "userCredentials.password",
  "*.userCredentials.password",
];

export interface LoggerOptions {
  level?: string | undefined;
  file?: string | undefined;
  /** Default level when none is given: "warn" on a terminal (progress is shown instead), "info" otherwise. */
  interactive: boolean;
  /** `--quiet`: errors only, unless a level is given. */
  quiet?: boolean;
}

/** pino JSON logs to stderr, or to `--log-file`, with secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? (options.quiet === true ? "error" : options.interactive ? "warn" : "info");
  const destination =
    options.file !== undefined
      ? pino.destination({ dest: options.file, sync: true, mkdir: true })
      : pino.destination(2);
  return pino(
    { level, base: { name: "csp-onboard" }, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } },
    destination,
  );
}

export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
