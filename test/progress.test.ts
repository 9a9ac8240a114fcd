import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { Progress } from "../src/run/progress.js";

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let written = "";
  const write = (chunk: string): boolean => {
    written += chunk;
    return true;
  };
  stream.write = write;
  stream.isTTY = isTTY;
  stream.text = () => written;
  return stream;
}

describe("progress", () => {
  it("draws rows, rows/s, accepted and rejected in place on a terminal", () => {
    vi.useFakeTimers();
    try {
      const stream = fakeStream(true);
      const counts = { rows: 1500, accepted: 1400, rejected: 90, relationship: 10 };
      const progress = new Progress(stream, () => counts);
      progress.start();
      vi.advanceTimersByTime(1000);
      progress.stop();
      const text = stream.text().replaceAll("\u001b[2K", "<clear>");
      expect(text).toMatch(/\r<clear>1,500 rows {2}[\d,]+ rows\/s {2}accepted 1,400 {2}rejected 90 {2}relationship 10/);
      expect(stream.text().endsWith("\r\x1b[2K")).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    [true, false, undefined, true],
    [false, false, undefined, false],
    [true, true, undefined, false],
    [true, false, "1", false],
  ])("enabled when TTY=%s quiet=%s CI=%s: %s", (tty, quiet, ci, expected) => {
    const before = process.env.CI;
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    try {
      expect(Progress.enabledFor(fakeStream(tty), quiet)).toBe(expected);
    } finally {
      if (before === undefined) delete process.env.CI;
      else process.env.CI = before;
    }
  });
});
