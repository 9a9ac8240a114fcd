import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import { runCli } from "./helpers/cli.js";
import { readJsonl, tempDir, writeCustomers } from "./helpers/customers.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

interface ResultLine {
  key?: string;
  outcome: string;
  code?: string;
  orderIds?: string[];
}

describe("unattended runs", () => {
  it("a config file alone drives a full run; manifest, history, and a second run that creates nothing", async () => {
    emulator = await startEmulator();
    const file = await writeCustomers(12, { offers: true, rejectEvery: 6 });
    const dir = await tempDir("nightly-");
    await writeFile(join(dir, "token.txt"), "emulator-token\n");
    await writeFile(
      join(dir, "nightly.json"),
      JSON.stringify({
        endpoint: emulator.url,
        tokenFile: "token.txt",
        state: "state",
        out: "runs/{timestamp}",
        attestPartnerRole: true,
        attestNoAffiliateResale: true,
        yes: true,
        rate: 0,
        maxRejected: 2,
        quiet: true,
      }),
    );
    const first = await runCli(["import", "--config", join(dir, "nightly.json"), file]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const runs = await readdir(join(dir, "runs"));
    expect(runs).toHaveLength(1);
    const out = join(dir, "runs", runs[0] ?? "");
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ command: "import", inputFile: file, complete: true, exitCode: 0 });
    expect(manifest.inputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(manifest)).not.toContain("emulator-token");
    const history = await readJsonl<Record<string, unknown>>(join(dir, "state", "history.jsonl"));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ command: "import", inputSha256: manifest.inputSha256, exitCode: 0 });
    const results = await readJsonl<ResultLine>(join(out, "results.jsonl"));
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(10);
    expect(results.filter((r) => r.orderIds?.length === 1)).toHaveLength(10);

    await new Promise((r) => setTimeout(r, 1100));
    const requests = emulator.stats().requests;
    const second = await runCli(["import", "--config", join(dir, "nightly.json"), file]);
    expect(second.code).toBe(0);
    expect(emulator.stats().requests).toBe(requests);
    const runs2 = (await readdir(join(dir, "runs"))).sort();
    const results2 = await readJsonl<ResultLine>(join(dir, "runs", runs2[1] ?? "", "results.jsonl"));
    expect(results2.filter((r) => r.outcome === "already-done")).toHaveLength(10);
    const table = await runCli(["history", "--state", join(dir, "state")]);
    expect(table.stdout.trim().split("\n")).toHaveLength(3);
  });

  it("status orders the education customers once Microsoft approves them, and touches nothing else", async () => {
    emulator = await startEmulator({ educationApprovalDelayMs: 60 * 60 * 1000 });
    const dir = await tempDir("status-");
    const file = join(dir, "customers.csv");
    await writeFile(
      file,
      "External ID,Company Name,Domain,Email,First Name,Last Name,Phone,Address Line 1,City,Postal Code,Country,Education,Education Segment,Website,Offer ID,Quantity,MCA Signer First Name,MCA Signer Last Name,MCA Signer Email,MCA Accepted On\r\n" +
        "EDU-1,Stichting Openbaar Onderwijs Utrecht,soou2026,ict@soou.nl,Marieke,Jansen,+31 30 234 5678,Oudegracht 1,Utrecht,3511 AB,NL,ja,K12,https://www.soou.nl,CFQ7TTC0LH18:0001,25,Marieke,Jansen,marieke@soou.nl,2026-10-01\r\n" +
        "BIZ-1,Bakkerij Verhoeven B.V.,verhoeven2026,inkoop@verhoeven.nl,Sanne,Verhoeven,+31 30 234 5679,Dorpsstraat 12,Utrecht,3511 AC,NL,nee,,,CFQ7TTC0LH18:0001,5,Sanne,Verhoeven,sanne@verhoeven.nl,2026-10-01\r\n",
    );
    const common = ["--endpoint", emulator.url, "--state", join(dir, "state"), "--rate", "0", "--quiet"];
    const attest = ["--attest-partner-role", "--attest-no-affiliate-resale"];
    const env = { PARTNER_CENTER_TOKEN: "emulator-token" };
    const imported = await runCli(["import", file, ...common, ...attest, "--yes", "--out", join(dir, "1")], env);
    expect(imported.code).toBe(0);
    const before = await readJsonl<ResultLine>(join(dir, "1", "results.jsonl"));
    expect(before.find((r) => r.key === "EDU-1")).toMatchObject({ code: "EDUCATION_IN_REVIEW" });

    emulator.advanceClock(2 * 60 * 60 * 1000);
    const status = await runCli(["status", file, ...common, ...attest, "--out", join(dir, "2")], env);
    expect(status.code).toBe(0);
    const after = await readJsonl<ResultLine>(join(dir, "2", "results.jsonl"));
    expect(after.find((r) => r.key === "EDU-1")).toMatchObject({ outcome: "created" });
    expect(after.find((r) => r.key === "EDU-1")?.orderIds).toHaveLength(1);
    expect(after.find((r) => r.key === "BIZ-1")).toMatchObject({ outcome: "not-selected", code: "NOT_PENDING" });
    const edu = emulator.state().customers.find((c) => c.domain === "soou2026.onmicrosoft.com");
    expect(edu?.orders).toHaveLength(1);
    // Recorded as what it was: a status run, not an import the next import could take for a complete one.
    const manifest = JSON.parse(await readFile(join(dir, "2", "manifest.json"), "utf8")) as { command: string };
    expect(manifest.command).toBe("status");
    const summary = JSON.parse(await readFile(join(dir, "2", "summary.json"), "utf8")) as { selection: object };
    expect(summary.selection).toMatchObject({ onlyPending: true });
  });
});
