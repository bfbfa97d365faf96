/**
 * A worker thread's share of the final pass: one byte range of the data file through the same
 * RowAccumulator as the main thread, joined (in a parallel merge join) with its share of the
 * model output. Any error is reported as failed: the main thread then re-runs the whole pass in
 * one thread, which reproduces the error with its exact line.
 */
import { parentPort, workerData } from "node:worker_threads";
import { scanRows } from "./csv-file.js";
import { type JoinSegment, SortedOutputs } from "./model-outputs.js";
import type { OutputSpec } from "./predictions.js";
import { RowAccumulator, type RowLayout } from "./row-accumulator.js";

export interface ScanTask {
  layout: RowLayout;
  threshold: number | undefined;
  range: { start: number; end: number };
  join?: { spec: OutputSpec; segment: JoinSegment };
}

const task = workerData as ScanTask;
const outputs = task.join && new SortedOutputs(task.join.spec, () => {}, task.join.segment);
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
  outputs?.finish();
  const join = outputs && { rows: outputs.rows, unmatched: outputs.unmatchedCount };
  parentPort?.postMessage({ ok: true, result: accumulator.result(), join });
} catch (error) {
  outputs?.close();
  parentPort?.postMessage({ ok: false, message: String(error) });
}
