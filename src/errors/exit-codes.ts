/** The exit codes of every command: one table, shown in the README and `--help`. */
export const EXIT_CODES = {
  ok: { code: 0, meaning: "finished; nothing rejected or failed beyond --max-rejected" },
  rejected: { code: 1, meaning: "finished with rejected or failed rows beyond --max-rejected" },
  usage: { code: 2, meaning: "usage or configuration error; nothing was read" },
  input: { code: 3, meaning: "input unreadable or malformed (the message names file, line and column)" },
  auth: { code: 4, meaning: "stopped on authentication or authorization; resumable" },
  interrupted: {
    code: 5,
    meaning: "stopped by an interruption, a circuit breaker or a lock held by another run; resumable",
  },
  internal: { code: 70, meaning: "internal error (a bug): please report it with the log" },
} as const;

export type ExitKind = keyof typeof EXIT_CODES;
