import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { rename, unlink } from "node:fs/promises";

/**
 * A buffered output file written under a `.partial` name and renamed when the run completes, so that a run that
 * stops half way never leaves a file that passes for complete. Writes are batched into ~64 KiB chunks.
 */
export class OutputFile {
  private readonly stream: WriteStream;
  private chunks: string[] = [];
  private size = 0;
  private blocked = false;
  private failure: NodeJS.ErrnoException | undefined;
  readonly partialPath: string;

  constructor(
    readonly path: string,
    mode = 0o644,
  ) {
    this.partialPath = `${path}.partial`;
    this.stream = createWriteStream(this.partialPath, { mode, flags: "w" });
    this.stream.on("error", (error) => {
      this.failure = error;
    });
    // Listened to for good: a drain that comes while the caller waits for another file must not be missed.
    this.stream.on("drain", () => {
      this.blocked = false;
    });
  }

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.flush();
  }

  /** True while the OS has not taken what was written: the caller should await `drain()` before reading on. */
  get needsDrain(): boolean {
    return this.blocked;
  }

  async drain(): Promise<void> {
    this.throwIfFailed();
    while (this.blocked) await once(this.stream, "drain");
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    const ok = this.stream.write(this.chunks.join(""));
    this.chunks = [];
    this.size = 0;
    if (!ok) this.blocked = true;
  }

  /** Flushes and closes the partial file (it keeps its `.partial` name). */
  async close(): Promise<void> {
    this.flush();
    this.throwIfFailed();
    if (this.stream.closed) return;
    this.stream.end();
    await once(this.stream, "close");
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Gives the file its final name. */
  async commit(): Promise<void> {
    await this.close();
    await rename(this.partialPath, this.path);
  }

  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    await unlink(this.partialPath).catch(() => undefined);
  }
}
