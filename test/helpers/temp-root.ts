import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * vitest's global setup: every temporary folder the tests make (and the CLI processes they start make) goes into one
 * folder of this run, removed when the run ends, so a test run leaves nothing behind in the system's temp folder.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "csp-onboard-tests-"));
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
  };
}
