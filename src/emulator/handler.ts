import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { EmulatorClock } from "./clock.js";
import { errorBody, PC_ERRORS, PcError, type PcErrorKey } from "./errors.js";
import type { FaultInjector } from "./faults.js";
import { readBody, send } from "./http.js";
import { isMutating, matchRoute, type Route, type RouteMatch } from "./router.js";
import type { RememberedReply } from "./state.js";
import type { StatsRecorder } from "./stats.js";
import type { EmulatorStore } from "./store.js";

export interface ApiDeps {
  routes: readonly Route[];
  store: EmulatorStore;
  stats: StatsRecorder;
  faults: FaultInjector;
  clock: EmulatorClock;
  tokens: ReadonlySet<string>;
  latencyMs: { fixed: number; jitter: number };
  educationApprovalDelayMs: number;
  /** Aborted when the emulator closes: waiting requests give up and their connections are dropped. */
  signal: AbortSignal;
}

interface Reply {
  status: number;
  body?: string | undefined;
}

/**
 * Serves one `/v1` request: read the body, check the token, draw the faults, wait the latency, then act and answer.
 * The act (replay lookup, handler, remembering the answer) is one synchronous step, so two requests with the same
 * MS-RequestId can never both act, even when the first one is still waiting out its latency.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps): Promise<void> {
  const method = req.method ?? "GET";
  const match = matchRoute(deps.routes, method, url.pathname);
  const end = deps.stats.begin(match === undefined ? `${method} (unmatched)` : `${method} ${match.route.pattern}`);
  res.once("close", end);
  const echo = echoHeaders(req);
  const answer = (reply: Reply, headers: Record<string, string> = {}) => {
    deps.stats.answered(reply.status);
    send(res, method, reply.status, reply.body, { ...echo, ...headers });
  };

  let body: string;
  try {
    body = await readBody(req);
  } catch (error: unknown) {
    if (error instanceof PcError) answer(errorReply(error.key, error.message));
    else res.destroy();
    return;
  }
  if (!authorized(req, deps.tokens)) {
    deps.stats.count("unauthorized");
    answer(errorReply("UNAUTHORIZED"), { "WWW-Authenticate": 'Bearer realm="PartnerCenter"' });
    return;
  }
  if (match === undefined) {
    answer(errorReply("NOT_FOUND", `no route ${method} ${url.pathname}`));
    return;
  }
  const mutating = isMutating(match.route);
  const decision = deps.faults.decide(mutating, performance.now());
  if (!(await pause(latency(deps.latencyMs), deps.signal))) {
    res.destroy();
    return;
  }
  if (decision.kind === "throttle") {
    deps.stats.count("throttled");
    answer(errorReply("THROTTLED"), { "Retry-After": String(decision.retryAfterSeconds) });
    return;
  }
  if (decision.kind === "error") {
    deps.stats.count("injectedErrors");
    answer(errorReply(decision.status === 500 ? "SERVER_ERROR" : "SERVICE_UNAVAILABLE"));
    return;
  }
  if (decision.slowMs > 0) {
    deps.stats.count("slowed");
    if (!(await pause(decision.slowMs, deps.signal))) {
      res.destroy();
      return;
    }
  }
  const reply = act(match, mutating, body, url, req, deps);
  if (decision.drop) {
    deps.stats.count("dropped");
    deps.stats.answered("dropped");
    req.socket.destroy();
    return;
  }
  answer(reply);
}

function act(match: RouteMatch, mutating: boolean, body: string, url: URL, req: IncomingMessage, deps: ApiDeps): Reply {
  const requestId = headerValue(req, "ms-requestid");
  const key =
    mutating && requestId !== undefined
      ? `${match.route.method} ${url.pathname.toLowerCase()} ${requestId.toLowerCase()}`
      : undefined;
  if (key !== undefined) {
    const remembered = deps.store.reply(key);
    if (remembered !== undefined) {
      deps.stats.count("replayed");
      return remembered;
    }
  }
  let reply: Reply;
  try {
    const answer = match.route.handler({
      params: match.params,
      query: url.searchParams,
      body,
      store: deps.store,
      now: deps.clock.now,
      educationApprovalDelayMs: deps.educationApprovalDelayMs,
    });
    reply = { status: answer.status, ...(answer.body !== undefined && { body: JSON.stringify(answer.body) }) };
  } catch (error: unknown) {
    if (!(error instanceof PcError)) {
      // A bug in the emulator: answer 500 and do not remember it, so a retry can act.
      return errorReply("SERVER_ERROR", error instanceof Error ? error.message : String(error));
    }
    reply = errorReply(error.key, error.message);
  }
  if (key !== undefined) {
    const remembered: RememberedReply = {
      key,
      status: reply.status,
      ...(reply.body !== undefined && { body: reply.body }),
    };
    deps.store.remember(remembered);
  }
  return reply;
}

function errorReply(key: PcErrorKey, description?: string): Reply {
  const body = errorBody(key, description);
  return { status: PC_ERRORS[key].status, body: JSON.stringify(body) };
}

function authorized(req: IncomingMessage, tokens: ReadonlySet<string>): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1] !== undefined && tokens.has(match[1]);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === "" ? undefined : first.trim();
}

function echoHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const requestId = headerValue(req, "ms-requestid");
  const correlationId = headerValue(req, "ms-correlationid");
  if (requestId !== undefined) out["MS-RequestId"] = requestId;
  if (correlationId !== undefined) out["MS-CorrelationId"] = correlationId;
  return out;
}

function latency(setting: { fixed: number; jitter: number }): number {
  return setting.fixed + (setting.jitter > 0 ? Math.random() * setting.jitter : 0);
}

/** Waits `ms`; false when the emulator closed meanwhile. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
