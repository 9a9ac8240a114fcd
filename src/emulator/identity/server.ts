import { createServer } from "node:https";
import { listen } from "../listen.js";
import { openIdConfiguration } from "./metadata.js";
import { handleIdentity } from "./routes.js";
import { IdentityStore } from "./store.js";
import type { IdentityOptions, RunningIdentity } from "./types.js";

/** What the emulator gives its identity endpoints besides the options: its clock and the partner's tenant. */
export interface IdentityContext {
  now: () => number;
  tenantId: string;
}

/**
 * Starts the identity endpoints over HTTPS on 127.0.0.1 with the given certificate. Throws before listening on bad
 * options.
 */
export async function startIdentity(options: IdentityOptions, context: IdentityContext): Promise<RunningIdentity> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`identity port ${port} is not 0-65535`);
  const server = createServer({ key: options.tls.key, cert: options.tls.cert });
  const address = await listen(server, port);
  const host = `127.0.0.1:${address.port}`;
  const baseUrl = `https://${host}`;
  let store: IdentityStore;
  try {
    store = new IdentityStore({
      tenantId: context.tenantId,
      baseUrl,
      now: context.now,
      accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
      refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? 90 * 24 * 3600,
      deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
      pollIntervalSeconds: options.pollIntervalSeconds ?? 5,
      users: options.users ?? [],
      apps: options.apps ?? [],
    });
  } catch (error: unknown) {
    server.close();
    throw error;
  }
  const deps = { store, baseUrl, host, tenantId: context.tenantId };
  server.on("request", (req, res) => {
    res.on("error", () => undefined);
    handleIdentity(req, res, deps).catch(() => {
      res.destroy();
    });
  });

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    host,
    tenantId: context.tenantId,
    authorityMetadata: (tenant = "organizations") =>
      JSON.stringify(openIdConfiguration(baseUrl, tenant, context.tenantId)),
    pendingUserCodes: () => store.pendingUserCodes(),
    polls: (userCode) => store.polls(userCode),
    approve: (userCode, userName) => {
      store.approve(userCode, userName);
    },
    deny: (userCode) => {
      store.deny(userCode);
    },
    revokeRefreshTokens: () => store.revokeRefreshTokens(),
    setAccessTokenLifetime: (seconds) => {
      store.setAccessTokenLifetime(seconds);
    },
    accepts: (token) => store.accepts(token),
    stats: () => store.stats(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
