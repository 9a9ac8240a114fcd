import { posix } from "node:path";
import { attributeByLocalName, parseXml, xmlBoolean } from "./xml.js";
import type { ZipArchive } from "./zip.js";

export interface SheetInfo {
  /** The tab name, as in workbook.xml. */
  name: string;
  /** 1-based position among the workbook's worksheets, in tab order. */
  index: number;
  /** Zip entry of the sheet XML. */
  part: string;
  hidden: boolean;
}

export interface WorkbookInfo {
  sheets: SheetInfo[];
  date1904: boolean;
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
}

interface Relationship {
  type: string;
  target: string;
}

/** Reads the package structure: workbook part, its sheets (worksheets only, not chart sheets) and helper parts. */
export async function readWorkbookInfo(zip: ZipArchive): Promise<WorkbookInfo | undefined> {
  const rootRels = zip.has("_rels/.rels")
    ? parseRelationships(await zip.readText("_rels/.rels"), "")
    : new Map<string, Relationship>();
  const officeDocument = [...rootRels.values()].find((r) => r.type.endsWith("/officeDocument"));
  const workbookPart = officeDocument?.target ?? "xl/workbook.xml";
  if (!zip.has(workbookPart)) return undefined;

  const workbookDir = posix.dirname(workbookPart);
  const relsPart = posix.join(workbookDir, "_rels", `${posix.basename(workbookPart)}.rels`);
  const rels = zip.has(relsPart)
    ? parseRelationships(await zip.readText(relsPart), workbookDir)
    : new Map<string, Relationship>();

  const sheets: SheetInfo[] = [];
  let date1904 = false;
  parseXml(await zip.readText(workbookPart), {
    open(name, attributes) {
      if (name === "workbookPr") {
        date1904 = xmlBoolean(attributes.date1904);
      } else if (name === "sheet") {
        const rel = rels.get(attributeByLocalName(attributes, "id") ?? "");
        if (rel === undefined || !rel.type.endsWith("/worksheet")) return;
        const state = attributes.state ?? "visible";
        sheets.push({
          name: attributes.name ?? `Sheet${sheets.length + 1}`,
          index: sheets.length + 1,
          part: rel.target,
          hidden: state === "hidden" || state === "veryHidden",
        });
      }
    },
  });
  const byType = (suffix: string): string | undefined =>
    [...rels.values()].find((r) => r.type.endsWith(suffix) && zip.has(r.target))?.target;
  return {
    sheets,
    date1904,
    sharedStringsPart: byType("/sharedStrings"),
    stylesPart: byType("/styles"),
  };
}

/** Relationships by id, targets resolved to zip entry names (relative to the source part's folder, or absolute). */
function parseRelationships(xml: string, baseDir: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  parseXml(xml, {
    open(name, attributes) {
      if (name !== "Relationship" || attributes.TargetMode === "External") return;
      const { Id: id, Type: type, Target: target } = attributes;
      if (id === undefined || type === undefined || target === undefined) return;
      const resolved = target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(baseDir, target));
      rels.set(id, { type, target: resolved });
    },
  });
  return rels;
}
