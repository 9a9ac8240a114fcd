import { randomUUID } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeJsonAtomic } from "../outputs/validation-reports.js";

/** Keys whose values are secrets: never written to a manifest, a history line or the screen. */
const SECRET_KEY = /secret|token|password|credential/i;

/** Settings as they may be shown: secret values masked, functions and loggers left out. */
export function publicSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value === "function" || key === "logger" || key === "env" || key === "progressStream") continue;
    if (SECRET_KEY.test(key) && !/file$/i.test(key)) out[key] = value === undefined ? undefined : "***";
    else out[key] = value;
  }
  return out;
}

export interface RunRecord {
  runId: string;
  command: "validate" | "import" | "status";
  inputFile: string;
  inputSha256: string;
  toolVersion: string;
  settings: Record<string, unknown>;
  startedAt: string;
  endedAt: string;
  outDir: string;
  counts: Record<string, number>;
  exitCode: number;
  complete: boolean;
  /** An `import --dry-run`: nothing was created. */
  dryRun?: boolean;
  /** The rows an import took (`--rows`, `--limit`, `--only-failed`), when not all: not a run of the whole file. */
  selection?: { rows?: string; limit?: number; onlyFailed: boolean };
  error?: string;
}

export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-${randomUUID().slice(0, 8)}`;
}

/** `manifest.json` in the output folder: what ran, on which bytes, with which settings, and how it ended. */
export async function writeManifest(outDir: string, record: RunRecord): Promise<void> {
  await writeJsonAtomic(join(outDir, "manifest.json"), record);
}

export const HISTORY_FILE = "history.jsonl";

/** Appends the run to the state folder's history (one JSON line a run; `csp-onboard history` prints it). */
export async function appendHistory(stateDir: string, record: RunRecord): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const line: Partial<RunRecord> = { ...record };
  delete line.settings;
  await appendFile(join(stateDir, HISTORY_FILE), `${JSON.stringify(line)}\n`, { mode: 0o600 });
}

export async function readHistory(stateDir: string): Promise<Omit<RunRecord, "settings">[]> {
  let text: string;
  try {
    text = await readFile(join(stateDir, HISTORY_FILE), "utf8");
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const out: Omit<RunRecord, "settings">[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line) as Omit<RunRecord, "settings">);
    } catch {
      // A torn last line from a crash: skipped.
    }
  }
  return out;
}

/** Earlier complete runs of the same input bytes, newest first. */
export async function earlierRunsOf(stateDir: string, sha256: string): Promise<Omit<RunRecord, "settings">[]> {
  return (await readHistory(stateDir)).filter((r) => r.inputSha256 === sha256).reverse();
}
