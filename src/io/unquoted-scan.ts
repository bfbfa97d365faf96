/**
 * The audit's hot path: records of a CSV file without quotes, read straight from the bytes.
 *
 * Without a quote byte, CSV is simple: every delimiter ends a field and every line break (`\r\n`,
 * `\n` or `\r`, in any mix) ends a record, so a record is found by one tight loop over its bytes
 * and its wanted fields are handed on as byte ranges (byte-fields.ts), never as strings. This is
 * what csv-parse does with `record_delimiter: ["\r\n", "\n", "\r"]` on such data: the same
 * records, the same line numbers (a line break counts once, the header is line 1), blank lines
 * skipped in a file of several columns, a UTF-8 byte order mark dropped.
 *
 * The first quote byte hands the rest of the data, from the start of its record, to the
 * quote-aware parser (fast-csv.ts) — or, for a worker's byte range, where a quote means the cut
 * itself may be wrong, throws {@link QuotedData} so that the whole pass runs in one thread.
 */

import { ByteFields } from "./byte-fields.js";
import { FastCsvParser } from "./fast-csv.js";
import type { RowFields } from "./row-fields.js";
import { StringFields } from "./row-fields.js";

export type RowSink = (fields: RowFields, fieldCount: number, line: number) => void;

export interface RowScanOptions {
  delimiter: string;
  /** file column of each materialised position */
  columns: readonly number[];
  /** columns in the header: in a file of several, a blank line is not a record */
  columnCount: number;
  missing: ReadonlySet<string>;
  /** the data starts at the beginning of the file: drop a byte order mark, skip the header */
  atStart: boolean;
  /** line number of the first byte (1 at the start of the file) */
  firstLine: number;
  /** at a quote byte: continue with the quote-aware parser, or throw QuotedData */
  onQuote: "handoff" | "refuse";
}

/** A quote byte in data that was to be read without the quote-aware parser. */
export class QuotedData extends Error {}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** The delimiters `scanRecord` found in its record; -1 when it stopped at a quote. */
let fieldsSeen = 0;

/**
 * From buf[p], the position of the record's line break (or of the end of `buf`), noting each
 * delimiter's position in bounds[1..needed]. One comparison per byte rules out ordinary text: a
 * byte that is neither the delimiter nor at most `"` (which covers the line breaks, the quote,
 * and rare controls and punctuation) cannot end anything. The loop makes no call, not even on a
 * path never taken: a call inside it keeps V8 from hoisting the buffer checks and halves its
 * speed; so the count goes out through `fieldsSeen`.
 */
function scanRecord(buf: Buffer, p: number, d: number, bounds: Int32Array, needed: number): number {
  const n = buf.length;
  let k = 0;
  while (p < n) {
    const c = buf[p] as number;
    if (c === d || c <= 34) {
      if (c === d) {
        if (++k <= needed) bounds[k] = p;
      } else if (c === 10 || c === 13) break;
      else if (c === 34) {
        fieldsSeen = -1;
        return p;
      }
    }
    p++;
  }
  fieldsSeen = k;
  return p;
}

export class RowScanner {
  /** data records delivered (no header, no blank lines) */
  records = 0;
  private readonly delim: number;
  /** file column of each materialised position */
  private readonly columns: Int32Array;
  /**
   * bounds[0] = the byte before the record, then the position of each delimiter and of the
   * record's end, as far as the last wanted column needs
   */
  private readonly bounds: Int32Array;
  private readonly fields: ByteFields;
  private readonly strings: StringFields;
  private line: number;
  private headerSeen: boolean;
  private bomPending: boolean;
  /** the previous chunk ended with `\r`: a `\n` first in the next one belongs to it */
  private skipLF = false;
  /** bytes of a record cut by the end of the previous chunk */
  private carry: Buffer | null = null;
  /** the quote-aware parser, once a quote has been met */
  private parser: FastCsvParser | null = null;

  constructor(
    private readonly options: RowScanOptions,
    private readonly sink: RowSink,
  ) {
    this.delim = options.delimiter.charCodeAt(0);
    this.columns = Int32Array.from(options.columns);
    this.bounds = new Int32Array(Math.max(-1, ...options.columns) + 3);
    this.fields = new ByteFields(options.columns.length, options.missing);
    this.strings = new StringFields(options.missing);
    this.line = options.firstLine;
    this.headerSeen = !options.atStart;
    this.bomPending = options.atStart;
  }

  push(chunk: Buffer): void {
    if (this.parser !== null) {
      this.parser.push(chunk);
      return;
    }
    let buf = chunk;
    if (this.bomPending) {
      if (buf.length < 3) {
        // A file this short gains nothing from the fast path.
        this.handoff(buf, 0, true);
        return;
      }
      this.bomPending = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    if (this.carry !== null) {
      // Finish the cut record: the carried bytes plus this chunk up to its first line break.
      let k = 0;
      while (k < buf.length) {
        const c = buf[k];
        if (c === LF || c === CR || c === QUOTE) break;
        k++;
      }
      if (k === buf.length) {
        this.carry = Buffer.concat([this.carry, buf]);
        return;
      }
      const take = buf[k] === CR && buf[k + 1] === LF ? k + 2 : k + 1;
      const stitch = Buffer.concat([this.carry, buf.subarray(0, take)]);
      this.carry = null;
      this.run(stitch, false);
      buf = buf.subarray(take);
      if (this.parser !== null) {
        (this.parser as FastCsvParser).push(buf);
        return;
      }
    }
    const rest = this.run(buf, false);
    if (rest < buf.length && this.parser === null) this.carry = Buffer.from(buf.subarray(rest));
  }

  end(): void {
    if (this.parser === null && this.bomPending) this.handoff(Buffer.alloc(0), 0, true);
    if (this.parser !== null) {
      this.parser.end();
      return;
    }
    if (this.carry !== null) this.run(this.carry, true);
    this.carry = null;
  }

  /**
   * Reads the complete records of `buf`; returns where the first incomplete one starts (the
   * length of `buf` when none is). With `last`, the data ends with `buf`.
   *
   * The byte loop (`scanRecord`) only notes where each delimiter is, up to the last wanted
   * column; the wanted fields' ranges are taken from those positions once the record is complete. One comparison per byte rules out
   * ordinary text: a byte that is neither the delimiter nor at most `"` (which covers the line
   * breaks, the quote, and rare controls and punctuation) cannot end anything.
   */
  private run(buf: Buffer, last: boolean): number {
    const n = buf.length;
    const d = this.delim;
    const bounds = this.bounds;
    const needed = bounds.length - 1;
    this.fields.buf = buf;
    let p = 0;
    if (this.skipLF && n > 0) {
      this.skipLF = false;
      if (buf[0] === LF) p = 1;
    }
    while (p < n) {
      const recordStart = p;
      bounds[0] = p - 1;
      p = scanRecord(buf, p, d, bounds, needed);
      let k = fieldsSeen;
      if (k < 0) {
        this.handoff(buf, recordStart, false);
        return n;
      }
      const c = p < n ? (buf[p] as number) : 0;
      let next: number;
      if (p < n) {
        // c is a line break
        next = p + 1;
        if (c === CR) {
          if (next < n) {
            if (buf[next] === LF) next++;
          } else if (!last) this.skipLF = true;
        }
      } else if (last) next = n;
      else return recordStart;
      if (++k <= needed) bounds[k] = p;
      const line = this.line;
      if (next > p) this.line++;
      this.emit(k, p === recordStart, line);
      p = next;
    }
    return n;
  }

  /** A complete record: `fieldCount` fields, field i between bounds[i] and bounds[i + 1]. */
  private emit(fieldCount: number, blank: boolean, line: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      return;
    }
    if (blank && this.options.columnCount > 1) return;
    const { starts, ends } = this.fields;
    const columns = this.columns;
    const bounds = this.bounds;
    for (let pos = 0; pos < columns.length; pos++) {
      const column = columns[pos] as number;
      if (column < fieldCount) {
        starts[pos] = (bounds[column] as number) + 1;
        ends[pos] = bounds[column + 1] as number;
      } else {
        starts[pos] = 0;
        ends[pos] = 0;
      }
    }
    this.records++;
    this.sink(this.fields, fieldCount, line);
  }

  /** From the record starting at buf[from], the quote-aware parser reads the rest. */
  private handoff(buf: Buffer, from: number, bom: boolean): void {
    if (this.options.onQuote === "refuse") throw new QuotedData();
    const wanted = [...this.options.columns, 0];
    const multiColumn = this.options.columnCount > 1;
    const blankAt = this.options.columns.length;
    const strings = this.strings;
    this.parser = new FastCsvParser(
      {
        delimiter: this.options.delimiter,
        columns: wanted,
        recordDelimiter: "any",
        bom,
        firstLine: this.line,
      },
      (values, fieldCount, line) => {
        if (!this.headerSeen) {
          this.headerSeen = true;
          return;
        }
        if (fieldCount === 1 && multiColumn && values[blankAt] === "") return;
        this.records++;
        strings.fields = values;
        this.sink(strings, fieldCount, line);
      },
    );
    this.parser.push(buf.subarray(from));
  }
}
