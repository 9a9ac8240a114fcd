/** An answer of Partner Center that is not a success: its HTTP status and its own error code and description. */
export class PartnerCenterError extends Error {
  override readonly name = "PartnerCenterError";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly requestId: string,
  ) {
    super(`Partner Center answered ${status}${code !== "" ? ` ${code}` : ""}: ${description}`);
  }
}

/**
 * Partner Center refused the credentials (401) after the token was refreshed once, or the refresh itself failed (its
 * `SignInError` is the `cause`): the run stops at once, resumable.
 */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The run was asked to stop (Ctrl-C, the circuit breaker, a lost sign-in elsewhere) and this row was between two steps:
 * it stops there, its finished steps in the ledger, and the next run continues it.
 */
export class StopRequested extends Error {
  override readonly name = "StopRequested";
  constructor() {
    super("the run is stopping: this row continues in the next run");
  }
}

/** No answer after every retry: timeouts, dropped connections or 5xx/429 to the end. */
export class RetriesExhaustedError extends Error {
  override readonly name = "RetriesExhaustedError";
  constructor(
    message: string,
    readonly lastStatus: number | undefined,
    /** True when the last attempt got no answer: it may have taken effect. */
    readonly outcomeUnknown: boolean,
  ) {
    super(message);
  }
}

/** A row that cannot go on for a reason this tool found itself (an offer not sold in the country): a stable code. */
export class RowFailure extends Error {
  override readonly name = "RowFailure";
  constructor(
    readonly code: string,
    message: string,
    /** Found in Partner Center's answer to the step's request: that request is settled, not pending. */
    readonly answered = false,
  ) {
    super(message);
  }
}

const stepAnswers = new WeakSet<object>();

/**
 * Awaits a step's own request (the POST its `*-sent` line announced) and, when it fails with Partner Center's
 * definitive answer (an error status, or 5xx/429 to every attempt with none unanswered), marks the error: the request
 * did not take effect, so the step has nothing pending. Errors of other requests (lookups) are never marked.
 */
export async function stepRequest<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error: unknown) {
    const definitive =
      error instanceof PartnerCenterError || (error instanceof RetriesExhaustedError && !error.outcomeUnknown);
    if (definitive) stepAnswers.add(error);
    throw error;
  }
}

/** Whether `error` is a definitive answer to a step's own request (see `stepRequest`), or a row failure found in one. */
export function answersStep(error: unknown): boolean {
  if (error instanceof RowFailure) return error.answered;
  return typeof error === "object" && error !== null && stepAnswers.has(error);
}
