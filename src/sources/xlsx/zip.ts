import type { Readable } from "node:stream";
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";

/** A zip archive opened for random access: entries by name, each readable as a stream any number of times. */
export interface ZipArchive {
  /** Entry names as stored, for messages. */
  readonly names: readonly string[];
  has(name: string): boolean;
  openStream(name: string): Promise<Readable>;
  readText(name: string): Promise<string>;
  close(): void;
}

export async function openZip(path: string): Promise<ZipArchive> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zipfile) => {
      if (error) reject(error);
      else resolve(zipfile);
    });
  });
  // Part names are case-insensitive in OPC, and some writers differ in case from the relationship targets.
  const entries = new Map<string, Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: Entry) => {
        entries.set(entry.fileName.toLowerCase(), entry);
        zip.readEntry();
      });
      zip.on("end", () => {
        resolve();
      });
      zip.on("error", reject);
      zip.readEntry();
    });
  } catch (error: unknown) {
    zip.close();
    throw error;
  }
  let closed = false;

  const openStream = (name: string): Promise<Readable> => {
    const entry = entries.get(name.toLowerCase());
    if (entry === undefined) return Promise.reject(new Error(`the zip holds no ${name}`));
    return new Promise<Readable>((resolve, reject) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) reject(error);
        else resolve(stream);
      });
    });
  };

  return {
    names: [...entries.values()].map((e) => e.fileName),
    has: (name) => entries.has(name.toLowerCase()),
    openStream,
    async readText(name) {
      const chunks: Buffer[] = [];
      for await (const chunk of await openStream(name)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    close() {
      if (closed) return;
      closed = true;
      zip.close();
    },
  };
}
