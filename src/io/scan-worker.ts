/**
 * A worker thread's share of the final pass: one byte range of the data file through the same
 * RowAccumulator as the main thread, joined with its share of an ordered model output (a merge
 * join) or through the hash join's shared index. Any error is reported as failed: the main thread then re-runs the whole pass in
 * one thread, which reproduces the error with its exact line.
 */
import { parentPort, workerData } from "node:worker_threads";
import { scanRows } from "./csv-file.js";
import {
  type JoinSegment,
  type ModelOutputs,
  type SharedIndex,
  SharedOutputs,
  SortedOutputs,
} from "./model-outputs.js";
import type { OutputSpec } from "./predictions.js";
import { RowAccumulator } from "./row-accumulator.js";
import type { RowLayout } from "./row-layout.js";

export interface ScanTask {
  layout: RowLayout;
  threshold: number | undefined;
  range: { start: number; end: number };
  /** a share of a parallel merge join */
  join?: { spec: OutputSpec; segment: JoinSegment };
  /** the hash join's index, shared with every worker */
  hashJoin?: SharedIndex;
}

const task = workerData as ScanTask;
const sorted = task.join && new SortedOutputs(task.join.spec, () => {}, task.join.segment);
const outputs: ModelOutputs | undefined =
  sorted ?? (task.hashJoin && new SharedOutputs(task.hashJoin));
const accumulator = new RowAccumulator(task.layout, outputs, task.threshold);
try {
  await scanRows(
    task.layout.header,
    task.layout.indices,
    accumulator.missing,
    (fields, fieldCount, line) => accumulator.add(fields, fieldCount, line),
    undefined,
    task.range,
  );
  sorted?.finish();
  const join = sorted && {
    rows: sorted.rows,
    unmatched: sorted.unmatchedCount,
    firstMatched: sorted.firstMatched,
    lastMatched: sorted.lastMatched,
  };
  parentPort?.postMessage({ ok: true, result: accumulator.result(), join });
} catch (error) {
  sorted?.close();
  parentPort?.postMessage({ ok: false, message: String(error) });
}
