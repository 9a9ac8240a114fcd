import { numberDisplay } from "./cell-text.js";
import type { NumberDisplay } from "./cell-text.js";
import { parseXml } from "./xml.js";

/** How each cell format (the `s` attribute of a cell, an index into `cellXfs`) shows numbers. */
export function parseStyles(xml: string): NumberDisplay[] {
  const formatCodes = new Map<number, string>();
  const displays: NumberDisplay[] = [];
  let inCellXfs = false;
  parseXml(xml, {
    open(name, attributes) {
      if (name === "numFmt") {
        const id = Number(attributes.numFmtId);
        const code = attributes.formatCode;
        if (Number.isInteger(id) && code !== undefined) formatCodes.set(id, code);
      } else if (name === "cellXfs") {
        inCellXfs = true;
      } else if (name === "xf" && inCellXfs) {
        const id = Number(attributes.numFmtId ?? "0");
        displays.push(numberDisplay(id, formatCodes.get(id)));
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return displays;
}
