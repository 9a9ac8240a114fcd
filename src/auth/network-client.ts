import { request, Agent } from "node:https";
import { rootCertificates } from "node:tls";
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from "@azure/msal-node";
import type { Logger } from "pino";

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** How msal-node reaches the identity platform. */
export interface NetworkClientOptions {
  /** `host[:port]` values requests may go to; anything else fails before a byte is sent. */
  allowedHosts: readonly string[];
  /** Extra trusted CA certificates (PEM), added to Node's own roots: a private CA, or the emulator's test certificate. */
  ca?: string | Buffer | undefined;
  /** Per-request timeout in ms; default 30 000. */
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
}

/** msal-node's network module plus the reason of its last failure, which msal itself reduces to a bare code. */
export interface IdentityNetworkClient extends INetworkModule {
  lastFailure(): string | undefined;
}

/**
 * msal-node's network module over `node:https`. msal's own client uses the global `fetch`, which cannot be given a CA
 * per client; this one trusts the configured CA for the identity platform only (never NODE_TLS_REJECT_UNAUTHORIZED),
 * and refuses every host but the authority's, so a misconfiguration cannot send anything to login.microsoftonline.com
 * from a test or to an unexpected host from a run. Logs method, host, path, status and time; never a body or query.
 */
export function createNetworkClient(options: NetworkClientOptions): IdentityNetworkClient {
  const allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  const agent = new Agent({
    keepAlive: false,
    ...(options.ca !== undefined && { ca: [...rootCertificates, options.ca.toString()] }),
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  let failure: string | undefined;

  const send = async <T>(
    method: "GET" | "POST",
    url: string,
    init: NetworkRequestOptions | undefined,
    timeout: number | undefined,
  ): Promise<NetworkResponse<T>> => {
    failure = undefined;
    const started = performance.now();
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw fail("network_error", `not a URL: ${url}`);
    }
    const where = `${target.host}${target.pathname}`;
    if (target.protocol !== "https:")
      throw fail("network_error", `refused ${where}: the identity platform needs https`);
    if (!allowed.has(target.host.toLowerCase())) {
      throw fail(
        "network_error",
        `refused ${target.host}: not the authority's host (${[...allowed].join(", ")}); set --authority`,
      );
    }
    try {
      const answer = await exchange(target, method, init, agent, timeout ?? timeoutMs);
      options.logger?.debug(
        { method, host: target.host, path: target.pathname, status: answer.status, ms: ms(started) },
        "identity platform answered",
      );
      return answer as NetworkResponse<T>;
    } catch (error: unknown) {
      const reason = describe(error, target.host);
      options.logger?.warn(
        { method, host: target.host, path: target.pathname, reason },
        "identity platform unreachable",
      );
      throw fail("network_error", reason);
    }
  };

  const fail = (code: string, reason: string): AuthError => {
    failure = reason;
    return new AuthError(code, "", reason);
  };

  return {
    sendGetRequestAsync: (url, init, timeout) => send("GET", url, init, timeout),
    sendPostRequestAsync: (url, init) => send("POST", url, init, undefined),
    lastFailure: () => failure,
  };
}

function exchange(
  target: URL,
  method: "GET" | "POST",
  init: NetworkRequestOptions | undefined,
  agent: Agent,
  timeoutMs: number,
): Promise<NetworkResponse<unknown>> {
  return new Promise((resolve, reject) => {
    const body = method === "POST" ? (init?.body ?? "") : undefined;
    const headers: Record<string, string | number> = { ...init?.headers };
    if (body !== undefined) headers["Content-Length"] = Buffer.byteLength(body);
    const req = request(target, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) req.destroy(new Error(`answer larger than ${MAX_RESPONSE_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text.trim() === "" ? {} : JSON.parse(text);
        } catch {
          reject(new Error(`HTTP ${res.statusCode ?? 0} with a body that is not JSON`));
          return;
        }
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
        }
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: json });
      });
    });
    req.on("timeout", () => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A person's reason for a failed request: the TLS trust problem named as such, since that is the usual one. */
function describe(error: unknown, host: string): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (
    typeof code === "string" &&
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID/.test(code)
  ) {
    return `the certificate of ${host} is not trusted (${code}); give its CA with --ca-file`;
  }
  return `cannot reach ${host}: ${typeof code === "string" ? `${code} ` : ""}${message}`;
}

function ms(started: number): number {
  return Math.round(performance.now() - started);
}
