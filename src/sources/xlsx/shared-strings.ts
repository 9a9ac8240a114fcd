import type { Readable } from "node:stream";
import { stringCellText } from "./cell-text.js";
import { createXmlParser } from "./xml.js";

/**
 * Reads the shared string table as the texts users see: every run of a rich-text string joined, phonetic guides
 * (`rPh`, furigana) left out. Streamed, but the table itself is kept: sheets refer to it by index, in any order.
 */
export async function readSharedStrings(stream: Readable): Promise<string[]> {
  const strings: string[] = [];
  let parts: string[] = [];
  let inPhonetic = false;
  let capture = false;
  const parser = createXmlParser({
    open(name) {
      if (name === "si") parts = [];
      else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && !inPhonetic) capture = true;
    },
    close(name) {
      if (name === "t") capture = false;
      else if (name === "rPh") inPhonetic = false;
      else if (name === "si") strings.push(stringCellText(parts.join("")));
    },
    text(text) {
      if (capture) parts.push(text);
    },
  });
  stream.setEncoding("utf8");
  for await (const chunk of stream) parser.write(chunk as string);
  parser.close();
  return strings;
}
