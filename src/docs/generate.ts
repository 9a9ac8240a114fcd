import { readFile, writeFile } from "node:fs/promises";
import { renderExitCodes, renderRulesDoc } from "./rules-doc.js";

/** Writes docs/rules.md and the README's exit-code table from the code. */
const root = new URL("../../", import.meta.url);
await writeFile(new URL("docs/rules.md", root), renderRulesDoc());
const readmeUrl = new URL("README.md", root);
const readme = await readFile(readmeUrl, "utf8");
await writeFile(readmeUrl, replaceBetween(readme, "exit-codes", renderExitCodes()));
process.stdout.write("docs/rules.md and README.md exit codes written\n");

function replaceBetween(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i === -1 || j === -1) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}
