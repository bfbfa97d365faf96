import type { Grouper, GroupResult } from "../groups/grouper.js";
import { ByteDictionary, DICTIONARY_CAPACITY } from "./byte-dictionary.js";
import { canonicalInteger } from "./id-index.js";
import type { RowFields } from "./row-fields.js";
import { type BinaryResult, type NumberResult, parseBinary, parseNumber } from "./values.js";

/**
 * The row reader over the raw bytes of a record (see byte-scan.ts): the fields are byte ranges of
 * the current chunk (a quoted field's content, flagged when it holds doubled quotes), and no
 * string is made per field.
 *
 * - A categorical field (group, label, decision, consent, segment, factor level) is looked up by
 *   its bytes in a per-column dictionary that gives it a small code; what the row logic asks of a
 *   value (its group id, its 0/1 reading, whether it matches the segment) is worked out once per
 *   distinct value, by the same functions the string reader uses, and remembered by code.
 * - A number (score, price, numeric factor) that is a plain decimal of at most 15 digits is
 *   parsed from its bytes: digits as an exact integer m, then m / 10^k, which is the correctly
 *   rounded value, i.e. exactly what `Number()` gives for the text. Anything else takes the
 *   string path (`parseNumber`).
 * - An id that is a canonical integer is read from its bytes for the join.
 *
 * Every answer equals the string reader's on the same field; a property test checks it.
 */
export class ByteFields implements RowFields {
  /** the bytes of the current record (valid UTF-8: the scan checks every chunk first) */
  buf: Buffer = Buffer.alloc(0);
  /** per materialised position: the field's byte range in `buf` */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** per position: 1 when the field was quoted and holds doubled quotes (`""` stands for `"`) */
  readonly escaped: Uint8Array;
  private readonly dictionaries: (ByteDictionary | undefined)[];
  /** per position: what the memo below was filled for (a segment value, a positive label…) */
  private readonly memoFor: unknown[];
  private readonly memos: (Int32Array | undefined)[];
  /** plain decimals may be parsed from bytes: no missing-value token looks like one */
  private readonly fastNumbers: boolean;

  constructor(
    positions: number,
    private readonly missing: ReadonlySet<string>,
  ) {
    this.starts = new Int32Array(positions);
    this.ends = new Int32Array(positions);
    this.escaped = new Uint8Array(positions);
    this.dictionaries = new Array(positions).fill(undefined);
    this.memoFor = new Array(positions * KINDS).fill(undefined);
    this.memos = new Array(positions * KINDS).fill(undefined);
    this.fastNumbers = ![...missing].some((token) => PLAIN_DECIMAL.test(token));
  }

  equals(pos: number, value: string): boolean {
    const memo = this.memo(EQUALS, pos, value);
    const code = this.code(pos);
    if (code >= 0 && memo !== null) {
      const known = memo[code] as number;
      if (known !== 0) return known === 1;
      const result = this.string(pos, code).trim() === value;
      memo[code] = result ? 1 : 2;
      return result;
    }
    return this.string(pos, code).trim() === value;
  }

  binary(pos: number, positive: string | undefined): BinaryResult {
    const memo = this.memo(BINARY, pos, positive === undefined ? NO_POSITIVE : positive);
    const code = this.code(pos);
    if (code >= 0 && memo !== null) {
      const known = memo[code] as number;
      if (known !== 0) return BINARY_RESULTS[known] as BinaryResult;
      const result = parseBinary(this.string(pos, code), this.missing, positive);
      memo[code] = BINARY_RESULTS.indexOf(result);
      return result;
    }
    return parseBinary(this.string(pos, code), this.missing, positive);
  }

  group(pos: number, grouper: Grouper): GroupResult {
    const memo = this.memo(GROUP, pos, grouper);
    const code = this.code(pos);
    if (code >= 0 && memo !== null) {
      const known = memo[code] as number;
      if (known !== 0) return known - 1;
      const result = grouper.classify(this.string(pos, code));
      // Errors are not remembered: "too many groups" depends on what came before.
      if (typeof result === "number") memo[code] = result + 1;
      return result;
    }
    return grouper.classify(this.string(pos, code));
  }

  text(pos: number): string {
    return this.string(pos, this.code(pos)).trim();
  }

  number(pos: number): NumberResult {
    const buf = this.buf;
    const end = this.ends[pos] as number;
    let i = this.starts[pos] as number;
    if (this.fastNumbers && i < end) {
      const negative = buf[i] === MINUS;
      if (negative) i++;
      let m = 0;
      let digits = 0;
      let point = -1;
      for (; i < end; i++) {
        const d = (buf[i] as number) - ZERO;
        if (d >= 0 && d <= 9) {
          m = m * 10 + d;
          digits++;
        } else if (d === POINT_MINUS_ZERO && point === -1 && digits > 0) point = digits;
        else break;
      }
      if (i === end && digits > 0 && digits <= 15) {
        const x = point === -1 ? m : m / (POWERS_OF_TEN[digits - point] as number);
        return negative ? -x : x;
      }
    }
    return parseNumber(this.decode(pos), this.missing);
  }

  integer(pos: number): number {
    const buf = this.buf;
    const start = this.starts[pos] as number;
    const end = this.ends[pos] as number;
    const length = end - start;
    if (length > 0 && length <= 10 && (buf[start] !== ZERO || length === 1)) {
      let n = 0;
      let i = start;
      for (; i < end; i++) {
        const d = (buf[i] as number) - ZERO;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (i === end) return n <= 0x7fffffff ? n : -1;
    }
    return canonicalInteger(this.text(pos));
  }

  /** The field's code in its column's dictionary, or -1 when the dictionary is full. */
  private code(pos: number): number {
    let dictionary = this.dictionaries[pos];
    if (dictionary === undefined) {
      dictionary = new ByteDictionary();
      this.dictionaries[pos] = dictionary;
    }
    return dictionary.lookup(
      this.buf,
      this.starts[pos] as number,
      this.ends[pos] as number,
      this.escaped[pos] === 1,
    );
  }

  /**
   * The memo of one kind of question about `pos`, for `key` (a segment value, a positive label, a
   * grouper), or null when the position is already memoised for another key.
   */
  private memo(kind: number, pos: number, key: unknown): Int32Array | null {
    const at = pos * KINDS + kind;
    const memo = this.memos[at];
    if (memo !== undefined) return this.memoFor[at] === key ? memo : null;
    const fresh = new Int32Array(DICTIONARY_CAPACITY);
    this.memos[at] = fresh;
    this.memoFor[at] = key;
    return fresh;
  }

  private string(pos: number, code: number): string {
    return code >= 0
      ? ((this.dictionaries[pos] as ByteDictionary).strings[code] as string)
      : this.decode(pos);
  }

  private decode(pos: number): string {
    const text = this.buf.toString("utf8", this.starts[pos], this.ends[pos]);
    return this.escaped[pos] === 1 ? text.replaceAll('""', '"') : text;
  }
}

/** the kinds of remembered answers */
const EQUALS = 0;
const BINARY = 1;
const GROUP = 2;
const KINDS = 3;

const ZERO = 0x30;
const MINUS = 0x2d;
/** "." minus "0", as it shows up in the digit loop */
const POINT_MINUS_ZERO = 0x2e - ZERO;
const PLAIN_DECIMAL = /^-?[0-9]+(\.[0-9]*)?$/;
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);
const NO_POSITIVE = Symbol("no positive value");
/** memo values: 0 = not known yet, else the index of the result */
const BINARY_RESULTS: readonly (BinaryResult | null)[] = [null, 1, 0, "missing", "invalid"];
