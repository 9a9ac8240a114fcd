import type { Readable } from "node:stream";
import { columnIndex, columnName, isoCellText, numberText, stringCellText } from "./cell-text.js";
import type { NumberDisplay } from "./cell-text.js";
import { createXmlParser } from "./xml.js";

/** One cell as a user sees it. */
export interface SheetCell {
  /** 0-based column (A = 0). */
  column: number;
  text: string;
  /** The Excel error the cell holds (`#N/A`), its text then being empty. */
  error?: string;
  /** A formula with no stored result (written by a program that does not compute formulas). */
  uncomputedFormula?: string;
}

/** One row of a sheet with the cells it stores, in column order; rows without stored cells do not appear. */
export interface SheetRow {
  /** 1-based sheet row number. */
  row: number;
  cells: SheetCell[];
  /** The row is hidden in the workbook (hidden by hand, or filtered out). */
  hidden?: boolean;
}

export interface SheetContext {
  sharedStrings: readonly string[];
  styles: readonly NumberDisplay[];
  date1904: boolean;
}

const GENERAL: NumberDisplay = { kind: "number" };

/** The sheet's XML or its zip entry broke off; `row` is the row it broke in, when inside one. */
export class SheetBreak extends Error {
  override readonly name = "SheetBreak";

  constructor(
    readonly row: number | undefined,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

type Capture = "none" | "v" | "f" | "t";

/**
 * Streams a worksheet's rows. Rows are parsed from the decompressed XML chunk by chunk and yielded as they complete,
 * and the next chunk is only read when the consumer asks for more rows: memory stays flat however long the sheet.
 * A parse or zip error comes after the rows completed before it, as a `SheetBreak` naming the row it broke in; the
 * caller wraps it with the file and sheet.
 */
export async function* readSheetRows(stream: Readable, context: SheetContext): AsyncGenerator<SheetRow> {
  const { sharedStrings, styles, date1904 } = context;
  const ready: SheetRow[] = [];

  let rowNumber = 0;
  /** The row element gave no number (`<row>` without r=): its cells' references give it. */
  let rowUnnumbered = false;
  let rowHidden = false;
  let inRow = false;
  let cells: SheetCell[] = [];
  let column = -1;
  let type = "n";
  let style = 0;
  let value = "";
  let formula: string | undefined;
  let inline = "";
  let inInline = false;
  let inPhonetic = false;
  let capture: Capture = "none";

  const finishCell = (): void => {
    let text: string;
    let error: string | undefined;
    switch (type) {
      case "s": {
        const shared = sharedStrings[Number(value)];
        // A damaged or hand-made workbook: the cell would read as empty, and a required value as missing.
        if (shared === undefined) {
          throw new Error(
            `cell ${columnName(column)}${rowNumber} refers to shared string ${value.trim() || "(none)"}, but the workbook has only ${sharedStrings.length}`,
          );
        }
        text = shared;
        break;
      }
      case "inlineStr":
        text = stringCellText(inline);
        break;
      case "str":
        text = stringCellText(value);
        break;
      case "b":
        text = value === "" ? "" : value === "1" || value === "true" ? "TRUE" : "FALSE";
        break;
      case "e":
        text = "";
        error = value.trim() || "#VALUE!";
        break;
      case "d":
        text = isoCellText(value);
        break;
      default:
        text = value === "" ? "" : numberText(value, styles[style] ?? GENERAL, date1904);
    }
    const cell: SheetCell = { column, text };
    if (error !== undefined) cell.error = error;
    // Only a number-typed formula cell with no <v> lacks its result: an empty text result is written as t="str".
    else if (formula !== undefined && value === "" && type === "n") cell.uncomputedFormula = formula;
    if (text !== "" || error !== undefined || cell.uncomputedFormula !== undefined) cells.push(cell);
  };

  const parser = createXmlParser({
    open(name, attributes) {
      switch (name) {
        case "row": {
          const r = Number(attributes.r);
          rowUnnumbered = !(Number.isInteger(r) && r > 0);
          rowNumber = rowUnnumbered ? rowNumber + 1 : r;
          rowHidden = attributes.hidden === "1" || attributes.hidden === "true";
          inRow = true;
          cells = [];
          column = -1;
          break;
        }
        case "c": {
          const ref = attributes.r;
          const fromRef = ref === undefined ? -1 : columnIndex(ref);
          if (rowUnnumbered && ref !== undefined) {
            const n = rowOfRef(ref);
            if (n > 0) rowNumber = n;
            rowUnnumbered = false;
          }
          column = fromRef >= 0 ? fromRef : column + 1;
          type = attributes.t ?? "n";
          style = attributes.s === undefined ? 0 : Number(attributes.s);
          value = "";
          formula = undefined;
          inline = "";
          break;
        }
        case "v":
          capture = "v";
          break;
        case "f":
          formula = "";
          capture = "f";
          break;
        case "is":
          inInline = true;
          break;
        case "rPh":
          inPhonetic = true;
          break;
        case "t":
          if (inInline && !inPhonetic) capture = "t";
          break;
      }
    },
    close(name) {
      switch (name) {
        case "v":
        case "f":
        case "t":
          capture = "none";
          break;
        case "is":
          inInline = false;
          break;
        case "rPh":
          inPhonetic = false;
          break;
        case "c":
          finishCell();
          break;
        case "row":
          inRow = false;
          if (cells.length > 0)
            ready.push(rowHidden ? { row: rowNumber, cells, hidden: true } : { row: rowNumber, cells });
          break;
      }
    },
    text(text) {
      if (capture === "v") value += text;
      else if (capture === "t") inline += text;
      else if (capture === "f") formula = (formula ?? "") + text;
    },
  });

  stream.setEncoding("utf8");
  try {
    let broken: SheetBreak | undefined;
    try {
      for await (const chunk of stream) {
        parser.write(chunk as string);
        if (ready.length > 0) {
          const batch = ready.splice(0);
          for (const row of batch) yield row;
        }
      }
      parser.close();
    } catch (error: unknown) {
      broken = new SheetBreak(inRow ? rowNumber : undefined, error);
    }
    // The rows completed before a break are still given, then the break.
    for (const row of ready.splice(0)) yield row;
    if (broken !== undefined) throw broken;
  } finally {
    stream.destroy();
  }
}

/** The row number of a cell reference (`AB12` -> 12), 0 when it has none. */
function rowOfRef(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m === null ? 0 : Number(m[0]);
}
