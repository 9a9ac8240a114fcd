import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** SHA-256 of a file, read as a stream (the input is hashed beside the run, never held in memory). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
