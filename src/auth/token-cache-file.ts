import { chmod, mkdir, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic } from "../util/atomic-file.js";
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import type { Logger } from "pino";

/** The token cache's file name in the state folder. */
export const TOKEN_CACHE_FILE = "token-cache.json";

/**
 * msal-node's persistence: the token cache is read from `file` before every cache access (another process may have
 * refreshed it) and, when msal changed it, written back atomically with mode 0600 (a temp file created 0600, fsync,
 * rename), so the refresh token is never readable by others nor left half-written. The folder is created 0700.
 */
export function fileCachePlugin(file: string, logger?: Logger): ICachePlugin {
  return {
    beforeCacheAccess: async (context: TokenCacheContext) => {
      const text = await readCache(file, logger);
      if (text === undefined) return;
      try {
        context.tokenCache.deserialize(text);
      } catch {
        // A damaged cache is a lost sign-in, not a crash: msal starts empty and the run asks for `login`.
        logger?.warn({ file }, "the token cache file is not valid JSON; ignored");
      }
    },
    afterCacheAccess: async (context: TokenCacheContext) => {
      if (!context.cacheHasChanged) return;
      await writePrivateFile(file, context.tokenCache.serialize());
    },
  };
}

async function readCache(file: string, logger: Logger | undefined): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error: unknown) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw error;
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    logger?.warn({ file, mode: mode.toString(8) }, "the token cache file was readable by others; set to mode 0600");
    await chmod(file, 0o600);
  }
  return text;
}

/** Replaces `file` with `text`, readable by its owner only, so a reader sees the old or the new cache whole. */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, text, 0o600);
}
