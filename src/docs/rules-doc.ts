import { EXIT_CODES } from "../errors/exit-codes.js";
import { RUN_ERRORS } from "../errors/run-error.js";
import { RULES } from "../rules/catalogue.js";
import { REGISTRATION_ID_COVERAGE } from "../rules/registration-id/index.js";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The exit-code table, as the README and `--help` show it. */
export function renderExitCodes(): string {
  const rows = Object.values(EXIT_CODES).map((e) => `| ${e.code} | ${cell(e.meaning)} |`);
  return ["| exit code | meaning |", "| --- | --- |", ...rows].join("\n");
}

/** docs/rules.md: generated from the code (a test fails when the checked-in copy is stale). */
export function renderRulesDoc(): string {
  const out: string[] = [];
  out.push(
    "# Rule catalogue",
    "",
    "Generated from the code by `npm run docs`; do not edit by hand (a test fails when this copy is stale).",
    "",
    "Every row issue has a stable code. `error` rejects the row; `warning` keeps it and is reported. `--strict` turns",
    "every warning into an error; the `--config` file's `rules` object sets one code's severity or switches it off:",
    '`{ "rules": { "REGISTRATION_ID_SOLE_TRADER": "warning", "COMPANY_NAME_ACRONYM": "off" } }` (a per-code',
    "setting wins over `--strict`). Scope: `customer` rows create a customer; `relationship` rows (a",
    "`customer_tenant_id`, or a domain listed in `--existing`) only ask for a relationship.",
    "",
    "## Row rules",
    "",
    "| code | severity | fields | scope | what it checks | source |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const r of RULES) {
    out.push(
      `| \`${r.code}\` | ${r.severity} | ${r.fields.join(", ")} | ${r.scope} | ${cell(r.title)} | ${cell(r.source)} |`,
    );
  }
  out.push(
    "",
    "## Registration IDs per country",
    "",
    "Accepted business IDs and refused personal IDs. Checked: `checksum` (check digit verified), `structure` (an",
    "embedded date or code verified), `format` (length and characters only). IDs are stored in one normalized form",
    "(spaces, dots, dashes and slashes removed). Outside the countries where Partner Center requires the ID, a valid",
    "one stays in the accepted record but is not sent (the API answers 600002).",
    "",
    "| country | required | accepted (business) | refused (personal) | note |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const c of REGISTRATION_ID_COVERAGE) {
    const business = c.business.map((t) => `${t.label}: ${t.format} (${t.verified})`).join("; ");
    const personal = c.personal
      .map(
        (t) =>
          `${t.label}: ${t.format} (${t.verified})${t.soleTrader ? " — sole traders: see REGISTRATION_ID_SOLE_TRADER" : ""}`,
      )
      .join("; ");
    out.push(
      `| ${c.country} ${cell(c.name)} | ${c.required ? "yes" : "no"} | ${cell(business || "none known")} | ${cell(personal || "-")} | ${cell(c.note ?? "")} |`,
    );
  }
  out.push(
    "",
    "## Run errors",
    "",
    "Failures of a run as a whole (not of one row): one line on stderr naming the file, line and column where they",
    "apply, the code in brackets, and the exit code below. Nothing partial passes for complete: output files of a",
    'stopped run keep a `.partial` suffix and `summary.json` says `"complete": false`.',
    "",
    "| code | exit code | meaning |",
    "| --- | --- | --- |",
  );
  for (const [code, e] of Object.entries(RUN_ERRORS)) {
    out.push(`| \`${code}\` | ${EXIT_CODES[e.kind].code} | ${cell(e.title)} |`);
  }
  out.push("", "## Exit codes", "", renderExitCodes(), "");
  return out.join("\n");
}
