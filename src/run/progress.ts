export interface ProgressCounts {
  rows: number;
  accepted: number;
  rejected: number;
  relationship: number;
}

/**
 * Progress on a terminal, updated in place a few times a second (rows, rows/s, accepted, rejected); nothing when the
 * stream is not a TTY, so logs and CI output stay clean.
 */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly counts: () => ProgressCounts,
    private readonly extra: () => string = () => "",
  ) {}

  static enabledFor(stream: NodeJS.WriteStream, quiet: boolean): boolean {
    return !quiet && stream.isTTY && process.env.CI === undefined;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.draw();
    }, 250);
    this.timer.unref();
  }

  private draw(): void {
    const c = this.counts();
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(c.rows / seconds) : 0;
    const line =
      `${fmt(c.rows)} rows  ${fmt(rate)} rows/s  accepted ${fmt(c.accepted)}  rejected ${fmt(c.rejected)}` +
      (c.relationship > 0 ? `  relationship ${fmt(c.relationship)}` : "") +
      this.extra();
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.drawn) this.stream.write("\r\x1b[2K");
  }
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}
