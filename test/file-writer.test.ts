import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputFile } from "../src/outputs/file-writer.js";

async function written(write: (file: OutputFile) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "file-writer-"));
  const file = new OutputFile(join(dir, "out.txt"));
  write(file);
  await file.commit();
  return readFile(join(dir, "out.txt"), "utf8");
}

describe("OutputFile", () => {
  it("writes text and ready-made UTF-8 bytes in the order given, across its buffers and past their size", async () => {
    const encoder = new TextEncoder();
    const pieces: string[] = [];
    for (let i = 0; i < 3000; i++) pieces.push(`{"row":${i},"city":"Århus 🍎 ${"x".repeat(i % 300)}"}\n`);
    // One piece larger than a buffer (256 KiB) goes as bytes, one as text.
    pieces.push(`${"é".repeat(200_000)}\n`, `${"z".repeat(300_000)}\n`);
    const text = await written((file) => {
      pieces.forEach((p, i) => {
        if (i % 2 === 0) {
          file.write(p);
        } else {
          const padded = encoder.encode(`--${p}--`);
          file.writeBytes(padded, 2, padded.length - 2);
        }
      });
    });
    expect(text).toBe(pieces.join(""));
  });
});
