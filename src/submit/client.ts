import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { AuthenticationError, PartnerCenterError, RetriesExhaustedError } from "./errors.js";
import { LatencyHistogram } from "./latency.js";
import { RateLimiter, sleep } from "./rate-limiter.js";

export interface ClientOptions {
  /** e.g. https://api.partnercenter.microsoft.com, or the emulator's URL. */
  baseUrl: string;
  /** The bearer token; called before each request so a refreshed token is picked up. */
  token: () => string | Promise<string>;
  /**
   * Called with the refused token after a 401: resolves once a new token is to be had from `token` (a signed-in user's
   * access token expired mid-run). The request is then sent once more with a new MS-RequestId; a second 401, or a
   * refresh that throws, ends it with `AuthenticationError` (the refresh's error as its cause). Absent: a 401 ends it.
   */
  refreshToken?: (refused: string) => Promise<unknown>;
  /** One per run (Partner Center's MS-CorrelationId). */
  correlationId?: string;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx and network errors; default 5. */
  retries?: number;
  /** Client-side limit in requests per minute; 0 = off; default 300. */
  ratePerMinute?: number;
  /** First backoff step; default 500 ms (doubling, full jitter, capped at 30 s). */
  backoffMs?: number;
  logger?: Logger;
  /** Told of every 429, so the caller can lower its parallelism. */
  onThrottled?: () => void;
}

export interface RequestOptions {
  body?: unknown;
  /** Reuse a request id recorded before a crash: Partner Center answers a repeated id with its first answer. */
  requestId?: string;
  /** Statuses that are answers rather than errors (e.g. 404 for HEAD /v1/domains). */
  accept?: readonly number[];
  /** Called with the request id just before each attempt is sent (the ledger records it first). */
  onAttempt?: (requestId: string) => void | Promise<void>;
}

export interface Answer<T> {
  status: number;
  body: T;
  requestId: string;
}

export interface ClientStats {
  requests: number;
  retries: number;
  /** Tokens refreshed after a 401. */
  tokenRefreshes: number;
  throttled: number;
  networkErrors: number;
  serverErrors: number;
  latencyP50Ms: number | undefined;
  latencyP95Ms: number | undefined;
}

interface ErrorBody {
  code?: unknown;
  description?: unknown;
  message?: unknown;
}

/**
 * The project's own Partner Center REST client: bearer token, MS-RequestId and MS-CorrelationId on every request,
 * a timeout per attempt, a client-side rate limit, and retries. MS-RequestId is kept when an attempt got no answer
 * (timeout, dropped connection) so that a request that did take effect is not repeated as a new one; after any
 * answer the next attempt gets a new id.
 */
export class PartnerCenterClient {
  readonly correlationId: string;
  private readonly limiter: RateLimiter;
  private readonly latency = new LatencyHistogram();
  private readonly counters = {
    requests: 0,
    retries: 0,
    tokenRefreshes: 0,
    throttled: 0,
    networkErrors: 0,
    serverErrors: 0,
  };

  constructor(private readonly options: ClientOptions) {
    this.correlationId = options.correlationId ?? randomUUID();
    this.limiter = new RateLimiter(options.ratePerMinute ?? 300);
  }

  stats(): ClientStats {
    return { ...this.counters, latencyP50Ms: this.latency.percentile(50), latencyP95Ms: this.latency.percentile(95) };
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const retries = this.options.retries ?? 5;
    let requestId = options.requestId ?? randomUUID();
    // Once an attempt went unanswered it may have taken effect, and only its MS-RequestId can return that first
    // answer: every later attempt reuses it, even after a 5xx or 429 to one of the repeats.
    let unanswered = options.requestId !== undefined;
    let refreshed = false;
    // `attempt` counts the retry budget; the repeat after a token refresh is not a retry.
    let attempt = -1;
    let afterRefresh = false;
    for (;;) {
      if (afterRefresh) afterRefresh = false;
      else if (++attempt > 0) this.counters.retries++;
      await options.onAttempt?.(requestId);
      const token = await this.options.token();
      const headers = this.headers(token, requestId, options.body !== undefined);
      // The slot is taken last, right before sending, so that the spacing holds on the wire.
      await this.limiter.take();
      const started = performance.now();
      let response: Response;
      let text: string;
      // A timer cleared with the answer, not AbortSignal.timeout: that one keeps every request's objects alive for the
      // whole timeout, megabytes at hundreds of requests a second.
      const timeout = new AbortController();
      const timer = setTimeout(() => {
        timeout.abort(new DOMException("timed out", "TimeoutError"));
      }, this.options.timeoutMs ?? 30_000);
      try {
        this.counters.requests++;
        response = await fetch(new URL(path, this.options.baseUrl), {
          method,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: timeout.signal,
        });
        // A body cut off is no answer either: a created resource's id may be in it.
        text = await response.text();
      } catch (error: unknown) {
        // No answer: the request may have taken effect, so a retry keeps its MS-RequestId.
        this.counters.networkErrors++;
        unanswered = true;
        const reason = describeNetworkError(error);
        if (attempt >= retries) {
          throw new RetriesExhaustedError(
            `no answer from Partner Center for ${method} ${path}: ${reason}`,
            undefined,
            true,
          );
        }
        this.options.logger?.warn({ method, path, requestId, attempt, reason }, "no answer; retrying");
        await sleep(this.backoff(attempt));
        continue;
      } finally {
        clearTimeout(timer);
      }
      this.latency.record(performance.now() - started);
      if (response.ok || options.accept?.includes(response.status) === true) {
        return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as T, requestId };
      }
      const parsed = parseErrorBody(text);
      if (response.status === 401) {
        const said = [parsed.code, parsed.description].filter((x) => x !== "").join(": ");
        const refused = `Partner Center refused the token (401${said !== "" ? ` ${said}` : ""})`;
        const refresh = this.options.refreshToken;
        if (refreshed || refresh === undefined) {
          throw new AuthenticationError(refreshed ? `${refused}, also after the token was refreshed` : refused, 401);
        }
        refreshed = true;
        try {
          await refresh(token);
        } catch (error: unknown) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new AuthenticationError(`${refused}, and refreshing it failed: ${reason}`, 401, { cause: error });
        }
        this.counters.tokenRefreshes++;
        this.options.logger?.info({ method, path }, "token refreshed after a 401; sending the request again");
        // A 401 is an answer: the request did nothing, so it goes again as a new one (unless an earlier attempt of it
        // went unanswered). It does not use up a retry.
        if (!unanswered) requestId = randomUUID();
        afterRefresh = true;
        continue;
      }
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable) throw new PartnerCenterError(response.status, parsed.code, parsed.description, requestId);
      if (attempt >= retries) {
        throw new RetriesExhaustedError(
          `Partner Center answered ${response.status} to ${method} ${path} after ${attempt + 1} attempt${attempt === 0 ? "" : "s"}${parsed.description !== "" ? `: ${parsed.description}` : ""}`,
          response.status,
          unanswered,
        );
      }
      let wait = this.backoff(attempt);
      if (response.status === 429) {
        this.counters.throttled++;
        this.options.onThrottled?.();
        // Retry-After is authoritative when present; backoff comes on top of it for the attempts after.
        const after = Number(response.headers.get("retry-after"));
        if (Number.isFinite(after) && after > 0) wait = Math.max(wait, after * 1000);
        this.limiter.pause(wait);
      } else {
        this.counters.serverErrors++;
      }
      this.options.logger?.warn(
        { method, path, status: response.status, requestId, attempt, waitMs: Math.round(wait) },
        "retrying",
      );
      // An answer came: the next attempt is a new request, unless an earlier one may still have taken effect.
      if (!unanswered) requestId = randomUUID();
      await sleep(wait);
    }
  }

  private headers(token: string, requestId: string, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
      "MS-RequestId": requestId,
      "MS-CorrelationId": this.correlationId,
      "X-Locale": "en-US",
    };
    if (hasBody) headers["Content-Type"] = "application/json";
    return headers;
  }

  private backoff(attempt: number): number {
    const base = this.options.backoffMs ?? 500;
    return Math.random() * Math.min(30_000, base * 2 ** attempt);
  }
}

function parseErrorBody(text: string): { code: string; description: string } {
  try {
    const body = JSON.parse(text) as ErrorBody;
    const code = typeof body.code === "string" || typeof body.code === "number" ? String(body.code) : "";
    const description =
      typeof body.description === "string" ? body.description : typeof body.message === "string" ? body.message : text;
    return { code, description };
  } catch {
    return { code: "", description: text.slice(0, 200) };
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
