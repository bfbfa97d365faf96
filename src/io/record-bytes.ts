/**
 * The byte loops of the CSV reader (byte-scan.ts): finding a record's delimiters and its end, and
 * reading a quoted field to its closing quote. They are kept apart from the reader's bookkeeping
 * (chunks, carried records, hand-over) because their shape decides the reader's speed; they report
 * through the module variables below, read by the caller right after each call.
 */

/** How `scanRecord` stopped: at a line break or the end of the buffer, or at a quote. */
export const AT_END = 0;
export const AT_QUOTE = 1;
export let stoppedAt = AT_END;
/** The delimiters seen so far in the record. */
export let fieldsSeen = 0;

/**
 * From buf[p], the position of the record's line break (or of the end of `buf`), or of the first
 * quote, noting each delimiter's position in bounds[1..needed]; `k` delimiters are carried in
 * when the scan resumes after a quoted field. One comparison per byte
 * rules out ordinary text: a byte that is neither the delimiter nor at most `"` (which covers the
 * line breaks, the quote, and rare controls and punctuation) cannot end anything.
 *
 * The loop makes no call, not even on a path never taken, and keeps nothing but the delimiter
 * count: a call inside it, or a second variable updated at each delimiter (the current field's
 * start), kept V8 from optimising it as well and made it two to three times slower. So the counts
 * go out through module variables, and `skipQuoted` reads a quoted field in between.
 */
export function scanRecord(
  buf: Buffer,
  p: number,
  d: number,
  bounds: Int32Array,
  needed: number,
  k: number,
): number {
  const n = buf.length;
  while (p < n) {
    const c = buf[p] as number;
    if (c === d || c <= 34) {
      if (c === d) {
        if (++k <= needed) bounds[k] = p;
      } else if (c === 10 || c === 13) break;
      else if (c === 34) {
        stoppedAt = AT_QUOTE;
        fieldsSeen = k;
        return p;
      }
    }
    p++;
  }
  stoppedAt = AT_END;
  fieldsSeen = k;
  return p;
}

/** Line breaks inside the quoted field `skipQuoted` last read. */
export let breaksInQuotes = 0;
/** What `skipQuoted` found: the field closed, the buffer ended first, or a quote to hand over. */
export const CLOSED = 0;
export const UNFINISHED = 1;
export const MALFORMED = 2;
export let quotedEnd = CLOSED;

/**
 * The quoted field opening at buf[p]: the position just after its closing quote, over doubled
 * quotes and line breaks. A closing quote must be followed by the delimiter, a line break or the
 * end of the data; anything else, or data that ends inside the quotes, is MALFORMED (for the
 * quote-aware parser to report). UNFINISHED when the buffer ends before the question is settled.
 */
export function skipQuoted(buf: Buffer, p: number, d: number, last: boolean): number {
  const n = buf.length;
  let breaks = 0;
  p++;
  for (;;) {
    if (p >= n) {
      quotedEnd = last ? MALFORMED : UNFINISHED;
      return n;
    }
    const q = buf[p] as number;
    if (q === 34) {
      if (p + 1 >= n) {
        if (!last) {
          quotedEnd = UNFINISHED; // a closing quote, or the first of two: the next chunk tells
          return n;
        }
        break;
      }
      if (buf[p + 1] !== 34) break;
      p += 2;
    } else {
      if (q === 10 || q === 13) breaks++;
      p++;
    }
  }
  const after = p + 1 < n ? (buf[p + 1] as number) : -1;
  breaksInQuotes = breaks;
  quotedEnd = after === d || after === 10 || after === 13 || after === -1 ? CLOSED : MALFORMED;
  return p + 1;
}
