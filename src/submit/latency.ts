/** Request latencies in a fixed-size histogram (1 ms buckets to 10 s, then one): percentiles without keeping samples. */
export class LatencyHistogram {
  private readonly buckets = new Uint32Array(10_001);
  private total = 0;

  record(ms: number): void {
    const i = Math.min(10_000, Math.max(0, Math.round(ms)));
    this.buckets[i] = (this.buckets[i] ?? 0) + 1;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  percentile(p: number): number | undefined {
    if (this.total === 0) return undefined;
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= rank) return i;
    }
    return 10_000;
  }
}
