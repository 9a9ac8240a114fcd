import type { FileHandle } from "node:fs/promises";

/**
 * Appends lines to an open file and fsyncs them in groups: every caller waits until its line is on disk, and lines
 * queued while a write is under way share the next write and flush (one disk flush serves many callers).
 */
export class GroupCommitAppender {
  private queue: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;

  constructor(private readonly handle: FileHandle) {}

  append(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.writing ??= this.writeLoop();
    });
  }

  /** Waits for every queued line, then closes the file. */
  async close(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
    await this.handle.close();
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.handle.write(batch.map((b) => b.line).join(""));
          await this.handle.datasync();
          for (const b of batch) b.resolve();
        } catch (error: unknown) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
