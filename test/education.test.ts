import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.js";
import { importFile } from "../src/run/import.js";
import { tempDir } from "./helpers/customers.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const HEADER =
  "External ID,Company Name,Domain,Email,First Name,Last Name,Phone,Address Line 1,City,Postal Code,Country," +
  "Education,Education Segment,Website,Offer ID,Quantity,MCA Signer First Name,MCA Signer Last Name,MCA Signer Email,MCA Accepted On";
const ROWS = [
  "EDU-1,Stichting Openbaar Onderwijs Utrecht,soou2026,ict@soou.nl,Marieke,Jansen,+31 30 234 5678,Oudegracht 1,Utrecht,3511 AB,NL,ja,K12,https://www.soou.nl,CFQ7TTC0LH18:0001,25,Marieke,Jansen,marieke@soou.nl,2026-10-01",
  "BIZ-1,Bakkerij Verhoeven B.V.,verhoeven2026,inkoop@verhoeven.nl,Sanne,Verhoeven,+31 30 234 5679,Dorpsstraat 12,Utrecht,3511 AC,NL,nee,,,CFQ7TTC0LH18:0001,5,Sanne,Verhoeven,sanne@verhoeven.nl,2026-10-01",
];

interface ResultLine {
  key?: string;
  outcome: string;
  code?: string;
  orderIds?: string[];
  notes: string[];
}

async function results(out: string): Promise<Map<string, ResultLine>> {
  const text = await readFile(join(out, "results.jsonl"), "utf8");
  const lines = text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as ResultLine);
  return new Map(lines.map((l) => [l.key ?? "", l]));
}

describe("education customers", () => {
  it("qualify first; their orders wait for Microsoft's approval and a later run places them, once", async () => {
    emulator = await startEmulator({ educationApprovalDelayMs: 60 * 60 * 1000 });
    const dir = await tempDir("edu-");
    const file = join(dir, "customers.csv");
    await writeFile(file, `${HEADER}\r\n${ROWS.join("\r\n")}\r\n`);
    const options = {
      endpoint: emulator.url,
      env: { PARTNER_CENTER_TOKEN: "emulator-token" },
      rate: 0,
      state: await tempDir("edu-state-"),
      attestPartnerRole: true,
      attestNoAffiliateResale: true,
      quiet: true,
    };
    const first = await importFile(file, { ...options, out: await tempDir("edu-out1-") });
    const r1 = await results(first.outDir);
    expect(r1.get("EDU-1")).toMatchObject({ outcome: "created-without-order", code: "EDUCATION_IN_REVIEW" });
    expect(r1.get("EDU-1")?.notes).toContain("education qualification: InReview");
    expect(r1.get("BIZ-1")?.outcome).toBe("created");
    const edu = () => emulator?.state().customers.find((c) => c.domain === "soou2026.onmicrosoft.com");
    expect(edu()?.qualifications).toHaveLength(1);
    expect(edu()?.orders).toHaveLength(0);

    // Still in review: nothing ordered, nothing submitted twice.
    const second = await importFile(file, { ...options, out: await tempDir("edu-out2-") });
    expect((await results(second.outDir)).get("EDU-1")?.code).toBe("EDUCATION_IN_REVIEW");
    expect(edu()?.qualifications).toHaveLength(1);

    emulator.advanceClock(2 * 60 * 60 * 1000);
    const third = await importFile(file, { ...options, out: await tempDir("edu-out3-") });
    const r3 = await results(third.outDir);
    expect(r3.get("EDU-1")?.outcome).toBe("created");
    expect(r3.get("EDU-1")?.orderIds).toHaveLength(1);
    expect(r3.get("BIZ-1")?.outcome).toBe("already-done");
    expect(edu()?.orders).toHaveLength(1);
    expect(edu()?.qualifications).toHaveLength(1);
  });
});
