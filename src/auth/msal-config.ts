import { LogLevel, type NodeAuthOptions, type NodeSystemOptions } from "@azure/msal-node";
import type { Logger } from "pino";
import { authorityHost, authorityUrl, DEFAULT_AUTHORITY } from "./authority.js";
import { createNetworkClient, type IdentityNetworkClient } from "./network-client.js";

/** Where the identity platform is and how to reach it; shared by the user and app providers. */
export interface IdentityConnection {
  /** The authority host URL; default `https://login.microsoftonline.com`. The tenant is appended. */
  authority?: string | undefined;
  /** Hosts msal may trust without asking Microsoft's instance discovery; default: the authority's host. */
  knownAuthorities?: readonly string[] | undefined;
  /** The authority's OpenID configuration (object or JSON): msal then fetches no discovery document at all. */
  authorityMetadata?: string | Record<string, unknown> | undefined;
  /** Extra trusted CA certificates (PEM) for the authority's TLS certificate. */
  ca?: string | Buffer | undefined;
  /** Per-request timeout in ms; default 30 000. */
  timeoutMs?: number | undefined;
  /** Gets non-secret facts only: hosts, paths, statuses, user names, msal warnings without personal data. */
  logger?: Logger | undefined;
}

export interface MsalSetup {
  authority: string;
  auth: Omit<NodeAuthOptions, "clientId">;
  system: NodeSystemOptions;
  network: IdentityNetworkClient;
}

/** The parts of an msal configuration that keep it on the configured authority and out of the logs. */
export function msalSetup(connection: IdentityConnection, tenant: string): MsalSetup {
  const authority = authorityUrl(connection.authority ?? DEFAULT_AUTHORITY, tenant);
  const host = authorityHost(authority);
  const known = [...new Set([host, ...(connection.knownAuthorities ?? []).map(hostOf)])];
  const network = createNetworkClient({
    allowedHosts: known,
    ca: connection.ca,
    timeoutMs: connection.timeoutMs,
    logger: connection.logger,
  });
  const metadata = connection.authorityMetadata;
  const logger = connection.logger;
  return {
    authority,
    auth: {
      authority,
      knownAuthorities: known,
      ...(metadata !== undefined && {
        authorityMetadata: typeof metadata === "string" ? metadata : JSON.stringify(metadata),
      }),
    },
    system: {
      networkClient: network,
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii || logger === undefined) return;
          if (level === LogLevel.Error) logger.error({ source: "msal" }, message);
          else logger.warn({ source: "msal" }, message);
        },
      },
    },
    network,
  };
}

function hostOf(authority: string): string {
  return /^[a-z]+:\/\//i.test(authority) ? authorityHost(authority) : authority.toLowerCase().replace(/\/.*$/, "");
}
