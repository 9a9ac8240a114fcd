import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PartnerCenterClient } from "../src/submit/client.js";
import { AuthenticationError, RetriesExhaustedError } from "../src/submit/errors.js";

/** One scripted answer: a status (with Retry-After 0 for 429), or "drop" (connection destroyed, no answer). */
type Step = number | "drop";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (server === undefined) resolve();
    else
      server.close(() => {
        resolve();
      });
    server?.closeAllConnections();
  });
  server = undefined;
});

/** A server answering POSTs as scripted; it records each request's MS-RequestId. */
async function scripted(steps: readonly Step[]): Promise<{ url: string; ids: string[] }> {
  const ids: string[] = [];
  server = createServer((req, res) => {
    ids.push(String(req.headers["ms-requestid"]));
    const step = steps[ids.length - 1] ?? 201;
    req.resume();
    req.on("end", () => {
      if (step === "drop") {
        req.socket.destroy();
        return;
      }
      res.writeHead(step, { "Content-Type": "application/json", ...(step === 429 ? { "Retry-After": "0" } : {}) });
      res.end(JSON.stringify(step < 300 ? { id: "x" } : { code: 990500, description: "scripted" }));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, ids };
}

function client(url: string, retries: number): PartnerCenterClient {
  return new PartnerCenterClient({ baseUrl: url, token: () => "t", retries, ratePerMinute: 0, backoffMs: 1 });
}

/** Letters for the distinct request ids in order of appearance: ["A", "A", "B"]. */
function shape(ids: readonly string[]): string[] {
  const names = new Map<string, string>();
  return ids.map((id) => {
    if (!names.has(id)) names.set(id, String.fromCharCode(65 + names.size));
    return names.get(id) ?? "";
  });
}

describe("MS-RequestId across retries", () => {
  it.each<[string, Step[], string[]]>([
    ["a new id after each answer", [503, 500, 201], ["A", "B", "C"]],
    ["the same id after no answer", ["drop", "drop", 201], ["A", "A", "A"]],
    ["the unanswered id kept even after a 5xx to its repeat", ["drop", 503, 201], ["A", "A", "A"]],
    ["answers first, then kept from the first unanswered attempt on", [503, "drop", 429, 201], ["A", "B", "B", "B"]],
  ])("%s", async (_name, steps, expected) => {
    const { url, ids } = await scripted(steps);
    const answer = await client(url, 5).request<{ id: string }>("POST", "/v1/x", { body: {} });
    expect(answer.status).toBe(201);
    expect(shape(ids)).toEqual(expected);
    expect(answer.requestId).toBe(ids.at(-1));
  });

  it.each<[string, Step[], boolean]>([
    ["answered to the end: it did not take effect", [503, 503], false],
    ["unanswered once, then 5xx: it may have taken effect", ["drop", 503], true],
    ["unanswered at the end", [503, "drop"], true],
  ])("retries exhausted, %s", async (_name, steps, unknown) => {
    const { url } = await scripted(steps);
    const error: unknown = await client(url, 1)
      .request("POST", "/v1/x", { body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).outcomeUnknown).toBe(unknown);
  });

  it("replays a recorded id, and keeps it when the replay gets a 5xx", async () => {
    const { url, ids } = await scripted([503, 201]);
    await client(url, 3).request("POST", "/v1/x", { body: {}, requestId: "recorded-before-a-crash" });
    expect(ids).toEqual(["recorded-before-a-crash", "recorded-before-a-crash"]);
  });
});

describe("a 401 mid-run: the token is refreshed once and the request sent again", () => {
  /** A server that accepts only `Bearer good`; it records each request's token and MS-RequestId. */
  async function guarded(): Promise<{ url: string; seen: { token: string; id: string }[] }> {
    const seen: { token: string; id: string }[] = [];
    server = createServer((req, res) => {
      const token = String(req.headers.authorization).replace(/^Bearer /, "");
      seen.push({ token, id: String(req.headers["ms-requestid"]) });
      req.resume();
      req.on("end", () => {
        const ok = token === "good";
        res.writeHead(ok ? 201 : 401, { "Content-Type": "application/json" });
        res.end(JSON.stringify(ok ? { id: "x" } : { code: 990401, description: "token expired" }));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, seen };
  }

  it("asks for a new token with the refused one, sends the request again with a new id, uses up no retry", async () => {
    const { url, seen } = await guarded();
    let token = "expired";
    const refused: string[] = [];
    const c = new PartnerCenterClient({
      baseUrl: url,
      token: () => token,
      refreshToken: (old) => {
        refused.push(old);
        token = "good";
        return Promise.resolve();
      },
      retries: 0,
      ratePerMinute: 0,
    });
    const answer = await c.request("POST", "/v1/x", { body: {} });
    expect(answer.status).toBe(201);
    expect(refused).toEqual(["expired"]);
    expect(seen.map((s) => s.token)).toEqual(["expired", "good"]);
    expect(shape(seen.map((s) => s.id))).toEqual(["A", "B"]);
    expect(c.stats()).toMatchObject({ requests: 2, retries: 0, tokenRefreshes: 1 });
  });

  it.each<[string, () => Promise<unknown>, RegExp, boolean]>([
    ["a second 401 after the refresh", () => Promise.resolve(), /also after the token was refreshed/, false],
    [
      "a refresh that fails",
      () => Promise.reject(new Error("invalid_grant")),
      /refreshing it failed: invalid_grant/,
      true,
    ],
  ])("%s ends the request with AuthenticationError", async (_label, refresh, message, hasCause) => {
    const { url, seen } = await guarded();
    const c = new PartnerCenterClient({
      baseUrl: url,
      token: () => "expired",
      refreshToken: refresh,
      ratePerMinute: 0,
    });
    const error: unknown = await c.request("GET", "/v1/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toMatch(message);
    expect((error as AuthenticationError).cause !== undefined).toBe(hasCause);
    expect(seen).toHaveLength(hasCause ? 1 : 2);
  });
});
