/**
 * Cutting a merge join into shares for worker threads.
 *
 * When both files are ordered by integer id, the data file's byte ranges (fast-csv-ranges.ts)
 * each start with some id; the model output is cut where those ids begin (found by binary search
 * over its bytes), so worker k joins its data range with the model-output records whose ids lie
 * in [first id of range k, first id of range k + 1). Nothing here is trusted: each worker checks
 * that every id it meets, in either file, lies in its bounds and ascends (model-outputs.ts), which
 * together prove both files ordered; any doubt — a quote, an id that is not an integer, a bound out
 * of order — gives null, and the join runs in one thread.
 */

import { closeSync, openSync, readSync } from "node:fs";
import type { CsvHeader } from "./csv-file.js";
import type { ByteRange } from "./fast-csv-ranges.js";
import { canonicalInteger } from "./id-index.js";
import type { JoinSegment } from "./model-outputs.js";

const WINDOW = 64 * 1024;
const LF = 10;
const CR = 13;
const QUOTE = 34;
/** above every id (ids are below 2^31) */
const NO_UPPER = 2 ** 31;

export function planJoinSegments(
  data: CsvHeader,
  dataIdColumn: number,
  ranges: readonly ByteRange[],
  outputs: CsvHeader,
  outputIdColumn: number,
): JoinSegment[] | null {
  const dataFile = new RecordReader(data, dataIdColumn);
  const outputFile = new RecordReader(outputs, outputIdColumn);
  try {
    const firstIds: number[] = [];
    for (const range of ranges.slice(1)) {
      const record = dataFile.recordAt(range.start);
      if (record === null) return null;
      firstIds.push(record.id);
    }
    const headerEnd = outputFile.nextRecordStart(1);
    const cuts: number[] = [];
    for (const id of firstIds) {
      const cut = outputFile.firstAtLeast(id, Math.max(headerEnd, cuts.at(-1) ?? 0));
      if (cut === null) return null;
      cuts.push(cut);
    }
    for (let k = 1; k < firstIds.length; k++) {
      if ((firstIds[k] as number) <= (firstIds[k - 1] as number)) return null;
    }
    return ranges.map((_, k) => ({
      start: k === 0 ? 0 : (cuts[k - 1] as number),
      end: k < cuts.length ? (cuts[k] as number) : outputs.bytes,
      lower: k === 0 ? 0 : (firstIds[k - 1] as number),
      upper: k < firstIds.length ? (firstIds[k] as number) : NO_UPPER,
    }));
  } finally {
    dataFile.close();
    outputFile.close();
  }
}

/** Reads single records of an unquoted file by byte offset, for their integer id. */
class RecordReader {
  private readonly fd: number;
  private readonly size: number;
  private readonly delimiter: number;
  private readonly buffer = Buffer.allocUnsafe(WINDOW);

  constructor(
    header: CsvHeader,
    private readonly idColumn: number,
  ) {
    this.fd = openSync(header.path, "r");
    this.size = header.bytes;
    this.delimiter = header.delimiter.charCodeAt(0);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The first record start at or after `offset` (after a line break), or the file size. */
  nextRecordStart(offset: number): number {
    let position = offset;
    let sawBreak = false;
    while (position < this.size) {
      const bytes = readSync(this.fd, this.buffer, 0, WINDOW, position);
      for (let i = 0; i < bytes; i++) {
        const c = this.buffer[i];
        if (c === LF || c === CR) sawBreak = true;
        else if (sawBreak || position + i === 0) return position + i;
      }
      position += bytes;
    }
    return this.size;
  }

  /** The id of the record starting at `start` and where the next record starts; null if unreadable. */
  recordAt(start: number): { id: number; next: number } | null {
    const bytes = readSync(this.fd, this.buffer, 0, WINDOW, start);
    const buf = this.buffer;
    let field = 0;
    let fieldStart = 0;
    let id = -1;
    for (let i = 0; i <= bytes; i++) {
      const c = i < bytes ? buf[i] : -1;
      if (c === QUOTE) return null;
      const atEnd = c === LF || c === CR || (c === -1 && start + bytes === this.size);
      if (c === this.delimiter || atEnd) {
        if (field === this.idColumn) {
          id = canonicalInteger(buf.toString("latin1", fieldStart, i).trim());
        }
        field++;
        fieldStart = i + 1;
      }
      if (atEnd) return id < 0 ? null : { id, next: this.nextRecordStart(start + i) };
      if (c === -1) return null; // a record longer than the window
    }
    return null;
  }

  /**
   * The first record at or after the record start `from` whose id is at least `id` (the file
   * size if none), by binary search over byte offsets, then a short walk; null if unreadable.
   */
  firstAtLeast(id: number, from: number): number | null {
    let lo = from; // a record start; the answer is not before it
    let hi = this.size; // a record start with an id >= `id`, or the end of the file
    while (hi - lo > WINDOW) {
      const start = this.nextRecordStart(lo + Math.floor((hi - lo) / 2));
      if (start >= hi) break;
      const record = this.recordAt(start);
      if (record === null) return null;
      if (record.id < id) lo = start;
      else hi = start;
    }
    for (let start = lo; start < hi; ) {
      const record = this.recordAt(start);
      if (record === null) return null;
      if (record.id >= id) return start;
      start = record.next;
    }
    return hi;
  }
}
