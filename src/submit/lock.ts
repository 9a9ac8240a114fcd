import { link, open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { RunError } from "../errors/run-error.js";

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Keeps two runs off one state folder. A lock left by a run that died (its process is gone, same host) is taken
 * over, and `tookOver` is told whose it was; a live one stops this run with exit 5.
 */
export async function acquireLock(
  path: string,
  tookOver: (stale: LockInfo) => void = () => undefined,
): Promise<() => Promise<void>> {
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    // Written whole under a name of its own, then linked into place: the lock file never exists empty, so a second
    // run can never read a half-written lock and take it for a stale one.
    const staged = `${path}.${String(process.pid)}.${String(attempt)}`;
    try {
      const handle = await open(staged, "w", 0o600);
      try {
        await handle.writeFile(JSON.stringify(info));
      } finally {
        await handle.close();
      }
      try {
        await link(staged, path);
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") throw error;
        // A file system without hard links (some network shares): created exclusively, then written.
        const direct = await open(path, "wx", 0o600);
        await direct.writeFile(JSON.stringify(info));
        await direct.close();
      } finally {
        await unlink(staged).catch(() => undefined);
      }
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder: LockInfo | undefined;
      try {
        holder = JSON.parse(await readFile(path, "utf8")) as LockInfo;
      } catch {
        holder = undefined;
      }
      if (holder !== undefined && (holder.host !== info.host || alive(holder.pid))) {
        throw new RunError(
          "LOCKED",
          `another run (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is using this state folder; wait for it, or remove ${path} if that run is gone`,
          { file: path },
        );
      }
      if (holder !== undefined) tookOver(holder);
      await unlink(path).catch(() => undefined);
    }
  }
  throw new RunError("LOCKED", "could not take the state folder's lock", { file: path });
}
