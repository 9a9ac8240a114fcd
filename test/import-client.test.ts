import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PartnerCenterClient } from "../src/submit/client.js";
import { RetriesExhaustedError } from "../src/submit/errors.js";

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
