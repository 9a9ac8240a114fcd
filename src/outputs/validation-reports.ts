import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic-file.js";
import type { RawRow } from "../model/fields.js";
import type { CustomerRecord } from "../model/record.js";
import type { RenderedRecord, SourcePosition } from "../model/source.js";
import type { Issue } from "../rules/types.js";
import { UTF8_BOM, csvLine, roundTripSafe, spreadsheetSafe, POSITION_COLUMNS, positionCells } from "./csv-format.js";
import { OutputFile } from "./file-writer.js";
import { headerKey } from "../mapping/aliases.js";

export type ValidationOutcome = "accepted" | "rejected" | "relationship";

/** Everything the reports need of one row. */
export interface CheckedRow {
  row: number;
  source: SourcePosition;
  /** The cells as read, in the input's column order. */
  values: readonly string[];
  raw: RawRow;
  record: CustomerRecord;
  /** `record` and its changes as JSON, when the reader wrote them already. */
  rendered?: RenderedRecord;
  issues: readonly Issue[];
  outcome: ValidationOutcome;
  /** The row's key across runs: external_id, else the domain prefix. */
  key?: string;
}

export interface ReportLayout {
  headers: readonly string[];
  /** Delimiter of the input (CSV) or "," (XLSX): `rejected.csv` is written in the input's own layout. */
  delimiter: string;
}

const ERROR_COLUMNS = [...POSITION_COLUMNS, "field", "column", "code", "severity", "message", "value"] as const;

/** The column `rejected.csv` adds; an input that already has it (a fed-back rejected.csv) gets it replaced. */
export const ERRORS_COLUMN = "errors";

export const OUTPUT_FILES = {
  accepted: "accepted.jsonl",
  errorsCsv: "errors.csv",
  errorsJsonl: "errors.jsonl",
  relationships: "relationships.jsonl",
  rejected: "rejected.csv",
  summary: "summary.json",
} as const;

/** The output files of a validation, written as rows come and renamed into place only when the run completes. */
export class ValidationReports {
  private readonly files: OutputFile[];
  private readonly accepted: OutputFile;
  private readonly errorsCsv: OutputFile;
  private readonly errorsJsonl: OutputFile;
  private readonly relationships: OutputFile;
  private readonly rejected: OutputFile;
  private readonly errorsColumn: number;
  private sourceHead: { file: string; sheet: string | undefined; byLine: boolean; text: string } | undefined;

  constructor(
    readonly dir: string,
    private readonly layout: ReportLayout,
  ) {
    this.accepted = new OutputFile(join(dir, OUTPUT_FILES.accepted));
    this.errorsCsv = new OutputFile(join(dir, OUTPUT_FILES.errorsCsv));
    this.errorsJsonl = new OutputFile(join(dir, OUTPUT_FILES.errorsJsonl));
    this.relationships = new OutputFile(join(dir, OUTPUT_FILES.relationships));
    this.rejected = new OutputFile(join(dir, OUTPUT_FILES.rejected));
    this.files = [this.accepted, this.errorsCsv, this.errorsJsonl, this.relationships, this.rejected];

    const headers = layout.headers;
    this.errorsColumn = headers.findIndex((h) => headerKey(h) === ERRORS_COLUMN);
    this.errorsCsv.write(UTF8_BOM + csvLine([...ERROR_COLUMNS, ...headers].map(spreadsheetSafe), ","));
    const rejectedHeaders = this.errorsColumn === -1 ? [...headers, ERRORS_COLUMN] : headers;
    this.rejected.write(UTF8_BOM + csvLine(rejectedHeaders.map(roundTripSafe), layout.delimiter));
  }

  add(r: CheckedRow): void {
    for (const issue of r.issues) this.writeIssue(r, issue);
    switch (r.outcome) {
      case "accepted": {
        // The JSON of { row, source, key?, record, warnings, changes? }, put together without the object around it.
        let line = `{"row":${r.row},"source":${this.sourceJson(r.source)}`;
        if (r.key !== undefined) line += `,"key":${JSON.stringify(r.key)}`;
        const warnings = r.issues.length === 0 ? "[]" : JSON.stringify(r.issues.map(compactIssue));
        const rendered = r.rendered;
        if (rendered === undefined) {
          line += `,"record":${JSON.stringify(r.record)},"warnings":${warnings}`;
          const changes = changesJson(r.raw, r.record);
          if (changes !== "") line += `,"changes":${changes}`;
          this.accepted.write(`${line}}\n`);
          break;
        }
        // The reading thread's bytes go in as they are.
        const { bytes, start, middle, end } = rendered;
        this.accepted.write(`${line},"record":`);
        this.accepted.writeBytes(bytes, start, middle);
        if (middle === end) {
          this.accepted.write(`,"warnings":${warnings}}\n`);
        } else {
          this.accepted.write(`,"warnings":${warnings},"changes":`);
          this.accepted.writeBytes(bytes, middle, end);
          this.accepted.write("}\n");
        }
        break;
      }
      case "relationship":
        this.relationships.write(
          `${JSON.stringify({
            row: r.row,
            source: r.source,
            tenantId: r.record.customer_tenant_id,
            domain: r.record.domain,
            contact: {
              email: r.record.email,
              firstName: r.record.first_name,
              lastName: r.record.last_name,
            },
            warnings: r.issues.map(compactIssue),
          })}\n`,
        );
        break;
      case "rejected":
        this.writeRejected(r);
        break;
    }
  }

  /**
   * The source as JSON, `{"file","sheet"?,"line"|"sheetRow"}`: the part before the number is the same row after row,
   * so it is put together once per file and sheet.
   */
  private sourceJson(source: SourcePosition): string {
    const { file, sheet, line } = source;
    const n = line ?? source.sheetRow ?? 0;
    let head = this.sourceHead;
    if (head === undefined || head.file !== file || head.sheet !== sheet || head.byLine !== (line !== undefined)) {
      const named = JSON.stringify(sheet === undefined ? { file } : { file, sheet }).slice(0, -1);
      head = {
        file,
        sheet,
        byLine: line !== undefined,
        text: `${named},"${line !== undefined ? "line" : "sheetRow"}":`,
      };
      this.sourceHead = head;
    }
    return `${head.text}${n}}`;
  }

  private writeIssue(r: CheckedRow, issue: Issue): void {
    const cells = [
      ...positionCells(r.row, r.source),
      issue.field ?? "",
      issue.column ?? "",
      issue.code,
      issue.severity,
      issue.message,
      issue.value ?? "",
      ...r.values,
    ];
    this.errorsCsv.write(csvLine(cells.map(spreadsheetSafe), ","));
    this.errorsJsonl.write(`${JSON.stringify({ row: r.row, source: r.source, ...issue })}\n`);
  }

  private writeRejected(r: CheckedRow): void {
    const summary = r.issues
      .filter((i) => i.severity === "error")
      .map((i) => `${i.code}${i.column !== undefined ? ` (${i.column})` : ""}: ${i.message}`)
      .join(" | ");
    const values = [...r.values];
    if (this.errorsColumn === -1) {
      while (values.length < this.layout.headers.length) values.push("");
      values.push(summary);
    } else {
      values[this.errorsColumn] = summary;
    }
    this.rejected.write(csvLine(values.map(roundTripSafe), this.layout.delimiter));
  }

  get needsDrain(): boolean {
    for (const f of this.files) if (f.needsDrain) return true;
    return false;
  }

  async drain(): Promise<void> {
    for (const f of this.files) await f.drain();
  }

  /** Completes the run: every file gets its final name, then the summary is written. */
  async commit(summary: object): Promise<void> {
    for (const f of this.files) await f.commit();
    await writeJsonAtomic(join(this.dir, OUTPUT_FILES.summary), summary);
  }

  /** A run that stopped: the files keep their `.partial` names and the summary says why. */
  async abandon(summary: object): Promise<void> {
    for (const f of this.files) await f.close().catch(() => undefined);
    await writeJsonAtomic(join(this.dir, OUTPUT_FILES.summary), summary);
  }
}

function compactIssue(i: Issue): Record<string, string> {
  const out: Record<string, string> = { code: i.code, message: i.message };
  if (i.field !== undefined) out.field = i.field;
  if (i.column !== undefined) out.column = i.column;
  return out;
}

/**
 * The JSON of the original and normalized value of every field a normalizer changed (text fields: lists and yes/no
 * are not text), `{"phone":{"from":"030 2000001","to":"+31302000001"}}`; empty when none changed.
 */
export function changesJson(raw: RawRow, record: CustomerRecord): string {
  // Put together as text: the same as JSON.stringify of { field: { from, to } } in the raw row's field order.
  let out = "";
  for (const key in raw) {
    const to = (record as Record<string, unknown>)[key];
    const from = raw[key as keyof RawRow];
    if (typeof to !== "string" || from === undefined || to === from) continue;
    out += `${out === "" ? "{" : ","}${changeJson(key, from, to)}`;
  }
  return out === "" ? "" : `${out}}`;
}

/** One entry of `changesJson`: `"phone":{"from":"030 2000001","to":"+31302000001"}`. */
export function changeJson(field: string, from: string, to: string): string {
  return `"${field}":{"from":${JSON.stringify(from)},"to":${JSON.stringify(to)}}`;
}

export async function writeJsonAtomic(path: string, value: unknown, mode = 0o644): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, mode);
}
