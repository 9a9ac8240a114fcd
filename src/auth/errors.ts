import { RunError } from "../errors/run-error.js";

/** Every way signing in or refreshing can fail, with what the operator does next. All stop the run with exit 4. */
export const SIGN_IN_ERRORS = {
  SIGN_IN_REQUIRED: {
    title: "no signed-in partner user (or app credentials) for this run",
    next: "run `csp-onboard login` (or give app credentials), then the same command again",
  },
  REFRESH_FAILED: {
    title: "the saved sign-in can no longer be refreshed (revoked, expired, or the password or MFA changed)",
    next: "run `csp-onboard login` again, then the same command: the run resumes where it stopped",
  },
  DEVICE_CODE_EXPIRED: {
    title: "nobody entered the device code in time",
    next: "run `csp-onboard login` again and enter the new code within its lifetime",
  },
  SIGN_IN_DECLINED: {
    title: "the sign-in was declined on the device login page",
    next: "run `csp-onboard login` again and accept the request",
  },
  APP_CREDENTIALS_REJECTED: {
    title: "the identity platform refused the app's client ID or secret",
    next: "check --client-id, --tenant and the client secret (PARTNER_CENTER_CLIENT_SECRET or --client-secret-file)",
  },
  IDENTITY_UNREACHABLE: {
    title: "the identity platform could not be reached, or its certificate is not trusted",
    next: "check the network and --authority (and --ca-file for a private CA), then run the same command again",
  },
  SIGN_IN_FAILED: {
    title: "the identity platform refused the request",
    next: "check --authority, --tenant and --client-id; the message has the identity platform's own code",
  },
} as const satisfies Record<string, { title: string; next: string }>;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

/**
 * A failure to sign in or to get a token. A `RunError` of kind auth, so the CLI prints it and exits 4; the run that
 * meets it stops taking rows and stays resumable. The message never holds a token or secret.
 */
export class SignInError extends RunError {
  readonly reason: SignInErrorCode;

  constructor(reason: SignInErrorCode, message: string, options?: { cause?: unknown }) {
    super("AUTH_FAILED", `${message}: ${SIGN_IN_ERRORS[reason].next}`, {}, options);
    this.reason = reason;
  }

  override describe(): string {
    return `${this.message} [${this.reason}]`;
  }
}

export function isSignInError(error: unknown): error is SignInError {
  return error instanceof SignInError;
}

interface MsalLikeError {
  errorCode?: unknown;
  errorMessage?: unknown;
  message?: unknown;
}

const UNREACHABLE_CODES = /^(network_error|endpoints_resolution_error|openid_config_error|untrusted_authority)$/;
const REFRESH_CODES =
  /^(invalid_grant|interaction_required|login_required|consent_required|no_tokens_found|refresh_token_expired|bad_token)$/;

/**
 * Turns whatever msal-node threw into a `SignInError` carrying the identity platform's own code (`invalid_grant`,
 * `AADSTS50173`). `doing` says what was attempted ("refreshing the token of admin@contoso.com"); `networkFailure` is
 * the network client's last failure, which msal replaces by a bare `network_error` or `openid_config_error`.
 */
export function toSignInError(error: unknown, doing: string, networkFailure?: string): SignInError {
  if (error instanceof SignInError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as MsalLikeError;
  const code = typeof e.errorCode === "string" ? e.errorCode : "";
  const text = [e.errorMessage, e.message].find((m): m is string => typeof m === "string" && m !== "") ?? String(error);
  const aadsts = /AADSTS\d+:.*?(?=\s+Trace ID:|[\r\n]|$)/.exec(text)?.[0];
  const detail = (aadsts ?? text.split(/\r?\n/)[0] ?? text).trim();
  const failed = (reason: string): string => `${doing} failed: ${reason}`;
  const both = `${code} ${text}`;
  if (UNREACHABLE_CODES.test(code)) {
    return new SignInError("IDENTITY_UNREACHABLE", failed(networkFailure ?? `${code}: ${detail}`), { cause: error });
  }
  if (/expired_token|device_code_expired|user_timeout_reached|code_expired/.test(both)) {
    return new SignInError("DEVICE_CODE_EXPIRED", failed(detail), { cause: error });
  }
  if (/authorization_declined|access_denied/.test(both)) {
    return new SignInError("SIGN_IN_DECLINED", failed(detail), { cause: error });
  }
  if (/^(invalid_client|unauthorized_client)$/.test(code)) {
    return new SignInError("APP_CREDENTIALS_REJECTED", failed(`${code}: ${detail}`), { cause: error });
  }
  if (REFRESH_CODES.test(code))
    return new SignInError("REFRESH_FAILED", failed(`${code}: ${detail}`), { cause: error });
  return new SignInError("SIGN_IN_FAILED", failed(code === "" ? detail : `${code}: ${detail}`), { cause: error });
}
