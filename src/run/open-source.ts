import { open } from "node:fs/promises";
import { RunError, isRunError } from "../errors/run-error.js";
import { openCsv } from "../sources/csv/index.js";
import { openXlsx } from "../sources/xlsx/index.js";
import { SourceError } from "../sources/xlsx/errors.js";
import type { HeaderScore, TableSource } from "../sources/types.js";

export interface OpenSourceOptions {
  encoding?: string | undefined;
  delimiter?: string | undefined;
  sheet?: string | number | undefined;
  headerRow?: number | undefined;
  headerScore: HeaderScore;
}

/** Opens a CSV or an XLSX, told apart by content (a zip) rather than by the name alone. */
export async function openSource(path: string, options: OpenSourceOptions): Promise<TableSource> {
  // "-" (yargs gives it as ""): the rows are read twice over (header search, the manifest's hash) and a run must be
  // repeatable, so they come from a file.
  if (path === "-" || path.trim() === "") {
    throw new RunError("USAGE", "reading standard input is not supported: save the rows to a file and give its path");
  }
  const kind = await sniff(path);
  if (kind === "xlsx") {
    if (options.encoding !== undefined || options.delimiter !== undefined) {
      throw new RunError("USAGE", "--encoding and --delimiter apply to CSV files only; this file is a workbook", {
        file: path,
      });
    }
    return openXlsx(path, {
      headerScore: options.headerScore,
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
    });
  }
  if (options.sheet !== undefined) throw new RunError("USAGE", "--sheet applies to XLSX files only", { file: path });
  return openCsv(path, {
    headerScore: options.headerScore,
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
  });
}

async function sniff(path: string): Promise<"csv" | "xlsx"> {
  let head: Buffer;
  try {
    const handle = await open(path, "r");
    try {
      head = Buffer.alloc(8);
      const { bytesRead } = await handle.read(head, 0, 8, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("INPUT_UNREADABLE", `cannot open the file: ${reason}`, { file: path }, { cause: error });
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
  // An old binary .xls or a password-protected .xlsx (both OLE compound files): the workbook reader says which.
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return "xlsx";
  if (/\.xlsx?$/i.test(path)) return "xlsx";
  return "csv";
}

/** A workbook reader's failure as a run error (exit 3). */
export function fromSourceError(error: SourceError): RunError {
  // The reader's messages name the file themselves.
  const named = error.message.includes(error.file);
  return new RunError(error.code, error.message, {
    ...(named ? {} : { file: error.file }),
    ...(error.sheet !== undefined && !error.message.includes(error.sheet) ? { sheet: error.sheet } : {}),
  });
}

export { SourceError };

/** Any failure of a run as a RunError: a workbook reader's as its own code, anything unexpected as INTERNAL. */
export function asRunError(error: unknown): RunError {
  if (error instanceof SourceError) return fromSourceError(error);
  return isRunError(error)
    ? error
    : new RunError("INTERNAL", error instanceof Error ? error.message : String(error), {}, { cause: error });
}
