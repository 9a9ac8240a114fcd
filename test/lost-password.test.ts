import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import { runCli } from "./helpers/cli.js";
import { tempDir, writeCustomers } from "./helpers/customers.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

interface ResultLine {
  key?: string;
  outcome: string;
  passwordLost?: boolean;
  notes: string[];
}

describe("a one-time password that never arrived", () => {
  it("is reported with its recovery, and no password reaches a log", async () => {
    // The connection drops after the customer is created, and Partner Center no longer replays the answer.
    emulator = await startEmulator({ replayLimit: 0, faults: { seed: 7, commitThenDrop: 0.3 } });
    const file = await writeCustomers(20);
    const out = await tempDir("lost-out-");
    const state = await tempDir("lost-state-");
    const logFile = join(out, "..", `log-${Date.now()}.jsonl`);
    const run = await runCli(
      ["import", file, "--endpoint", emulator.url, "--state", state, "--out", out, "--rate", "0", "--yes"].concat([
        "--log-file",
        logFile,
        "--log-level",
        "debug",
        "--retries",
        "8",
      ]),
      { PARTNER_CENTER_TOKEN: "emulator-token" },
    );
    expect([0, 1]).toContain(run.code);
    const results = (await readFile(join(out, "results.jsonl"), "utf8"))
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as ResultLine);
    const lost = results.filter((r) => r.passwordLost === true);
    expect(lost.length).toBeGreaterThan(0);
    for (const r of lost) {
      expect(r.notes.join(" ")).toMatch(/reset the admin password in Partner Center/);
    }
    const credentials = await readFile(join(out, "credentials.csv"), "utf8");
    for (const r of lost) expect(credentials).not.toContain(`,${r.key ?? "?"},`);
    const log = await readFile(logFile, "utf8");
    const issued = credentials
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(",").pop() ?? "")
      .filter((p) => p !== "");
    expect(issued.length).toBeGreaterThan(0);
    for (const password of issued) {
      expect(log).not.toContain(password);
      expect(run.stderr).not.toContain(password);
    }
  });
});
