import { createInterface } from "node:readline/promises";

/** Asks a yes/no question on the terminal; anything but y/yes is a no, and so are Ctrl-C and Ctrl-D. */
export async function askYesNo(
  question: string,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: true });
  // A terminal in raw mode turns Ctrl-C into readline's own SIGINT event, not a signal: unanswered it would hang.
  const cancel = new AbortController();
  rl.on("SIGINT", () => {
    cancel.abort();
  });
  rl.on("close", () => {
    cancel.abort();
  });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: cancel.signal });
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch (error: unknown) {
    if (cancel.signal.aborted) {
      output.write("\n");
      return false;
    }
    throw error;
  } finally {
    rl.close();
  }
}
