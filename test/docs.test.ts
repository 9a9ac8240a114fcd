import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderExitCodes, renderRulesDoc } from "../src/docs/rules-doc.js";
import { RULES } from "../src/rules/catalogue.js";

describe("generated documentation", () => {
  it("docs/rules.md is the copy the code generates (run `npm run docs` after changing a rule)", async () => {
    expect(await readFile("docs/rules.md", "utf8")).toBe(renderRulesDoc());
  });

  it("the README's exit-code table is the one the code has", async () => {
    const readme = await readFile("README.md", "utf8");
    expect(readme).toContain(`<!-- exit-codes:start -->\n${renderExitCodes()}\n<!-- exit-codes:end -->`);
  });

  it("every rule code is unique and UPPER_SNAKE", () => {
    const codes = RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });
});
