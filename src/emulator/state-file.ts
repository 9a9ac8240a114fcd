import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../util/atomic-file.js";
import { emulatorStateSchema, type EmulatorState } from "./state.js";

/** The state in `path`, or undefined when there is no such file; throws on a file that is not a valid state. */
export async function readStateFile(path: string): Promise<EmulatorState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error: unknown) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    throw new Error(`emulator state file ${path} is not JSON`, { cause: error });
  }
  const parsed = emulatorStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `emulator state file ${path} is invalid at ${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`,
    );
  }
  return parsed.data;
}

/** The state file is written whole or not at all, readable by its owner only (it holds one-time passwords). */
export async function writeStateFile(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text, 0o600);
}

/**
 * Writes the state in batches: a change schedules one write; changes made while it waits or runs share the next one.
 * The pause between writes grows to ten times the last write's duration, so a large state costs at most ~10% of the
 * time in writing however busy the emulator is.
 */
export class StateWriter {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private lastWriteMs = 0;
  private failure: unknown;

  constructor(
    private readonly path: string,
    private readonly serialize: () => string,
    private readonly minIntervalMs: number,
  ) {}

  markDirty(): void {
    this.dirty = true;
    this.schedule();
  }

  /** Writes now if anything changed, after any write in progress; rejects if a write failed. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.timer !== undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      if (this.writing !== undefined) await this.writing;
      else if (this.dirty && this.failure === undefined) await this.write();
      else break;
    }
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure instanceof Error ? failure : new Error("the state file could not be written", { cause: failure });
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.writing !== undefined) return;
    const delay = Math.max(this.minIntervalMs, this.lastWriteMs * 10);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) void this.write();
    }, delay);
    this.timer.unref();
  }

  private write(): Promise<void> {
    this.dirty = false;
    const started = performance.now();
    const text = this.serialize();
    this.writing = writeStateFile(this.path, text)
      .catch((error: unknown) => {
        this.failure = error;
        this.dirty = true;
      })
      .finally(() => {
        this.lastWriteMs = performance.now() - started;
        this.writing = undefined;
        if (this.dirty && this.failure === undefined) this.schedule();
      });
    return this.writing;
  }
}
