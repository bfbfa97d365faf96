/**
 * A worker thread's share of the final pass: one byte range of the data file through the same
 * RowAccumulator as the main thread. Any error is reported as failed: the main thread then
 * re-runs the whole pass sequentially, which reproduces the error with its exact line.
 */
import { parentPort, workerData } from "node:worker_threads";
import { scanRows } from "./csv-file.js";
import { RowAccumulator, type RowLayout } from "./row-accumulator.js";

export interface ScanTask {
  layout: RowLayout;
  threshold: number | undefined;
  range: { start: number; end: number };
}

const task = workerData as ScanTask;
const accumulator = new RowAccumulator(task.layout, undefined, task.threshold);
try {
  await scanRows(
    task.layout.header,
    task.layout.indices,
    accumulator.missing,
    (fields, fieldCount, line) => accumulator.add(fields, fieldCount, line),
    undefined,
    task.range,
  );
  parentPort?.postMessage({ ok: true, result: accumulator.result() });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: String(error) });
}
