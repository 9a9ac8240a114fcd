/**
 * Failures that are no answer from Partner Center but its absence: no answer, throttled, or a server error, each after
 * the client's retries. Their codes vary from row to row (HTTP_500, HTTP_503, NO_ANSWER), but they are one cause.
 */
const UNAVAILABLE_CODE = /^(NO_ANSWER|HTTP_429|HTTP_5\d\d)$/;
const UNAVAILABLE = "UNAVAILABLE";

/**
 * Stops a run when Partner Center keeps failing the same way: after `limit` consecutive row failures with the same
 * code, continuing would only fail the rest of the file (an account under review, a revoked permission). Failures of
 * an unreachable or failing Partner Center (no answer, 5xx, 429, each after the retries) count as one cause whatever
 * their codes: an outage, or a wrong endpoint, stops the run rather than failing every row for hours.
 * Any success, or a failure with another cause, starts the count again.
 */
export class CircuitBreaker {
  private cause: string | undefined;
  private count = 0;
  private lastCode = "";
  private lastMessage = "";

  constructor(readonly limit: number) {}

  success(): void {
    this.cause = undefined;
    this.count = 0;
  }

  /** Records a failure; true when the breaker opens (the run must stop). */
  failure(code: string, message: string): boolean {
    const cause = UNAVAILABLE_CODE.test(code) ? UNAVAILABLE : code;
    if (cause === this.cause) this.count++;
    else {
      this.cause = cause;
      this.count = 1;
    }
    this.lastCode = code;
    this.lastMessage = message;
    return this.open;
  }

  get open(): boolean {
    return this.limit > 0 && this.count >= this.limit;
  }

  /** Whether the failures that opened it are Partner Center's absence rather than its "no". */
  get unavailable(): boolean {
    return this.cause === UNAVAILABLE;
  }

  describe(): string {
    if (this.unavailable) {
      return (
        `${this.count} rows in a row failed because Partner Center did not answer or kept answering ` +
        `${this.lastCode === "NO_ANSWER" ? "nothing" : this.lastCode.replace("HTTP_", "")} after the retries ` +
        `(last: ${this.lastCode}${this.lastMessage === "" ? "" : `, ${this.lastMessage}`})`
      );
    }
    return `${this.count} rows in a row failed with Partner Center code ${this.cause ?? "?"}: ${this.lastMessage}`;
  }
}
