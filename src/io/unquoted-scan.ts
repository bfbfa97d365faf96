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

export class RowScanner {
  /** data records delivered (no header, no blank lines) */
  records = 0;
  private readonly delim: number;
  private readonly special = new Uint8Array(256);
  /** slotOf[fileColumn] = materialised position, or -1 */
  private readonly slotOf: Int32Array;
  /** records with fewer fields than this leave a wanted field unread */
  private readonly minFull: number;
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
    for (const b of [this.delim, LF, CR, QUOTE]) this.special[b] = 1;
    const max = Math.max(-1, ...options.columns);
    this.slotOf = new Int32Array(max + 1).fill(-1);
    options.columns.forEach((column, pos) => {
      this.slotOf[column] = pos;
    });
    this.minFull = max + 1;
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
   */
  private run(buf: Buffer, last: boolean): number {
    const n = buf.length;
    const d = this.delim;
    const special = this.special;
    const slotOf = this.slotOf;
    const nSlot = slotOf.length;
    const fields = this.fields;
    const starts = fields.starts;
    const ends = fields.ends;
    fields.buf = buf;
    let p = 0;
    if (this.skipLF && n > 0) {
      this.skipLF = false;
      if (buf[0] === LF) p = 1;
    }
    while (p < n) {
      const recordStart = p;
      let fieldStart = p;
      let fieldCount = 0;
      let c = 0;
      for (;;) {
        while (p < n) {
          c = buf[p] as number;
          if (special[c] !== 0) break;
          p++;
        }
        if (p < n && c === QUOTE) {
          this.handoff(buf, recordStart, false);
          return n;
        }
        if (fieldCount < nSlot) {
          const slot = slotOf[fieldCount] as number;
          if (slot >= 0) {
            starts[slot] = fieldStart;
            ends[slot] = p;
          }
        }
        fieldCount++;
        if (p >= n || c !== d) break;
        p++;
        fieldStart = p;
      }
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
      const line = this.line;
      if (next > p) this.line++;
      this.emit(fieldCount, p === recordStart, line);
      p = next;
    }
    return n;
  }

  private emit(fieldCount: number, blank: boolean, line: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      return;
    }
    if (blank && this.options.columnCount > 1) return;
    if (fieldCount < this.minFull) {
      const { starts, ends } = this.fields;
      this.options.columns.forEach((column, pos) => {
        if (column >= fieldCount) {
          starts[pos] = 0;
          ends[pos] = 0;
        }
      });
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
