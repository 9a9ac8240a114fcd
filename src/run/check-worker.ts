/**
 * The worker thread of a validation: it checks the batches the main thread reads and writes the reports, so reading
 * and checking run on two cores. Requests are handled strictly in order; each gets one reply with its id.
 */
import { parentPort, workerData } from "node:worker_threads";
import { BatchChecker, type CheckInit } from "./batch-checker.js";
import { serializeError, type CheckReply, type CheckRequest } from "./check-protocol.js";

const port = parentPort;
if (port === null) throw new Error("check-worker.js runs as a worker thread only");

const opening = BatchChecker.open(workerData as CheckInit);
let queue: Promise<unknown> = opening;

async function handle(request: CheckRequest): Promise<unknown> {
  const checker = await opening;
  switch (request.type) {
    case "batch":
      return checker.check(request.batch);
    case "commit":
      return checker.commit(request.summary);
    case "abandon":
      return checker.abandon(request.summary);
  }
}

port.on("message", (request: CheckRequest) => {
  queue = queue
    .catch(() => undefined)
    .then(() => handle(request))
    .then(
      (value) => {
        port.postMessage({ id: request.id, ok: true, value } satisfies CheckReply);
      },
      (error: unknown) => {
        port.postMessage({ id: request.id, ok: false, error: serializeError(error) } satisfies CheckReply);
      },
    );
});
