import { SaxesParser } from "saxes";

/** Handlers of a SAX pass; tag names come without their namespace prefix (`x:c` and `c` are the same element). */
export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

export type XmlParser = SaxesParser<{ xmlns: false; position: false }>;

export function createXmlParser(handlers: XmlHandlers): XmlParser {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  if (handlers.open) {
    parser.on("opentag", (tag) => {
      handlers.open?.(localName(tag.name), tag.attributes);
    });
  }
  if (handlers.close) {
    parser.on("closetag", (tag) => {
      handlers.close?.(localName(tag.name));
    });
  }
  if (handlers.text) {
    const onText = (text: string): void => {
      handlers.text?.(text);
    };
    parser.on("text", onText);
    parser.on("cdata", onText);
  }
  return parser;
}

/** Parses a whole (small) XML part. */
export function parseXml(xml: string, handlers: XmlHandlers): void {
  createXmlParser(handlers).write(xml).close();
}

export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** An attribute by local name, whatever its prefix (`r:id` in one file, `ns1:id` in another). */
export function attributeByLocalName(attributes: Record<string, string>, name: string): string | undefined {
  const direct = attributes[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(attributes)) if (localName(key) === name) return value;
  return undefined;
}

/** `true`/`1` as OOXML booleans are written (LibreOffice writes `date1904="false"`). */
export function xmlBoolean(value: string | undefined): boolean {
  return value === "1" || value === "true";
}
