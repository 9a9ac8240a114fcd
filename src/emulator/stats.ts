import { SlidingWindow } from "./sliding-window.js";

/** What the emulator measured since start (or the last reset); `/_emulator` control calls are not counted. */
export interface EmulatorStats {
  /** `/v1` requests received. */
  requests: number;
  /** Requests per route, e.g. `"POST /v1/customers/{id}/agreements"`. */
  byRoute: Record<string, number>;
  /** Answers per HTTP status; `"dropped"` counts connections destroyed instead of answered. */
  byStatus: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  /** Requests received in the last 60 s. */
  lastMinute: number;
  /** Most requests received in any sliding 60 s window. */
  maxPerMinute: number;
  /** Most requests received in any sliding 1 s window. */
  maxPerSecond: number;
  /** 429 answers (rate limit or injected throttling). */
  throttled: number;
  /** 500/503 answers injected by the error fault. */
  injectedErrors: number;
  /** Requests that took effect but whose connection was destroyed before the answer. */
  dropped: number;
  /** Requests delayed by the slow fault. */
  slowed: number;
  /** POSTs answered from the MS-RequestId memory instead of acting again. */
  replayed: number;
  /** 401 answers. */
  unauthorized: number;
  /** When counting started (ISO). */
  since: string;
}

export type StatsCounter = "throttled" | "injectedErrors" | "dropped" | "slowed" | "replayed" | "unauthorized";

/** Counts requests; times come from a monotonic clock so the windows are not fooled by the emulator clock. */
export class StatsRecorder {
  private data: EmulatorStats = StatsRecorder.empty();
  private readonly minute = new SlidingWindow(60_000);
  private readonly second = new SlidingWindow(1_000);

  constructor(private readonly monotonic: () => number = () => performance.now()) {}

  private static empty(): EmulatorStats {
    return {
      requests: 0,
      byRoute: {},
      byStatus: {},
      inFlight: 0,
      maxInFlight: 0,
      lastMinute: 0,
      maxPerMinute: 0,
      maxPerSecond: 0,
      throttled: 0,
      injectedErrors: 0,
      dropped: 0,
      slowed: 0,
      replayed: 0,
      unauthorized: 0,
      since: new Date().toISOString(),
    };
  }

  /** Counts a request's arrival; call the returned function once when it has ended (answered or dropped). */
  begin(route: string): () => void {
    const d = this.data;
    const now = this.monotonic();
    d.requests++;
    d.byRoute[route] = (d.byRoute[route] ?? 0) + 1;
    d.maxPerMinute = Math.max(d.maxPerMinute, this.minute.push(now));
    d.maxPerSecond = Math.max(d.maxPerSecond, this.second.push(now));
    d.inFlight++;
    d.maxInFlight = Math.max(d.maxInFlight, d.inFlight);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      // After a reset the in-flight count restarts at 0, but requests begun before it still end.
      this.data.inFlight = Math.max(0, this.data.inFlight - 1);
    };
  }

  answered(status: number | "dropped"): void {
    const key = String(status);
    this.data.byStatus[key] = (this.data.byStatus[key] ?? 0) + 1;
  }

  count(counter: StatsCounter): void {
    this.data[counter]++;
  }

  snapshot(): EmulatorStats {
    return {
      ...this.data,
      byRoute: { ...this.data.byRoute },
      byStatus: { ...this.data.byStatus },
      lastMinute: this.minute.count(this.monotonic()),
    };
  }

  reset(): void {
    const inFlight = this.data.inFlight;
    this.data = StatsRecorder.empty();
    this.data.inFlight = inFlight;
    this.data.maxInFlight = inFlight;
    this.minute.clear();
    this.second.clear();
  }
}
