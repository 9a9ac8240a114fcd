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

/** Partner Center refused the credentials (401): the run stops at once, resumable. */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
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
