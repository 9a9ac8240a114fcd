import { readFile } from "node:fs/promises";
import { RunError } from "../errors/run-error.js";

/**
 * The bearer token: `--token-file` first, then the PARTNER_CENTER_TOKEN environment variable; the emulator's own
 * token when running against the built-in emulator. Never logged.
 */
export async function resolveToken(
  tokenFile: string | undefined,
  env: NodeJS.ProcessEnv,
  emulatorToken: string | undefined,
): Promise<string> {
  if (tokenFile !== undefined) {
    let text: string;
    try {
      text = await readFile(tokenFile, "utf8");
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RunError("USAGE", `cannot read --token-file: ${reason}`, { file: tokenFile });
    }
    const token = text.trim();
    if (token === "") throw new RunError("USAGE", "the --token-file is empty", { file: tokenFile });
    return token;
  }
  const fromEnv = env.PARTNER_CENTER_TOKEN?.trim();
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (emulatorToken !== undefined) return emulatorToken;
  throw new RunError("USAGE", "no token: give --token-file FILE or set PARTNER_CENTER_TOKEN (see --help)");
}

/** The partner's tenant from a JWT's `tid` claim, to keep ledgers of different partners apart; undefined if opaque. */
export function tenantOfToken(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { tid?: unknown };
    return typeof claims.tid === "string" ? claims.tid : undefined;
  } catch {
    return undefined;
  }
}
