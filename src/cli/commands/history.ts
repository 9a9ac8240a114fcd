import { resolve } from "node:path";
import type { Argv, ArgumentsCamelCase } from "yargs";
import { readHistory } from "../../run/manifest.js";
import type { CommandIo } from "../io.js";

export const historyCommand = {
  command: "history",
  describe: "print the run history kept in the state folder (one line a run)",
  builder: (y: Argv) =>
    y
      .option("state", { type: "string", describe: "state folder (default ./.csp-onboard)" })
      .option("json", { type: "boolean", describe: "print JSON lines instead of a table" })
      .option("last", { type: "number", describe: "only the last N runs" })
      .example("$0 history --state /var/lib/csp-onboard --last 10", ""),
};

export async function runHistory(
  args: ArgumentsCamelCase<{ state?: string | undefined; json?: boolean | undefined; last?: number | undefined }>,
  io: CommandIo,
): Promise<number> {
  let runs = await readHistory(resolve(args.state ?? ".csp-onboard"));
  if (args.last !== undefined) runs = runs.slice(-args.last);
  if (args.json === true) {
    for (const r of runs) io.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  }
  const header = ["started", "run", "command", "file", "rows", "created", "done", "failed", "rejected", "exit"];
  const rows = runs.map((r) => [
    r.startedAt.replace("T", " ").slice(0, 19),
    r.runId,
    r.command,
    r.inputFile,
    String(r.counts.rows ?? 0),
    String(r.counts.created ?? 0),
    String(r.counts["already-done"] ?? 0),
    String(r.counts.failed ?? 0),
    String(r.counts.rejected ?? 0),
    `${r.exitCode}${r.complete ? "" : " (stopped)"}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  io.stdout.write(`${line(header)}\n`);
  for (const r of rows) io.stdout.write(`${line(r)}\n`);
  if (runs.length === 0) io.stderr.write("no runs recorded yet in this state folder\n");
  return 0;
}
