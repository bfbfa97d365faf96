import { createReadStream, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { splitIntoRanges } from "./fast-csv-ranges.js";
import type { PartialLoad } from "./partial-load.js";
import type { RowLayout } from "./row-accumulator.js";
import type { ScanTask } from "./scan-worker.js";

/** Below this size a file is read by one thread: starting workers would cost more than it saves. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

const WORKER = new URL("./scan-worker.js", import.meta.url);

/**
 * The final pass split over worker threads, one byte range each, when that is exact: no model
 * output to join (the join index lives in this thread), and no quote in the file (a quoted field
 * may hold a line break, so a cut could land inside a record). Returns null when the pass should
 * run in this thread instead — including after any failure in a worker, so that errors are
 * always reported by the sequential path with their exact location.
 */
export async function scanInParallel(
  layout: RowLayout,
  threshold: number | undefined,
  threads: number,
  /** sees every byte of the file in order (hash, progress), read here while the workers parse */
  onChunk: (chunk: Buffer) => void,
): Promise<PartialLoad[] | null> {
  if (threads < 2 || layout.header.bytes < PARALLEL_MIN_BYTES) return null;
  // Under a TypeScript runner the compiled worker does not exist: then one thread it is.
  if (!existsSync(fileURLToPath(WORKER))) return null;
  const plan = await splitIntoRanges(layout.header.path, threads);
  if (plan.hasQuotes || plan.ranges.length < 2) return null;
  const [results] = await Promise.all([
    Promise.all(plan.ranges.map((range) => runWorker({ layout, threshold, range }))),
    readAll(layout.header.path, onChunk),
  ]);
  return results.some((r) => r === null) ? null : (results as PartialLoad[]);
}

async function readAll(path: string, onChunk: (chunk: Buffer) => void): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    onChunk(chunk as Buffer);
}

function runWorker(task: ScanTask): Promise<PartialLoad | null> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, { workerData: task });
    worker.once("message", (message: { ok: boolean; result?: PartialLoad }) => {
      resolve(message.ok && message.result ? message.result : null);
      void worker.terminate();
    });
    worker.once("error", () => resolve(null));
  });
}
