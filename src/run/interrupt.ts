/**
 * Ctrl-C for a long run: the first SIGINT (or SIGTERM) asks the run to stop taking new rows and to let the rows in
 * flight finish their current step; the second aborts at once (the next run settles whatever was in flight).
 */
export class Interrupt {
  private signals = 0;
  private readonly handler = (): void => {
    this.signals++;
    if (this.signals === 1) this.onFirst();
    else this.onSecond();
  };

  constructor(
    private readonly onFirst: () => void,
    private readonly onSecond: () => void,
  ) {}

  get requested(): boolean {
    return this.signals > 0;
  }

  install(): this {
    process.on("SIGINT", this.handler);
    process.on("SIGTERM", this.handler);
    return this;
  }

  uninstall(): void {
    process.off("SIGINT", this.handler);
    process.off("SIGTERM", this.handler);
  }
}
