/**
 * Event times within the last `spanMs` (a queue over a growable array). Pushing at each event and reading `count`
 * right after gives the busiest window exactly: a window holding the most events can always be slid to end on one.
 */
export class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(readonly spanMs: number) {}

  /** Events in (now - spanMs, now]. */
  count(now: number): number {
    this.evict(now);
    return this.times.length - this.head;
  }

  push(now: number): number {
    this.evict(now);
    this.times.push(now);
    return this.times.length - this.head;
  }

  /** The oldest event still in the window, if any. */
  oldest(now: number): number | undefined {
    this.evict(now);
    return this.times[this.head];
  }

  clear(): void {
    this.times = [];
    this.head = 0;
  }

  private evict(now: number): void {
    const limit = now - this.spanMs;
    while (this.head < this.times.length && (this.times[this.head] ?? Infinity) <= limit) this.head++;
    // Compact now and then so the array does not grow without end.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
