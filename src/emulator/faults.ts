import { z } from "zod";
import { createPrng } from "./prng.js";
import { SlidingWindow } from "./sliding-window.js";

const share = z.number().min(0).max(1);

/** Fault settings, as `startEmulator({ faults })`, `setFaults` and `POST /_emulator/faults` take them. */
export const faultSettingsSchema = z.strictObject({
  /** Seed of the fault PRNG: the same seed and the same request order give the same faults. Default 1. */
  seed: z.number().int().optional(),
  /** Share of `/v1` requests answered 500 or 503 without acting. */
  errorRate: share.optional(),
  /** A sliding-window limit on admitted `/v1` requests; beyond it 429 with `Retry-After` (seconds). */
  rateLimit: z
    .strictObject({
      perMinute: z.number().int().min(1).optional(),
      /** A burst limit: at most this many per second. */
      perSecond: z.number().int().min(1).optional(),
      /** Overrides the computed `Retry-After` (seconds until the window has room again). */
      retryAfterSeconds: z.number().int().min(0).optional(),
    })
    .optional(),
  /** Share of `/v1` requests answered 429 at random (throttling bursts without a real limit). */
  throttleRate: share.optional(),
  /** `Retry-After` sent with `throttleRate` answers; default 1. */
  throttleRetryAfterSeconds: z.number().int().min(0).optional(),
  /** Share of POSTs that take effect but whose connection is destroyed before the answer. */
  commitThenDrop: share.optional(),
  /** Share of `/v1` requests held `slowMs` before they act and answer (past a client's timeout). */
  slowRate: share.optional(),
  slowMs: z.number().int().min(0).optional(),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export type FaultDecision =
  | { kind: "throttle"; retryAfterSeconds: number }
  | { kind: "error"; status: 500 | 503 }
  | { kind: "pass"; slowMs: number; drop: boolean };

/**
 * Decides each request's fault. Every decision draws the same number of values from the PRNG whatever the settings,
 * so one setting does not shift the faults another one produces.
 */
export class FaultInjector {
  private current: FaultSettings = {};
  private random: () => number = createPrng(1);
  private readonly perMinute = new SlidingWindow(60_000);
  private readonly perSecond = new SlidingWindow(1_000);

  constructor(settings: FaultSettings = {}) {
    this.set(settings);
  }

  get settings(): FaultSettings {
    return structuredClone(this.current);
  }

  set(settings: FaultSettings): void {
    const parsed = faultSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RangeError(`invalid fault settings: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
    }
    this.current = parsed.data;
    this.random = createPrng(this.current.seed ?? 1);
    this.perMinute.clear();
    this.perSecond.clear();
  }

  /** `now` is a monotonic time in ms. */
  decide(mutating: boolean, now: number): FaultDecision {
    const [rError, rStatus, rThrottle, rSlow, rDrop] = [
      this.random(),
      this.random(),
      this.random(),
      this.random(),
      this.random(),
    ];
    const s = this.current;
    const limited = this.rateLimited(now);
    if (limited !== undefined) return { kind: "throttle", retryAfterSeconds: limited };
    if (rThrottle < (s.throttleRate ?? 0)) {
      return { kind: "throttle", retryAfterSeconds: s.throttleRetryAfterSeconds ?? 1 };
    }
    if (rError < (s.errorRate ?? 0)) return { kind: "error", status: rStatus < 0.5 ? 500 : 503 };
    const slowMs = rSlow < (s.slowRate ?? 0) ? (s.slowMs ?? 0) : 0;
    return { kind: "pass", slowMs, drop: mutating && rDrop < (s.commitThenDrop ?? 0) };
  }

  /** Seconds to wait when the request is over a limit (it is then not admitted), else undefined. */
  private rateLimited(now: number): number | undefined {
    const limit = this.current.rateLimit;
    if (limit === undefined) return undefined;
    let waitMs = 0;
    for (const [window, max] of [
      [this.perMinute, limit.perMinute],
      [this.perSecond, limit.perSecond],
    ] as const) {
      if (max === undefined || window.count(now) < max) continue;
      const oldest = window.oldest(now) ?? now;
      waitMs = Math.max(waitMs, oldest + window.spanMs - now);
    }
    if (waitMs > 0) return limit.retryAfterSeconds ?? Math.max(1, Math.ceil(waitMs / 1000));
    this.perMinute.push(now);
    this.perSecond.push(now);
    return undefined;
  }
}
