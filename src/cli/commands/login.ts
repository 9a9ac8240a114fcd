import { LOG_LEVEL_OPTION, LOG_FILE_OPTION, AUTHORITY_OPTION, CA_FILE_OPTION } from "../shared-options.js";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Argv, ArgumentsCamelCase } from "yargs";
import { login, type LoginSummary } from "../../auth/login.js";
import { AUTH_PATH_KEYS, authSettingsShape, CLIENT_SECRET_ENV } from "../../auth/settings.js";
import { RunError } from "../../errors/run-error.js";
import { importSettingsSchema } from "../../run/import-settings.js";
import { loadConfigFile, parseSettings } from "../../run/settings.js";
import type { CommandIo } from "../io.js";
import { usageError } from "../usage-error.js";

export interface LoginFlags {
  config?: string | undefined;
  clientId?: string | undefined;
  tenant?: string | undefined;
  authority?: string | undefined;
  caFile?: string | undefined;
  state?: string | undefined;
  force?: boolean | undefined;
  timeout?: number | undefined;
  quiet?: boolean | undefined;
  logLevel?: string | undefined;
  logFile?: string | undefined;
}

/** The login settings: everything an import config may hold (one config file serves both) plus the sign-in keys. */
const loginSettingsSchema = importSettingsSchema.extend(authSettingsShape);

export const loginCommand = {
  command: "login",
  describe: "sign a partner user in (device code) and keep the token cache in the state folder for later runs",
  builder: (y: Argv) =>
    y
      .option("config", { type: "string", describe: "JSON file with run settings (flags override it)" })
      .option("client-id", {
        type: "string",
        describe: "client ID of the partner's app registration (a public client allowed to use the device code flow)",
        group: "Sign-in:",
      })
      .option("tenant", {
        type: "string",
        describe: "the partner's tenant ID or domain (default: organizations, the user's own tenant)",
        group: "Sign-in:",
      })
      .option("authority", AUTHORITY_OPTION)
      .option("ca-file", CA_FILE_OPTION)
      .option("state", {
        type: "string",
        describe: "state folder that keeps the token cache (default ./.csp-onboard)",
        group: "Sign-in:",
      })
      .option("force", {
        type: "boolean",
        describe: "sign in with a new device code even if the saved sign-in still works",
        group: "Sign-in:",
      })
      .option("timeout", {
        type: "number",
        describe: "seconds to wait for the code to be entered (default: the code's lifetime)",
        group: "Sign-in:",
      })
      .option("quiet", { type: "boolean", describe: "only the device code prompt on stderr", group: "Output:" })
      .option("log-level", LOG_LEVEL_OPTION)
      .option("log-file", LOG_FILE_OPTION)
      .example("$0 login --client-id 1b2c... --tenant contoso.onmicrosoft.com", "then run import with the same --state")
      .epilog(
        `Import runs with the same --state refresh the token silently. App-only runs use ${CLIENT_SECRET_ENV} instead.`,
      ),
};

export async function runLogin(args: ArgumentsCamelCase<LoginFlags>, io: CommandIo): Promise<number> {
  const config = args.config !== undefined ? await loadConfigFile(args.config) : {};
  if (args.config !== undefined) {
    const base = dirname(resolve(args.config));
    for (const key of AUTH_PATH_KEYS) {
      const value = config[key];
      if (typeof value === "string") config[key] = resolve(base, value);
    }
  }
  if (args.timeout !== undefined && !(Number.isFinite(args.timeout) && args.timeout > 0)) {
    throw usageError("--timeout takes a number of seconds > 0");
  }
  const flags: Record<string, unknown> = {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) flags[key] = value;
  };
  set("clientId", args.clientId);
  set("tenant", args.tenant);
  set("authority", args.authority);
  set("caFile", args.caFile);
  set("state", args.state);
  set("quiet", args.quiet);
  set("logLevel", args.logLevel);
  set("logFile", args.logFile);
  const settings = parseSettings(loginSettingsSchema, { ...config, ...flags }, "settings");
  const clientId = settings.clientId;
  if (clientId === undefined) {
    throw usageError("login needs --client-id: the app registration the partner uses for Partner Center");
  }
  const logger = io.logger(settings);
  const ca = settings.caFile === undefined ? undefined : await readCa(settings.caFile);
  const say = (text: string): void => {
    if (!settings.quiet) io.stderr.write(`${text}\n`);
  };
  const summary = await login({
    settings: { authority: settings.authority, tenant: settings.tenant, clientId },
    ca,
    stateDir: settings.state,
    force: args.force,
    timeoutSeconds: args.timeout,
    logger,
    // The prompt is shown even with --quiet: without it nobody can sign in.
    onDeviceCode: (prompt) => {
      io.stderr.write(`${prompt.message}\n`);
    },
    onNotice: say,
  });
  say(loginSummaryText(summary));
  return 0;
}

/** The lines `login` ends with: who, where the cache is, what to do next. */
export function loginSummaryText(s: LoginSummary): string {
  const who = `${s.account.userName} (tenant ${s.account.tenantId}, ${s.account.environment})`;
  return [
    s.silent ? `Already signed in as ${who}; the saved sign-in still works.` : `Signed in as ${who}.`,
    `  token cache: ${s.cacheFile} (mode 0600; keep it private)`,
    "  runs with the same --state use it and refresh the token silently",
  ].join("\n");
}

async function readCa(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("USAGE", `cannot read --ca-file: ${reason}`, { file: path });
  }
}
