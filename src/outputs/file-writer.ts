import { close as closeFd, openSync, write } from "node:fs";
import { rename, unlink } from "node:fs/promises";

/** Bytes a buffer holds before it goes to the disk. */
const CHUNK = 256 * 1024;
/** Buffers a file owns: one being filled while the others are written. When all wait for the disk, so does the caller. */
const BUFFERS = 4;

/**
 * A buffered output file written under a `.partial` name and renamed when the run completes, so that a run that
 * stops half way never leaves a file that passes for complete.
 *
 * Text is encoded straight into a few buffers the file owns and reuses, written one after the other while the next
 * fills: a long run makes no garbage buffers (a write stream makes one per write, which the garbage collector frees
 * only late, so memory would grow with the speed of the run rather than stay flat).
 */
export class OutputFile {
  private readonly fd: number;
  private current: Buffer;
  private used = 0;
  private readonly free: Buffer[] = [];
  /** Filled buffers (with their byte counts) waiting for the disk, oldest first; the first is being written. */
  private readonly queue: { buffer: Buffer; length: number }[] = [];
  private writing = false;
  private closed = false;
  private failure: NodeJS.ErrnoException | undefined;
  private waiters: (() => void)[] = [];
  readonly partialPath: string;

  /** Creates (or truncates) the `.partial` file at once: a folder that cannot be written fails here. */
  constructor(
    readonly path: string,
    mode = 0o644,
  ) {
    this.partialPath = `${path}.partial`;
    this.fd = openSync(this.partialPath, "w", mode);
    this.current = Buffer.allocUnsafeSlow(CHUNK);
    for (let i = 1; i < BUFFERS; i++) this.free.push(Buffer.allocUnsafeSlow(CHUNK));
  }

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a text that might not fit goes after what is buffered.
    if (text.length * 3 > CHUNK - this.used) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        this.enqueue(Buffer.from(text, "utf8"), -1);
        return;
      }
    }
    this.used += this.current.write(text, this.used, "utf8");
  }

  /** Bytes as they are, `bytes[start, end)` (text already encoded as UTF-8). */
  writeBytes(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length > CHUNK - this.used) {
      this.flush();
      if (length > CHUNK) {
        this.enqueue(Buffer.from(bytes.subarray(start, end)), -1);
        return;
      }
    }
    this.current.set(bytes.subarray(start, end), this.used);
    this.used += length;
  }

  /** True while the other buffers all wait for the disk: the caller should await `drain()` before writing on. */
  get needsDrain(): boolean {
    return this.queue.length >= BUFFERS - 1;
  }

  async drain(): Promise<void> {
    while (this.needsDrain && this.failure === undefined) await this.settled();
    this.throwIfFailed();
  }

  private settled(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Hands the filled part of the current buffer to the disk and takes a free one (or a new one) to fill. */
  private flush(): void {
    if (this.used === 0) return;
    this.enqueue(this.current, this.used);
    this.current = this.free.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
    this.used = 0;
  }

  /** A length of -1: a one-off buffer of its own size that is not reused. */
  private enqueue(buffer: Buffer, length: number): void {
    this.queue.push({ buffer, length });
    this.writeNext();
  }

  private writeNext(): void {
    if (this.writing || this.failure !== undefined) return;
    const next = this.queue[0];
    if (next === undefined) {
      this.wake();
      return;
    }
    this.writing = true;
    const length = next.length === -1 ? next.buffer.length : next.length;
    this.writeFully(next.buffer, 0, length, (error) => {
      this.writing = false;
      this.queue.shift();
      if (error !== null) {
        this.failure = error;
        this.wake();
        return;
      }
      if (next.length !== -1 && this.free.length < BUFFERS - 1) this.free.push(next.buffer);
      this.wake();
      this.writeNext();
    });
  }

  private writeFully(
    buffer: Buffer,
    offset: number,
    length: number,
    done: (error: NodeJS.ErrnoException | null) => void,
  ): void {
    write(this.fd, buffer, offset, length, null, (error, written) => {
      if (error !== null) done(error);
      else if (written < length) this.writeFully(buffer, offset + written, length - written, done);
      else done(null);
    });
  }

  /** Flushes and closes the partial file (it keeps its `.partial` name). */
  async close(): Promise<void> {
    if (this.closed) {
      this.throwIfFailed();
      return;
    }
    this.flush();
    while ((this.writing || this.queue.length > 0) && this.failure === undefined) await this.settled();
    this.closed = true;
    await new Promise<void>((resolve) => {
      closeFd(this.fd, () => {
        resolve();
      });
    });
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
