import { createHmac, timingSafeEqual } from "node:crypto";

/** A token's claims: what the emulator signs into access and ID tokens. */
export type Claims = Record<string, unknown>;

/**
 * A compact JWT signed with HS256. Real Entra ID signs with RS256 keys published at `jwks_uri`; msal-node and the
 * emulator's own `/v1` only need tokens they can read and the emulator can verify, so a per-run HMAC key is enough.
 */
export function signJwt(claims: Claims, key: Buffer): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "csp-onboard-emulator" }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${mac(`${header}.${payload}`, key).toString("base64url")}`;
}

/** The claims of a token this key signed; undefined for anything else (malformed, foreign, tampered). */
export function verifyJwt(token: string, key: Buffer): Claims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [header = "", payload = "", signature = ""] = parts;
  const expected = mac(`${header}.${payload}`, key);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? (claims as Claims) : undefined;
  } catch {
    return undefined;
  }
}

function mac(text: string, key: Buffer): Buffer {
  return createHmac("sha256", key).update(text).digest();
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
