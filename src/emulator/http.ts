import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { PcError } from "./errors.js";

/** What a handler answers; the body is sent as JSON. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The request body as text; throws PAYLOAD_TOO_LARGE beyond 1 MiB (the rest is still drained). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buf);
  }
  if (tooLarge) throw new PcError("PAYLOAD_TOO_LARGE", `more than ${MAX_BODY_BYTES} bytes`);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Parses a JSON body and checks it against `schema`. Property names are matched without regard to the case of their
 * first letter, as Partner Center's .NET binder does (`CompanyProfile` and `companyProfile` are the same property).
 */
export function parseBody<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  let json: unknown;
  try {
    json = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    throw new PcError("INVALID_INPUT", "the body is not valid JSON");
  }
  const parsed = schema.safeParse(camelKeys(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new PcError("INVALID_INPUT", `${path === "" ? "body" : path}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.charAt(0).toLowerCase() + k.slice(1)] = camelKeys(v);
  return out;
}

/** Writes an answer unless the connection is already gone (a client that timed out). */
export function send(
  res: ServerResponse,
  method: string,
  status: number,
  body?: string,
  headers?: Record<string, string>,
): void {
  if (res.destroyed || res.writableEnded) return;
  const head: Record<string, string | number> = { ...headers };
  if (body !== undefined) {
    head["Content-Type"] = "application/json; charset=utf-8";
    head["Content-Length"] = Buffer.byteLength(body);
  }
  res.writeHead(status, head);
  res.end(method === "HEAD" ? undefined : body);
}
