/**
 * Spaces requests evenly so that no 60-second window holds more than `perMinute` of them (a client-side limit below
 * Partner Center's own). `perMinute` 0 switches it off.
 */
export class RateLimiter {
  private next = 0;
  private readonly interval: number;

  constructor(
    perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    // A tenth more than the even share: timer and network jitter cannot then fit rate+1 requests in any window.
    this.interval = perMinute > 0 ? (60_000 / perMinute) * 1.1 : 0;
  }

  /** Waits for this request's slot. */
  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.next);
    // With the limit off only a pause (Retry-After) holds requests back.
    if (this.interval > 0) this.next = slot + this.interval;
    const wait = slot - now;
    if (wait > 0) await sleep(wait);
  }

  /** Holds every request back until `ms` from now (a 429's Retry-After applies to the whole client). */
  pause(ms: number): void {
    this.next = Math.max(this.next, this.now() + ms);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
