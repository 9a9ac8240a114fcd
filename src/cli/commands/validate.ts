import type { Argv, ArgumentsCamelCase } from "yargs";
import type { Logger } from "pino";
import { validateFile, type ValidateSummary } from "../../run/validate.js";
import { loadConfigFile } from "../../run/settings.js";
import { mergeSettings, settingsFromFlags, withValidateFlags, type ValidateFlags } from "../validate-flags.js";
import type { CommandIo } from "../io.js";

export const validateCommand = {
  command: "validate <file>",
  describe: "check every row of a CSV/XLSX and write the accepted records and a per-row error report",
  builder: (y: Argv) =>
    withValidateFlags(y)
      .example("$0 validate customers.xlsx", "validate the first sheet with known headers")
      .example(
        "$0 validate export.csv --encoding windows-1252 --delimiter ';' --out reports/",
        "an Excel CSV export, reports in ./reports",
      )
      .example("$0 validate klanten.csv --partner-type indirect-provider --resellers resellers.csv --strict", ""),
};

export async function runValidate(
  args: ArgumentsCamelCase<ValidateFlags & { file: string }>,
  io: CommandIo,
): Promise<number> {
  const config = args.config !== undefined ? await loadConfigFile(args.config) : {};
  const settings = mergeSettings(config, settingsFromFlags(args));
  const logger: Logger = io.logger(settings);
  const summary = await validateFile(args.file, { ...settings, logger, progressStream: io.stderr });
  if (settings.quiet !== true) io.stderr.write(humanSummary(summary));
  return summary.exitCode;
}

export function humanSummary(s: ValidateSummary): string {
  const n = (x: number): string => x.toLocaleString("en-US");
  const input = [
    s.format,
    s.sheet !== undefined ? `sheet '${s.sheet}'` : undefined,
    s.encoding,
    s.delimiter !== undefined ? `delimiter '${s.delimiter === "\t" ? "tab" : s.delimiter}'` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(", ");
  const top = Object.entries(s.issuesByCode)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([code, count]) => `${code} ${n(count)}`)
    .join(", ");
  const lines = [
    `${s.file} (${input})`,
    `  ${n(s.rows)} rows: ${n(s.accepted)} accepted, ${n(s.rejected)} rejected, ${n(s.relationship)} relationship; ${n(s.warnings)} warnings`,
  ];
  if (top !== "") lines.push(`  most frequent issues: ${top}`);
  if (s.unmappedColumns.length > 0) lines.push(`  columns carried but not used: ${s.unmappedColumns.join(", ")}`);
  if (s.skipped !== undefined) {
    const more = s.skipped.records > s.skipped.first.length ? ", ..." : "";
    lines.push(
      `  ${n(s.skipped.records)} records with nothing in the mapped columns skipped (${s.skipped.first.join(", ")}${more})`,
    );
  }
  lines.push(`  reports in ${s.outDir}${s.rejected > 0 ? " (fix rejected.csv and validate it again)" : ""}`);
  return `${lines.join("\n")}\n`;
}
