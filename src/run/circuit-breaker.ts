/**
 * Stops a run when Partner Center keeps failing the same way: after `limit` consecutive row failures with the same
 * code, continuing would only fail the rest of the file (an account under review, a revoked permission, an outage).
 * Any success, or a failure with another code, starts the count again.
 */
export class CircuitBreaker {
  private code: string | undefined;
  private count = 0;
  private lastMessage = "";

  constructor(readonly limit: number) {}

  success(): void {
    this.code = undefined;
    this.count = 0;
  }

  /** Records a failure; true when the breaker opens (the run must stop). */
  failure(code: string, message: string): boolean {
    if (code === this.code) this.count++;
    else {
      this.code = code;
      this.count = 1;
    }
    this.lastMessage = message;
    return this.limit > 0 && this.count >= this.limit;
  }

  get open(): boolean {
    return this.limit > 0 && this.count >= this.limit;
  }

  describe(): string {
    return `${this.count} rows in a row failed with Partner Center code ${this.code ?? "?"}: ${this.lastMessage}`;
  }
}
