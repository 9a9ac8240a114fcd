import type { AddressInfo, Server } from "node:net";

/** Starts a server on loopback (port 0: any free port) and resolves with its address once it listens. */
export function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
