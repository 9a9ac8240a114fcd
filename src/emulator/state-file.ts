import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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

/** Replaces `path` with `text` so a reader sees the old or the new file whole: temp file, fsync, rename, fsync dir. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error: unknown) {
    await rm(temp, { force: true });
    throw error;
  }
  try {
    const dir = await open(dirname(path), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is still atomic.
  }
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
    this.writing = writeFileAtomic(this.path, text)
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
