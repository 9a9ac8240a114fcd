import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendHistory, publicSettings, readHistory, type RunRecord } from "../src/run/manifest.js";
import { sha256File } from "../src/util/sha256-file.js";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/customers.js";

describe("config check", () => {
  it("prints the effective settings with secrets masked (exit 0)", async () => {
    const dir = await tempDir("config-");
    const file = join(dir, "nightly.json");
    await writeFile(file, JSON.stringify({ partnerType: "indirect-provider", concurrency: 8, tokenFile: "token.txt" }));
    const run = await runCli(["config", "check", file]);
    expect(run.code).toBe(0);
    const settings = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(settings).toMatchObject({
      partnerType: "indirect-provider",
      concurrency: 8,
      rate: 300,
      tokenFile: join(dir, "token.txt"),
    });
  });

  it.each([
    [{ partnerTyp: "direct" }, /unknown setting 'partnerTyp'/],
    [{ concurrency: "many" }, /setting 'concurrency'/],
    [{ rules: { NOT_A_RULE: "off" } }, /unknown rule code/],
    [{ defaults: { termDuration: "P2Y" } }, /setting 'defaults.termDuration'/],
  ])("catches %j (exit 2)", async (config, message) => {
    const dir = await tempDir("config-");
    const file = join(dir, "bad.json");
    await writeFile(file, JSON.stringify(config));
    const run = await runCli(["config", "check", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("masks secrets", () => {
    expect(publicSettings({ clientSecret: "s3cret", token: "abc", tokenFile: "t.txt", concurrency: 4 })).toEqual({
      clientSecret: "***",
      token: "***",
      tokenFile: "t.txt",
      concurrency: 4,
    });
  });
});

describe("run history", () => {
  it("appends one line a run and prints them as a table", async () => {
    const state = await tempDir("history-");
    const record: RunRecord = {
      runId: "20261125T080000Z-abcd1234",
      command: "import",
      inputFile: "inbox/today.csv",
      inputSha256: "0".repeat(64),
      toolVersion: "0.1.0",
      settings: { token: "secret" },
      startedAt: "2026-11-25T08:00:00.000Z",
      endedAt: "2026-11-25T08:01:00.000Z",
      outDir: "/tmp/out",
      counts: { rows: 10, created: 8, rejected: 2 },
      exitCode: 1,
      complete: true,
    };
    await appendHistory(state, record);
    await appendHistory(state, { ...record, runId: "second", exitCode: 0 });
    const lines = await readHistory(state);
    expect(lines.map((l) => l.runId)).toEqual(["20261125T080000Z-abcd1234", "second"]);
    expect(JSON.stringify(lines)).not.toContain("secret");
    const run = await runCli(["history", "--state", state]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^started\s+run\s+command\s+file\s+rows\s+created/);
    expect(run.stdout).toContain("inbox/today.csv");
  });

  it("hashes the input as a stream", async () => {
    const dir = await tempDir("sha-");
    await writeFile(join(dir, "a.txt"), "abc");
    expect(await sha256File(join(dir, "a.txt"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
