import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { readChunks } from "./csv-file.js";
import { type ByteRange, splitIntoRanges } from "./fast-csv-ranges.js";
import { planJoinSegments } from "./join-segments.js";
import { type JoinSegment, type MatchedRange, type SharedIndex, spanOf } from "./model-outputs.js";
import type { PartialLoad } from "./partial-load.js";
import type { OutputSpec } from "./predictions.js";
import type { RowLayout } from "./row-layout.js";
import type { ScanTask } from "./scan-worker.js";

/** Below this size a file is read by one thread: starting workers would cost more than it saves. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

const WORKER = new URL("./scan-worker.js", import.meta.url);

/**
 * The final pass split over worker threads, one byte range each, cut just after line breaks. Such
 * a cut is a record boundary unless the line break lies inside a quoted field, and the workers
 * prove that none does: the first range starts at the start of the file; a worker that starts on a
 * record boundary reads its range exactly as one thread would, so it ends inside quotes exactly
 * when the cut after it is inside a quoted field — and then it fails (byte-scan.ts). So if every
 * worker succeeds, every cut was a boundary, by induction from the first. Any failure (this one,
 * quoting only the quote-aware parser can judge, a data error) gives null, and the pass runs in
 * this thread, which reports errors with their exact location.
 */
export async function scanInParallel(
  layout: RowLayout,
  threshold: number | undefined,
  threads: number,
  /** sees every byte of the file in order (hash, progress), read here while the workers parse */
  onChunk: (chunk: Buffer) => void,
  /**
   * For the final pass of a hash join: the index of integer ids, in shared memory, which every
   * worker joins its range through (the matched flags taken atomically).
   */
  hashJoin?: SharedIndex,
): Promise<PartialLoad[] | null> {
  const ranges = await rangesFor(layout, threads);
  if (ranges === null) return null;
  const shared = withPriceShare(layout, ranges.length);
  const outcomes = await runWorkers(
    ranges.map((range) =>
      hashJoin
        ? { layout: shared, threshold, range, hashJoin }
        : { layout: shared, threshold, range },
    ),
    (stop) => readAll(layout.header.path, onChunk, stop),
  );
  return outcomes === null ? null : outcomes.map((o) => o.result);
}

/**
 * The data file's byte ranges, one per thread, or null when the pass should stay in one thread:
 * one thread asked for, a file too small to be worth it, or no compiled worker (under a TypeScript
 * runner). There is no scan for quotes beforehand: the workers themselves prove the cuts.
 */
async function rangesFor(layout: RowLayout, threads: number): Promise<ByteRange[] | null> {
  if (threads < 2 || layout.header.bytes < PARALLEL_MIN_BYTES) return null;
  if (!existsSync(fileURLToPath(WORKER))) return null;
  const plan = await splitIntoRanges(layout.header.path, threads, { checkQuotes: false });
  return plan.ranges.length < 2 ? null : plan.ranges;
}

/**
 * The final pass as a merge join over worker threads: when both files are ordered by integer id,
 * each worker joins one byte range of the data file with the model-output records of the same ids
 * (join-segments.ts). Null when that cannot be done or proven exact: then the join runs here.
 */
export async function joinInParallel(
  layout: RowLayout,
  threshold: number | undefined,
  threads: number,
  outputs: OutputSpec,
  onDataChunk: (chunk: Buffer) => void,
  onOutputChunk: (chunk: Buffer) => void,
): Promise<{
  partials: PartialLoad[];
  rows: number;
  unmatched: number;
  matched: MatchedRange;
} | null> {
  const ranges = await rangesFor(layout, threads);
  if (ranges === null) return null;
  const segments = planJoinSegments(
    layout.header,
    layout.indices[layout.id] as number,
    ranges,
    outputs.header,
    outputs.idColumn,
  );
  if (segments === null) return null;
  const outcomes = await runWorkers(
    ranges.map((range, k) => ({
      layout: withPriceShare(layout, ranges.length),
      threshold,
      range,
      join: { spec: outputs, segment: segments[k] as JoinSegment },
    })),
    async (stop) => {
      await readAll(layout.header.path, onDataChunk, stop);
      await readAll(outputs.header.path, onOutputChunk, stop);
    },
  );
  if (outcomes === null) return null;
  return {
    partials: outcomes.map((o) => o.result),
    rows: outcomes.reduce((n, o) => n + (o.join?.rows ?? 0), 0),
    unmatched: outcomes.reduce((n, o) => n + (o.join?.unmatched ?? 0), 0),
    matched: spanOf(outcomes.flatMap((o) => (o.join ? [o.join] : []))),
  };
}

interface Outcome {
  result: PartialLoad;
  join?: { rows: number; unmatched: number; firstMatched: number; lastMatched: number };
}

/**
 * One worker per task, while `alongside` runs here (it is told to stop once a worker has failed:
 * the pass will run again anyway); null if any worker failed.
 */
async function runWorkers(
  tasks: readonly ScanTask[],
  alongside: (stop: AbortSignal) => Promise<void>,
): Promise<Outcome[] | null> {
  const stop = new AbortController();
  const workers = tasks.map((task) => new Worker(WORKER, { workerData: task }));
  const [results] = await Promise.all([
    Promise.all(
      workers.map(async (worker) => {
        const result = await outcome(worker, workers);
        if (result === null) stop.abort();
        return result;
      }),
    ),
    alongside(stop.signal),
  ]);
  return results.some((r) => r === null) ? null : (results as Outcome[]);
}

async function readAll(
  path: string,
  onChunk: (chunk: Buffer) => void,
  stop: AbortSignal,
): Promise<void> {
  for await (const chunk of readChunks(path)) {
    if (stop.aborted) return;
    onChunk(chunk);
  }
}

/** A worker's result; on its failure every worker stops, since the pass will run again anyway. */
function outcome(worker: Worker, all: readonly Worker[]): Promise<Outcome | null> {
  return new Promise((resolve) => {
    const failed = () => {
      for (const other of all) void other.terminate();
      resolve(null);
    };
    worker.once("message", (message: { ok: boolean } & Partial<Outcome>) => {
      if (message.ok && message.result) {
        resolve(
          message.join
            ? { result: message.result, join: message.join }
            : { result: message.result },
        );
      } else failed();
      void worker.terminate();
    });
    worker.once("error", failed);
    // Terminated because another worker failed.
    worker.once("exit", () => resolve(null));
  });
}

/** Each worker's share of the budget for exact medians (see RowAccumulator.overBudget). */
function withPriceShare(layout: RowLayout, workers: number): RowLayout {
  return { ...layout, priceBudget: Math.floor(layout.priceBudget / workers) };
}
