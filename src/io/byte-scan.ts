/**
 * The audit's hot path: CSV records read straight from the bytes.
 *
 * A record is found by one tight loop over its bytes, and its wanted fields are handed on as byte
 * ranges (byte-fields.ts), never as strings. The reading is csv-parse's with `record_delimiter:
 * ["\r\n", "\n", "\r"]`: every delimiter outside quotes ends a field and every line break (`\r\n`,
 * `\n` or `\r`, in any mix) outside quotes ends a record; a field that starts with `"` is quoted,
 * holds delimiters and line breaks as data and `""` for one `"`, and must be closed by a `"` that
 * the delimiter, a line break or the end of the data follows. The same records, the same line
 * numbers (a line break between records counts once, each `\r` and `\n` inside quotes counts, the
 * header is line 1), blank lines skipped in a file of several columns, a UTF-8 byte order mark
 * dropped.
 *
 * Anything else about quotes — a quote inside an unquoted field, something after a closing quote,
 * data that ends inside quotes — hands the rest of the data, from the start of its record, to the
 * quote-aware parser (fast-csv.ts), which reports it exactly as csv-parse would. For a worker's
 * byte range it throws {@link QuotedData} instead, so that the whole pass runs in one thread. A
 * range also ends that way when its data ends inside quotes: then the cut after it lay inside a
 * quoted field (parallel-scan.ts relies on this).
 */

import { ByteFields } from "./byte-fields.js";
import { FastCsvParser } from "./fast-csv.js";
import {
  AT_END,
  breaksInQuotes,
  CLOSED,
  fieldsSeen,
  quotedEnd,
  scanRecord,
  skipQuoted,
  stoppedAt,
  UNFINISHED,
} from "./record-bytes.js";
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
  /** at a quote the byte reader does not read itself: the quote-aware parser, or QuotedData */
  onQuote: "handoff" | "refuse";
}

/** Quoting in a worker's byte range that only the quote-aware parser could judge. */
export class QuotedData extends Error {}

const LF = 10;
const CR = 13;
const QUOTE = 34;

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
  /** the quote-aware parser, once a quote it must judge has been met */
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
      while (k < buf.length && buf[k] !== LF && buf[k] !== CR) k++;
      if (k === buf.length) {
        this.carry = Buffer.concat([this.carry, buf]);
        return;
      }
      const take = buf[k] === CR && buf[k + 1] === LF ? k + 2 : k + 1;
      const stitch = Buffer.concat([this.carry, buf.subarray(0, take)]);
      this.carry = null;
      const done = this.run(stitch, false);
      if (this.parser !== null) {
        (this.parser as FastCsvParser).push(buf.subarray(take));
        return;
      }
      if (done < stitch.length) {
        // That line break was inside quotes: read the record on with the rest of the chunk.
        const all = Buffer.concat([stitch.subarray(done), buf.subarray(take)]);
        const rest = this.run(all, false);
        if (rest < all.length && this.parser === null) this.carry = Buffer.from(all.subarray(rest));
        return;
      }
      buf = buf.subarray(take);
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
    const carry = this.carry;
    this.carry = null;
    if (carry !== null) this.run(carry, true);
    // The last record may have been handed over (a quote to judge): the parser finishes it.
    (this.parser as FastCsvParser | null)?.end();
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
      let breaks = 0;
      p = scanRecord(buf, p, d, bounds, needed, 0);
      while (stoppedAt !== AT_END) {
        // A quote: read a well-formed quoted field here, hand anything else to the parser. (A
        // quote opens a field when it starts the record or follows the delimiter; one right after
        // a closing quote was already refused by skipQuoted.)
        if (p === recordStart || buf[p - 1] === d) {
          p = skipQuoted(buf, p, d, last);
          if (quotedEnd === CLOSED) {
            breaks += breaksInQuotes;
            p = scanRecord(buf, p, d, bounds, needed, fieldsSeen);
            continue;
          }
          if (quotedEnd === UNFINISHED) return recordStart;
        }
        this.handoff(buf, recordStart, false);
        return n;
      }
      let k = fieldsSeen;
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
      this.line += breaks + (next > p ? 1 : 0);
      // One empty field (a blank line, or `""` alone) is not a record in a file of several columns.
      const blank =
        k === 1 && (p === recordStart || (p === recordStart + 2 && buf[recordStart] === QUOTE));
      this.emit(k, blank, line);
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
    const { buf, escaped } = this.fields;
    for (let pos = 0; pos < columns.length; pos++) {
      const column = columns[pos] as number;
      let start = 0;
      let end = 0;
      let doubled = 0;
      if (column < fieldCount) {
        start = (bounds[column] as number) + 1;
        end = bounds[column + 1] as number;
        if (buf[start] === QUOTE) {
          // Quoted: the content lies between the quotes; note whether it holds doubled quotes.
          start++;
          end--;
          for (let i = start; i < end; i++) if (buf[i] === QUOTE) doubled = 1;
        }
      }
      starts[pos] = start;
      ends[pos] = end;
      escaped[pos] = doubled;
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
