/**
 * A streaming CSV record parser for the hot path of an audit.
 *
 * It parses exactly as `csv-parse` (v7) does with the options
 * `{ delimiter, bom: true, relax_column_count: true }` (records as arrays), but it only
 * materialises the fields whose indices are listed in `columns`: every other field is
 * scanned over and never turned into a string ("only declared columns are materialised").
 *
 * Semantics, all matching csv-parse:
 * - RFC 4180 quoting: a field that starts with `"` is quoted; inside it the delimiter and
 *   line breaks are data and `""` stands for one `"`. Quotes are only unescaped in quoted fields.
 * - Record delimiter: discovered from the first line break found outside quotes (`\r\n`,
 *   `\n` or `\r`), then fixed for the whole file, exactly like csv-parse's auto-discovery.
 *   A different line ending found later is field data (e.g. in a `\n` file, a `\r\n` line
 *   leaves a trailing `\r` in its last field), again as csv-parse does.
 * - Blank lines are NOT skipped: a blank line is a record with one empty field
 *   (fieldCount 1), as with csv-parse's default `skip_empty_lines: false`. A line break at
 *   the very end of the file does not start a further record.
 * - A UTF-8 byte order mark at the start of the file is dropped.
 * - Line numbers count every `\r` and `\n` byte, except the `\n` of a `\r\n` that ends a
 *   record: this is csv-parse's `info.lines` counting (so a `\r\n` inside a quoted field
 *   counts as two lines, like csv-parse). The header is line 1.
 *
 * Errors (thrown as {@link CsvSyntaxError}, at the same place csv-parse throws):
 * - `unterminated_quote`: the data ends inside a quoted field (csv-parse `CSV_QUOTE_NOT_CLOSED`);
 * - `invalid_quote`: a `"` inside an unquoted field (csv-parse `INVALID_OPENING_QUOTE`);
 * - `invalid_closing_quote`: a closing `"` followed by something other than the delimiter,
 *   the record delimiter or the end of data (csv-parse `CSV_INVALID_CLOSING_QUOTE`);
 * - `invalid_utf8`: a WANTED field holds bytes that are not valid UTF-8. Here the parser is
 *   deliberately stricter than csv-parse, which would silently turn them into U+FFFD and so
 *   could merge distinct group labels. Fields that are not wanted are never decoded, so
 *   invalid bytes there go unnoticed;
 * - `unsupported_encoding`: the file starts with a UTF-16 byte order mark.
 * After an error the parser is unusable: further calls throw the same error (or, when the
 * sink threw, an error saying the parser failed). Records before the error have been
 * delivered, as csv-parse delivers them; to report csv-parse's own message, re-run it.
 *
 * How it stays fast: it scans bytes, never whole chunks as strings; a field that is not
 * wanted is only scanned for its end. A wanted field is decoded from its byte range (pure
 * ASCII as latin1, else UTF-8). (It used to intern short values per column; since the audit reads
 * through the byte reader, byte-scan.ts, and reaches this parser only at quoting it must judge,
 * that cache is gone.) Only a wanted field cut by a chunk boundary is copied (its
 * bytes so far); a decision that needs bytes past the chunk end (`\r` then `\n`? `"` then
 * `"`?) holds back at most two bytes, so no carried data is scanned twice.
 */

import { isUtf8 } from "node:buffer";

export interface FastCsvOptions {
  /** One single-byte character, e.g. "," ";" or "\t". Not `"`, `\r` or `\n`. */
  delimiter: string;
  /** Indices (0-based) of the fields to materialise, in the order wanted. Repeats are allowed. */
  columns: readonly number[];
  /**
   * Force the record delimiter instead of discovering it from the data. Meant for parsing a
   * byte range in the middle of a file (see `fast-csv-ranges.ts`), where the range must use
   * the delimiter discovered from the start of the file.
   */
  recordDelimiter?: "\n" | "\r\n" | "\r" | "any";
  /** Line number of the first byte pushed (default 1). For ranges in the middle of a file. */
  firstLine?: number;
  /** Drop a UTF-8 byte order mark at the start of the data (default true). */
  bom?: boolean;
}

export interface RecordSink {
  /**
   * Called once per record.
   * @param fields only the wanted columns, in `columns` order. A wanted index at or beyond
   *   `fieldCount` gives "" (use `fieldCount` to tell a missing field from an empty one).
   *   THE ARRAY IS REUSED between calls: copy it (or the strings) if you keep it.
   * @param fieldCount how many fields the record had in total (to detect ragged rows).
   * @param line 1-based line where the record starts (the header is line 1).
   */
  // biome-ignore lint/style/useShorthandFunctionType: an interface keeps the parameter docs
  (fields: string[], fieldCount: number, line: number): void;
}

export type CsvSyntaxErrorCode =
  | "unterminated_quote"
  | "invalid_quote"
  | "invalid_closing_quote"
  | "invalid_utf8"
  | "unsupported_encoding";

export class CsvSyntaxError extends Error {
  override readonly name = "CsvSyntaxError";
  /**
   * @param line line where the problem was detected, counted as csv-parse counts (for an
   *   unterminated quote: the last line of the data, as csv-parse reports it).
   * @param column 1-based index of the field in which the problem was detected.
   * @param recordLine line where the record holding the problem starts.
   */
  constructor(
    readonly code: CsvSyntaxErrorCode,
    readonly line: number,
    readonly column: number,
    readonly recordLine: number,
    message: string,
  ) {
    super(`${message} (line ${line}, field ${column})`);
  }
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Record delimiter modes. */
const RD_UNKNOWN = 0;
const RD_LF = 1;
const RD_CRLF = 2;
const RD_CR = 3;
/** Any of \r\n, \n, \r ends a record (csv-parse's `record_delimiter: ["\r\n", "\n", "\r"]`). */
const RD_ANY = 4;

/** Parser states between two bytes. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;

interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

const EMPTY = Buffer.alloc(0);

export class FastCsvParser {
  private readonly delim: number;
  private readonly sink: RecordSink;
  /** slotOf[fieldIndex] = position in `fields`, or -1 when the field is not wanted. */
  private readonly slotOf: Int32Array;
  private readonly wantedCols: readonly number[];
  /** Pairs [slot, sourceSlot] for columns listed more than once. */
  private readonly dups: Array<[number, number]>;
  /** Records with fewer fields than this need "" filled in. */
  private readonly minFull: number;
  private readonly fields: string[];
  /** 1 for the bytes that end or disturb an unquoted field: delimiter, CR, LF, quote. */
  private readonly special = new Uint8Array(256);

  private rd: number;
  private state = FIELD_START;
  private fieldIdx = 0;
  private line: number;
  private recordLine: number;
  /** OR of all bytes of the current field: >= 0x80 means it is not pure ASCII. */
  private hi = 0;
  /** The current quoted field contains `""`. */
  private esc = false;
  /** Bytes of the current wanted field seen in earlier chunks. */
  private pieces: Buffer[] = [];
  /** Text before the current field's unquoted tail (see the NUL case in `closeQuoted`). */
  private prefix: string | null = null;
  /** Bytes held back because a decision needs the next byte(s); at most 2 (plus BOM wait). */
  private held: Buffer | null = null;
  private bomPending: boolean;
  private lastByte = -1;
  /** Set once a call threw (a syntax error, or an error from the sink): the parser is done. */
  private failure: Error | null = null;
  private ended = false;

  constructor(options: FastCsvOptions, sink: RecordSink) {
    const { delimiter, columns } = options;
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f) {
      throw new TypeError(
        `delimiter must be one ASCII character, got ${JSON.stringify(delimiter)}`,
      );
    }
    const d = delimiter.charCodeAt(0);
    if (d === LF || d === CR || d === QUOTE) {
      throw new TypeError(`delimiter cannot be ${JSON.stringify(delimiter)}`);
    }
    this.delim = d;
    for (const b of [d, LF, CR, QUOTE]) this.special[b] = 1;
    this.sink = sink;
    let max = -1;
    for (const c of columns) {
      if (!Number.isInteger(c) || c < 0) {
        throw new TypeError(`column indices must be non-negative integers, got ${c}`);
      }
      if (c > max) max = c;
    }
    this.slotOf = new Int32Array(max + 1).fill(-1);
    this.dups = [];
    columns.forEach((c, slot) => {
      const first = this.slotOf[c] ?? -1;
      if (first === -1) this.slotOf[c] = slot;
      else this.dups.push([slot, first]);
    });
    this.wantedCols = [...columns];
    this.minFull = max + 1;
    this.fields = columns.map(() => "");
    this.rd =
      options.recordDelimiter === "any"
        ? RD_ANY
        : options.recordDelimiter === undefined
          ? RD_UNKNOWN
          : options.recordDelimiter === "\n"
            ? RD_LF
            : options.recordDelimiter === "\r\n"
              ? RD_CRLF
              : RD_CR;
    this.line = options.firstLine ?? 1;
    this.recordLine = this.line;
    this.bomPending = options.bom ?? true;
  }

  /** Line where the next record would start; after `end()`, one past the last line. */
  get currentLine(): number {
    return this.line;
  }

  /** Feed the next bytes. Chunks may split the data anywhere. */
  push(chunk: Buffer): void {
    this.checkUsable();
    if (chunk.length === 0) return;
    this.lastByte = chunk[chunk.length - 1] ?? -1;
    try {
      let buf = chunk;
      if (this.bomPending) {
        const pre = this.held === null ? buf : Buffer.concat([this.held, buf]);
        this.held = null;
        if (pre.length < 3) {
          this.held = Buffer.from(pre);
          return;
        }
        buf = this.stripBom(pre);
        if (buf.length === 0) return;
      }
      while (this.held !== null) {
        const k = Math.min(buf.length, 64);
        const stitch = Buffer.concat([this.held, buf.subarray(0, k)]);
        this.held = null;
        this.run(stitch, false);
        buf = buf.subarray(k);
        if (buf.length === 0) return;
      }
      this.run(buf, false);
    } catch (err) {
      this.failure =
        err instanceof CsvSyntaxError ? err : new Error("FastCsvParser: a call failed");
      throw err;
    }
  }

  /** Signal the end of the data: flushes the last record (a final line break is optional). */
  end(): void {
    this.checkUsable();
    this.ended = true;
    try {
      const buf = this.held ?? EMPTY;
      this.held = null;
      // Fewer than 3 bytes in all: like csv-parse, no BOM check.
      this.bomPending = false;
      this.run(buf, true);
    } catch (err) {
      this.failure =
        err instanceof CsvSyntaxError ? err : new Error("FastCsvParser: a call failed");
      throw err;
    }
  }

  private checkUsable(): void {
    if (this.failure !== null) throw this.failure;
    if (this.ended) throw new Error("FastCsvParser: end() was already called");
  }

  private stripBom(buf: Buffer): Buffer {
    this.bomPending = false;
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3);
    if (buf[0] === 0xff && buf[1] === 0xfe) {
      throw new CsvSyntaxError(
        "unsupported_encoding",
        1,
        1,
        1,
        "UTF-16 data is not supported: re-encode the file as UTF-8",
      );
    }
    return buf;
  }

  /**
   * Parse `buf` from its start. When `last` is false and a decision needs bytes beyond the
   * end of `buf`, the undecided bytes are kept in `held` for the next call.
   */
  private run(buf: Buffer, last: boolean): void {
    const n = buf.length;
    const d = this.delim;
    const slotOf = this.slotOf;
    const nSlot = slotOf.length;
    const fields = this.fields;
    const special = this.special;
    let state = this.state;
    let fieldIdx = this.fieldIdx;
    let line = this.line;
    let hi = this.hi;
    let i = 0;
    let fs = 0; // start of the current field's bytes in `buf`
    let stop = n; // bytes from `stop` on are held back

    while (i < n) {
      if (state === FIELD_START) {
        if (buf[i] === QUOTE) {
          state = QUOTED;
          i++;
          fs = i;
          hi = 0;
          this.esc = false;
          continue;
        }
        state = UNQUOTED;
        fs = i;
        hi = 0;
      }
      if (state === UNQUOTED) {
        const slot = fieldIdx < nSlot ? (slotOf[fieldIdx] as number) : -1;
        let c = 0;
        if (slot < 0) {
          // A field nobody asked for: only find its end.
          while (i < n) {
            c = buf[i] as number;
            if (special[c] !== 0) break;
            i++;
          }
        } else {
          // A wanted field: also note non-ASCII bytes.
          while (i < n) {
            c = buf[i] as number;
            if (special[c] !== 0) break;
            hi |= c;
            i++;
          }
        }
        if (i >= n) break;
        if (c === d) {
          if (slot >= 0) {
            if (this.pieces.length === 0 && this.prefix === null) {
              fields[slot] = this.decodeRange(buf, fs, i, hi, false, line, fieldIdx);
            } else {
              this.hi = hi;
              this.setField(fieldIdx, buf, fs, i, false, line);
            }
          }
          fieldIdx++;
          i++;
          state = FIELD_START;
          continue;
        }
        if (c === QUOTE) {
          this.fail("invalid_quote", line, fieldIdx, "a quote inside an unquoted field");
        }
        // c is CR or LF: end of record, or data, depending on the record delimiter.
        let rdLen = 0;
        const rd = this.rd;
        if (c === LF) {
          if (rd === RD_LF || rd === RD_ANY) rdLen = 1;
          else if (rd === RD_UNKNOWN) {
            this.rd = RD_LF;
            rdLen = 1;
          }
        } else if (rd === RD_CR) {
          rdLen = 1;
        } else if (rd !== RD_LF) {
          // RD_CRLF, RD_ANY or RD_UNKNOWN: look at the next byte.
          if (i + 1 >= n && !last) {
            stop = i;
            break;
          }
          if (buf[i + 1] === LF) {
            if (rd !== RD_ANY) this.rd = RD_CRLF;
            rdLen = 2;
          } else if (rd === RD_UNKNOWN) {
            this.rd = RD_CR;
            rdLen = 1;
          } else if (rd === RD_ANY) rdLen = 1;
        }
        line++;
        if (rdLen === 0) {
          // A line break that is field data.
          i++;
          continue;
        }
        if (slot >= 0) {
          if (this.pieces.length === 0 && this.prefix === null) {
            fields[slot] = this.decodeRange(buf, fs, i, hi, false, line - 1, fieldIdx);
          } else {
            this.hi = hi;
            this.setField(fieldIdx, buf, fs, i, false, line - 1);
          }
        }
        this.emit(fieldIdx + 1);
        fieldIdx = 0;
        i += rdLen;
        state = FIELD_START;
        this.recordLine = line;
        continue;
      }
      // state === QUOTED
      let c = 0;
      while (i < n) {
        c = buf[i] as number;
        if (c === QUOTE) break;
        if (c === LF || c === CR) line++;
        hi |= c;
        i++;
      }
      if (i >= n) break;
      // A quote at i: escaped quote, closing quote, or an error.
      if (i + 1 >= n) {
        if (!last) {
          stop = i;
          break;
        }
        // Closing quote at the end of the data.
        this.hi = hi;
        this.closeQuoted(fieldIdx, buf, fs, i, line);
        this.emit(fieldIdx + 1);
        fieldIdx = 0;
        state = FIELD_START;
        i++;
        continue;
      }
      const nx = buf[i + 1] as number;
      if (nx === QUOTE) {
        this.esc = true;
        i += 2;
        continue;
      }
      if (nx === d) {
        this.hi = hi;
        this.closeQuoted(fieldIdx, buf, fs, i, line);
        fieldIdx++;
        i += 2;
        state = FIELD_START;
        continue;
      }
      let rdLen = 0;
      const rd = this.rd;
      if (nx === LF) {
        if (rd === RD_LF || rd === RD_ANY) rdLen = 1;
        else if (rd === RD_UNKNOWN) {
          this.rd = RD_LF;
          rdLen = 1;
        }
      } else if (nx === CR) {
        if (rd === RD_CR) rdLen = 1;
        else if (rd === RD_CRLF || rd === RD_UNKNOWN || rd === RD_ANY) {
          if (i + 2 >= n && !last) {
            stop = i;
            break;
          }
          if (buf[i + 2] === LF) {
            if (rd !== RD_ANY) this.rd = RD_CRLF;
            rdLen = 2;
          } else if (rd === RD_UNKNOWN) {
            this.rd = RD_CR;
            rdLen = 1;
          } else if (rd === RD_ANY) rdLen = 1;
        }
      } else if (nx === 0) {
        // csv-parse quirk: a NUL byte after a closing quote also closes the quote; the NUL and
        // whatever follows up to the delimiter are then appended as unquoted data.
        this.hi = hi;
        this.closeQuoted(fieldIdx, buf, fs, i, line, true);
        i++;
        fs = i;
        hi = 0;
        state = UNQUOTED;
        continue;
      }
      if (rdLen === 0) {
        this.fail(
          "invalid_closing_quote",
          line,
          fieldIdx,
          "a closing quote must be followed by the delimiter or the end of the record",
        );
      }
      this.hi = hi;
      this.closeQuoted(fieldIdx, buf, fs, i, line);
      this.emit(fieldIdx + 1);
      fieldIdx = 0;
      line++;
      i += 1 + rdLen;
      state = FIELD_START;
      this.recordLine = line;
    }

    this.hi = hi;
    if (last) {
      this.line = line;
      if (state === QUOTED) {
        // csv-parse counts a final line break of the data only after its last check.
        const l = this.lastByte === LF || this.lastByte === CR ? line - 1 : line;
        this.fail("unterminated_quote", l, fieldIdx, "the data ends inside a quoted field");
      }
      if (state === UNQUOTED || fieldIdx > 0) {
        if (fieldIdx < nSlot && (slotOf[fieldIdx] as number) >= 0) {
          if (state === UNQUOTED) this.setField(fieldIdx, buf, fs, n, false, line);
          else this.fields[slotOf[fieldIdx] as number] = ""; // "a," ends with an empty field
        }
        this.emit(fieldIdx + 1);
      }
      this.state = FIELD_START;
      this.fieldIdx = 0;
      return;
    }
    // Keep the unfinished field's bytes if it is wanted.
    if (state !== FIELD_START && fieldIdx < nSlot && (slotOf[fieldIdx] as number) >= 0) {
      if (stop > fs) this.pieces.push(Buffer.from(buf.subarray(fs, stop)));
    }
    if (stop < n) this.held = Buffer.from(buf.subarray(stop));
    this.state = state;
    this.fieldIdx = fieldIdx;
    this.line = line;
  }

  private fail(code: CsvSyntaxErrorCode, line: number, fieldIdx: number, message: string): never {
    throw new CsvSyntaxError(code, line, fieldIdx + 1, this.recordLine, message);
  }

  /** Finish a quoted field whose content is buf[fs, quotePos). */
  private closeQuoted(
    fieldIdx: number,
    buf: Buffer,
    fs: number,
    quotePos: number,
    line: number,
    keepAsPrefix = false,
  ): void {
    if (fieldIdx < this.slotOf.length && (this.slotOf[fieldIdx] as number) >= 0) {
      if (keepAsPrefix) {
        this.prefix = this.decode(buf, fs, quotePos, true, line, fieldIdx);
      } else {
        this.setField(fieldIdx, buf, fs, quotePos, true, line);
      }
    }
    this.esc = false;
  }

  /** Materialise the wanted field `fieldIdx` from its bytes buf[fs, end) (plus held pieces). */
  private setField(
    fieldIdx: number,
    buf: Buffer,
    fs: number,
    end: number,
    quoted: boolean,
    line: number,
  ): void {
    let s = this.decode(buf, fs, end, quoted, line, fieldIdx);
    if (this.prefix !== null) {
      s = this.prefix + s;
      this.prefix = null;
    }
    this.fields[this.slotOf[fieldIdx] as number] = s;
  }

  private decode(
    buf: Buffer,
    fs: number,
    end: number,
    quoted: boolean,
    line: number,
    fieldIdx: number,
  ): string {
    const dequote = quoted && this.esc;
    if (this.pieces.length === 0) {
      return this.decodeRange(buf, fs, end, this.hi, dequote, line, fieldIdx);
    }
    this.pieces.push(buf.subarray(fs, end));
    const src = Buffer.concat(this.pieces);
    this.pieces.length = 0; // keep the same array: a fresh [] would deoptimise `run`
    return this.decodeRange(src, 0, src.length, this.hi, dequote, line, fieldIdx);
  }

  private decodeRange(
    src: Buffer,
    s: number,
    e: number,
    hi: number,
    dequote: boolean,
    line: number,
    fieldIdx: number,
  ): string {
    let text: string;
    if (hi < 0x80) {
      text = (src as unknown as Latin1Slicer).latin1Slice(s, e);
    } else {
      text = (src as unknown as Latin1Slicer).utf8Slice(s, e);
      if (text.includes("\uFFFD") && !isUtf8(src.subarray(s, e))) {
        this.fail("invalid_utf8", line, fieldIdx, "the field is not valid UTF-8");
      }
    }
    return dequote ? text.replaceAll('""', '"') : text;
  }

  private emit(fieldCount: number): void {
    const fields = this.fields;
    if (fieldCount < this.minFull) {
      const cols = this.wantedCols;
      for (let k = 0; k < cols.length; k++) {
        if ((cols[k] as number) >= fieldCount) fields[k] = "";
      }
    }
    const dups = this.dups;
    for (let k = 0; k < dups.length; k++) {
      const p = dups[k] as [number, number];
      fields[p[0]] = fields[p[1]] as string;
    }
    this.sink(fields, fieldCount, this.recordLine);
  }
}
