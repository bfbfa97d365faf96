import { closeSync, openSync, readSync } from "node:fs";
import { UserError } from "../errors.js";
import { RowScanner } from "./byte-scan.js";
import { canonicalInteger } from "./id-index.js";
import {
  duplicateOutput,
  type OutputSpec,
  outputIdInteger,
  type PredictionIndex,
  readOutputRecord,
} from "./predictions.js";
import { Utf8Check } from "./utf8.js";

/**
 * The model output a data row joins to: its decision or score (NaN when missing), undefined when
 * it has none, or "duplicate" when the final pass already matched this output to another row.
 */
export interface ModelOutputs {
  match(id: string, final: boolean): number | undefined | "duplicate";
  /** `match` for an id that is a canonical integer (see `canonicalInteger`), without its text */
  matchInteger(id: number, final: boolean): number | undefined | "duplicate";
}

/** The hash join over the whole model output loaded into an index. */
export class IndexedOutputs implements ModelOutputs {
  constructor(private readonly index: PredictionIndex) {}

  match(id: string, final: boolean): number | undefined | "duplicate" {
    return this.found(this.index.index.get(id), final);
  }

  matchInteger(id: number, final: boolean): number | undefined | "duplicate" {
    return this.found(this.index.index.getInteger(id), final);
  }

  private found(at: number | undefined, final: boolean): number | undefined | "duplicate" {
    if (at === undefined) return undefined;
    if (final) {
      if (this.index.used[at] === 1) return "duplicate";
      this.index.used[at] = 1;
    }
    return this.index.values[at] as number;
  }

  unmatched(): number {
    return this.index.used.reduce((n, u) => n + (u === 0 ? 1 : 0), 0);
  }
}

/** The hash join's index as worker threads see it: the same arrays, in shared memory. */
export interface SharedIndex {
  /** id → row, -1 for none (`IdIndex.integerSlots`) */
  slots: Int32Array;
  values: Float64Array;
  used: Uint8Array;
}

/**
 * The hash join from a worker thread, for integer ids. A model output may be matched once: the
 * matched flag is taken with an atomic exchange, so of two rows with one id in different threads
 * exactly one wins and the other is a duplicate, as in one thread.
 */
export class SharedOutputs implements ModelOutputs {
  constructor(private readonly index: SharedIndex) {}

  match(id: string, final: boolean): number | undefined | "duplicate" {
    const n = canonicalInteger(id);
    return n < 0 ? undefined : this.matchInteger(n, final);
  }

  matchInteger(n: number, final: boolean): number | undefined | "duplicate" {
    const { slots, values, used } = this.index;
    if (n >= slots.length) return undefined;
    const at = slots[n] as number;
    if (at === -1) return undefined;
    if (final && Atomics.exchange(used, at, 1) === 1) return "duplicate";
    return values[at] as number;
  }
}

/**
 * One worker's share of a parallel merge join: bytes [start, end) of the model output, and the
 * ids [lower, upper) that the share's data rows and model outputs must lie in.
 */
export interface JoinSegment {
  start: number;
  end: number;
  lower: number;
  upper: number;
}

/**
 * The ids a merge join matched, smallest and largest (null: none). Two data files whose ranges
 * do not overlap cannot have matched one model output twice.
 */
export type MatchedRange = { first: number; last: number } | null;

/** The matched range of merge joins over consecutive shares of ids (or of several readers). */
export function spanOf(
  ranges: readonly { firstMatched: number; lastMatched: number }[],
): MatchedRange {
  const matched = ranges.filter((r) => r.firstMatched !== -1);
  if (matched.length === 0) return null;
  return {
    first: Math.min(...matched.map((r) => r.firstMatched)),
    last: Math.max(...matched.map((r) => r.lastMatched)),
  };
}

/** The files are not both ordered by integer id: the caller falls back to the hash join. */
export class NotSorted extends Error {}

const CHUNK = 1 << 20;
/** past every id (ids are below 2^31) */
const END = Number.POSITIVE_INFINITY;

/**
 * A streaming merge join: when both files list integer ids in ascending order, the model output
 * is read alongside the data (synchronously, a chunk at a time) and never held whole, so memory
 * does not grow with the number of ids. The first id out of order — in either file — or anything
 * the model output's reader cannot vouch for throws NotSorted, and the caller re-runs the pass as
 * a hash join, which reports any data error with its exact location. Duplicate ids and bad values
 * are the same user errors as in the hash join.
 */
export class SortedOutputs implements ModelOutputs {
  private readonly fd: number;
  private readonly parser: RowScanner;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private readonly utf8 = new Utf8Check();
  /** the records of the last chunk read: ids and values; `count` of them, from `head` on */
  private ids = new Int32Array(1024);
  private values = new Float64Array(1024);
  private count = 0;
  private head = 0;
  private done = false;
  private previousId = -1;
  private previousLine = 0;
  private lastDataId = -1;
  private matchedLast = false;
  /** next byte of the model output to read, and where this reader's share of it ends */
  private position: number;
  private readonly end: number;
  /** ids in this share, in either file, lie in [lower, upper) */
  private readonly lower: number;
  private readonly upper: number;
  rows = 0;
  unmatchedCount = 0;
  /** the smallest and largest id matched (ascending, so the first and the last); -1: none yet */
  firstMatched = -1;
  lastMatched = -1;

  constructor(
    spec: OutputSpec,
    private readonly onChunk: (chunk: Buffer) => void,
    /** a share of a parallel join (parallel-join.ts); default: the whole file, any id */
    segment?: JoinSegment,
  ) {
    this.fd = openSync(spec.header.path, "r");
    this.position = segment?.start ?? 0;
    this.end = segment?.end ?? spec.header.bytes;
    this.lower = segment?.lower ?? 0;
    this.upper = segment?.upper ?? END;
    this.parser = new RowScanner(
      {
        delimiter: spec.header.delimiter,
        columns: [spec.idColumn, spec.valueColumn],
        columnCount: spec.header.columns.length,
        missing: spec.missing,
        atStart: this.position === 0,
        firstLine: 1,
        // In a share, a quote may mean the cut is wrong: the join then runs in one thread.
        onQuote: segment === undefined ? "handoff" : "refuse",
      },
      (fields, fieldCount, line) => {
        const n = outputIdInteger(spec, fields);
        const value = readOutputRecord(spec, fields, fieldCount, line, n);
        if (n < this.lower || n >= this.upper || n < this.previousId) throw new NotSorted();
        if (n === this.previousId) duplicateOutput(spec, line, this.previousLine);
        this.previousId = n;
        this.previousLine = line;
        this.rows++;
        if (this.count === this.ids.length) this.grow();
        this.ids[this.count] = n;
        this.values[this.count] = value;
        this.count++;
      },
    );
  }

  match(id: string, final: boolean): number | undefined | "duplicate" {
    return this.matchInteger(canonicalInteger(id), final);
  }

  matchInteger(n: number, final: boolean): number | undefined | "duplicate" {
    if (!final) throw new NotSorted(); // the top-k pass joins through the index
    if (n < this.lower || n >= this.upper || n < this.lastDataId) throw new NotSorted();
    if (n === this.lastDataId) return this.matchedLast ? "duplicate" : undefined;
    this.lastDataId = n;
    while (this.peek() < n) {
      this.unmatchedCount++;
      this.head++;
    }
    if (this.peek() === n) {
      const value = this.values[this.head] as number;
      this.head++;
      this.matchedLast = true;
      if (this.firstMatched === -1) this.firstMatched = n;
      this.lastMatched = n;
      return value;
    }
    this.matchedLast = false;
    return undefined;
  }

  /** Reads the rest of the model output (all unmatched) and closes the file. */
  finish(): void {
    while (this.peek() !== END) {
      this.unmatchedCount++;
      this.head++;
    }
    this.close();
  }

  close(): void {
    if (!this.done) {
      this.done = true;
      closeSync(this.fd);
    }
  }

  /** The next unread model-output id, reading more of the file as needed; END after the last. */
  private peek(): number {
    while (this.head >= this.count && !this.done) this.fill();
    return this.head < this.count ? (this.ids[this.head] as number) : END;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const ids = new Int32Array(size);
    ids.set(this.ids);
    this.ids = ids;
    const values = new Float64Array(size);
    values.set(this.values);
    this.values = values;
  }

  private fill(): void {
    this.count = 0;
    this.head = 0;
    const bytes = readSync(
      this.fd,
      this.buffer,
      0,
      Math.min(CHUNK, this.end - this.position),
      this.position,
    );
    this.position += bytes;
    if (bytes === 0) {
      if (!this.utf8.end()) throw new NotSorted();
      guarded(() => this.parser.end());
      this.close();
      return;
    }
    const chunk = this.buffer.subarray(0, bytes);
    this.onChunk(chunk);
    if (!this.utf8.push(chunk)) throw new NotSorted();
    guarded(() => this.parser.push(chunk));
  }
}

/**
 * User errors of a record (duplicate id, bad value) surface as they are; anything else — a syntax
 * error, an id out of order — hands the pass over to the hash join, whose reader reports it.
 */
function guarded(step: () => void): void {
  try {
    step();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new NotSorted();
  }
}
