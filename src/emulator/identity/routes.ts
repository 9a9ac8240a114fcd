import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, send } from "../http.js";
import { instanceDiscovery, openIdConfiguration } from "./metadata.js";
import type { IdentityStore } from "./store.js";

const TENANT = "([A-Za-z0-9][A-Za-z0-9.-]*)";
const OPENID = new RegExp(`^/${TENANT}/v2\\.0/\\.well-known/openid-configuration$`);
const KEYS = new RegExp(`^/${TENANT}/discovery/v2\\.0/keys$`);
const DEVICE_CODE = new RegExp(`^/${TENANT}/oauth2/v2\\.0/devicecode$`);
const TOKEN = new RegExp(`^/${TENANT}/oauth2/v2\\.0/token$`);

export interface IdentityDeps {
  store: IdentityStore;
  baseUrl: string;
  host: string;
  tenantId: string;
}

type Reply = { status: number; json: unknown } | { status: number; text: string };

/** Serves one request to the identity endpoints. Token answers carry `Cache-Control: no-store`, as OAuth requires. */
export async function handleIdentity(req: IncomingMessage, res: ServerResponse, deps: IdentityDeps): Promise<void> {
  const method = req.method ?? "GET";
  const path = new URL(req.url ?? "/", deps.baseUrl).pathname;
  deps.store.countRequest(`${method} ${path}`);
  const form = method === "POST" ? new URLSearchParams(await readBody(req)) : undefined;
  const reply = route(method, path, form, deps);
  if ("json" in reply) {
    send(res, method, reply.status, JSON.stringify(reply.json), { "Cache-Control": "no-store", Pragma: "no-cache" });
    return;
  }
  if (res.destroyed || res.writableEnded) return;
  const body = `csp-onboard emulator sign-in\n\n${reply.text}\n`;
  res.writeHead(reply.status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

function route(method: string, path: string, form: URLSearchParams | undefined, deps: IdentityDeps): Reply {
  if (form === undefined) {
    if (path === "/common/discovery/instance") return { status: 200, json: instanceDiscovery(deps.baseUrl, deps.host) };
    const tenant = OPENID.exec(path)?.[1];
    if (tenant !== undefined) return { status: 200, json: openIdConfiguration(deps.baseUrl, tenant, deps.tenantId) };
    if (KEYS.test(path)) return { status: 200, json: { keys: [] } };
    if (path === "/devicelogin") return { status: 200, text: "POST user_code=<code> to this page to approve a code." };
  } else {
    if (DEVICE_CODE.test(path)) {
      const reply = deps.store.startDeviceCode(
        form.get("client_id") ?? undefined,
        form.get("scope") ?? undefined,
        `${deps.baseUrl}/devicelogin`,
      );
      return { status: reply.status, json: reply.body };
    }
    if (TOKEN.test(path)) {
      const reply = deps.store.token(form);
      return { status: reply.status, json: reply.body };
    }
    if (path === "/devicelogin") {
      // Someone trying the emulator by hand approves a code as the default user, as the real page does after sign-in.
      try {
        deps.store.approve(form.get("user_code") ?? "");
        return { status: 200, text: "Approved: return to the command line." };
      } catch (error: unknown) {
        return { status: 400, text: error instanceof Error ? error.message : String(error) };
      }
    }
  }
  return { status: 404, json: { error: "not_found", error_description: `no identity endpoint ${method} ${path}` } };
}
