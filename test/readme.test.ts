import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "./helpers/cli.js";
import { readJsonl, tempDir } from "./helpers/customers.js";
import { spawn } from "node:child_process";

/** The shell commands of the README's "Operating" walkthrough, continuation lines joined. */
async function walkthrough(): Promise<string[]> {
  const readme = await readFile("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Operating"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line.startsWith("csp-onboard "));
}

function run(command: string, cwd: string): Promise<number | null> {
  const args = command.split(/\s+/).slice(1);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: "ignore", env: { ...process.env, CI: "1" } });
    child.on("close", (code) => {
      resolve(code);
    });
  });
}

describe("the README", () => {
  it("its operating walkthrough runs as written against the emulator", async () => {
    const commands = await walkthrough();
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const dir = await tempDir("readme-");
    await copyFile("fixtures/demo/customers.csv", join(dir, "customers.csv"));
    for (const command of commands) {
      // Sign-in needs Microsoft's identity platform; the sign-in tests cover it against the emulator.
      if (command.startsWith("csp-onboard login")) continue;
      // The demo file has rejected rows on purpose: exit 1 ("finished with rejected rows") is the expected end.
      expect([command, await run(command, dir)]).toEqual([command, expect.toBeOneOf([0, 1])]);
    }
    const pilot = await readJsonl<{ outcome: string }>(join(dir, "out/3-pilot/results.jsonl"));
    expect(pilot.filter((r) => r.outcome === "created")).toHaveLength(2);
    const full = await readJsonl<{ outcome: string }>(join(dir, "out/4-full/results.jsonl"));
    expect(full.filter((r) => r.outcome === "already-done")).toHaveLength(2);
    expect(full.filter((r) => r.outcome === "failed")).toHaveLength(0);
    const dryRun = await readFile(join(dir, "out/2-dry-run/payloads.jsonl"), "utf8");
    expect(dryRun).toContain('"path":"/v1/customers"');
  });
});

describe("the README's dependency table", () => {
  it("says why each runtime dependency is there, and names no other", async () => {
    const readme = await readFile("README.md", "utf8");
    const section = readme.slice(readme.indexOf("### Dependencies, and why each is there"));
    const start = section.indexOf("| package");
    const table = section.slice(start, section.indexOf("\n\n", start));
    const named = table
      .split("\n")
      .slice(2)
      .flatMap((row) => (row.split("|")[1] ?? "").split(","))
      .map((name) => name.trim())
      .filter((name) => name !== "");
    const pkg = JSON.parse(await readFile("package.json", "utf8")) as { dependencies: Record<string, string> };
    expect(named.sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});
