/**
 * Splitting a CSV file into byte ranges that worker threads can parse independently.
 *
 * The rule: a range may only start right after a record delimiter, and a line break is a
 * record delimiter only outside quotes. Whether a line break is inside quotes depends on
 * every quote before it, so no sample of the file can prove a split safe. Therefore:
 *
 * 1. The whole file is scanned once for the quote byte `"` (a native byte search, close to
 *    raw read speed). This is an exact check, not a sample. With `checkQuotes: false` there is
 *    no scan and the file is cut as in 3.; the caller must then prove each cut a record boundary
 *    another way (the audit's workers do: see parallel-scan.ts).
 * 2. If the file contains any `"`, it is NOT split: one range covers the whole file.
 * 3. Otherwise no field can hold a line break, so every record delimiter ends a record.
 *    The record delimiter is discovered as csv-parse does (the first `\r\n`, `\n` or `\r`
 *    in the file) and each cut is placed just after the first record delimiter at or after
 *    the ideal offset `size * k / parts`. Cuts that would repeat or reach the end of the
 *    file are dropped, so there may be fewer ranges than `parts`.
 *
 * To parse range k with {@link FastCsvParser}, pass `recordDelimiter` from the plan (the
 * discovery must not restart in the middle of the file) and, for every range but the first,
 * `bom: false`. Line numbers: parse each range with `firstLine: 1`; after `end()`, a
 * range's parser reports `currentLine - 1` lines consumed, so the file line number of a
 * line in range k is its range line plus the lines consumed by ranges 0..k-1.
 */

import { open } from "node:fs/promises";

/** Bytes [start, end) of the file. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface RangePlan {
  /** In file order, covering the whole file without gaps or overlaps. */
  ranges: ByteRange[];
  /** The file contains at least one `"` byte (then there is a single range); null: not checked. */
  hasQuotes: boolean | null;
  /** The record delimiter csv-parse would discover; null when the file has no line break. */
  recordDelimiter: "\n" | "\r\n" | "\r" | null;
  /** File size in bytes. */
  size: number;
}

const BLOCK = 1 << 20;
const QUOTE = 0x22;
const LF = 10;
const CR = 13;

export async function splitIntoRanges(
  path: string,
  parts: number,
  { checkQuotes = true }: { checkQuotes?: boolean } = {},
): Promise<RangePlan> {
  if (!Number.isInteger(parts) || parts < 1) {
    throw new TypeError(`parts must be a positive integer, got ${parts}`);
  }
  const fh = await open(path, "r");
  try {
    const { size } = await fh.stat();
    const buf = Buffer.allocUnsafe(BLOCK);
    let hasQuotes: boolean | null = checkQuotes ? false : null;
    let firstBreak = -1;
    for (let pos = 0; pos < size && hasQuotes !== true; ) {
      if (!checkQuotes && firstBreak !== -1) break;
      const { bytesRead } = await fh.read(buf, 0, Math.min(BLOCK, size - pos), pos);
      if (bytesRead === 0) break;
      const block = buf.subarray(0, bytesRead);
      if (checkQuotes && block.indexOf(QUOTE) !== -1) hasQuotes = true;
      if (firstBreak === -1) {
        const lf = block.indexOf(LF);
        const cr = block.indexOf(CR);
        const first = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        if (first !== -1) firstBreak = pos + first;
      }
      pos += bytesRead;
    }
    const whole: ByteRange[] = size > 0 ? [{ start: 0, end: size }] : [];
    if (firstBreak === -1) {
      return { ranges: whole, hasQuotes, recordDelimiter: null, size };
    }
    const around = Buffer.alloc(2);
    await fh.read(around, 0, 2, firstBreak);
    const recordDelimiter: "\n" | "\r\n" | "\r" =
      around[0] === LF ? "\n" : around[1] === LF ? "\r\n" : "\r";
    if (hasQuotes || parts === 1) {
      return { ranges: whole, hasQuotes, recordDelimiter, size };
    }
    const needle = Buffer.from(recordDelimiter, "latin1");
    const cuts: number[] = [];
    let prev = 0;
    for (let k = 1; k < parts; k++) {
      const target = Math.max(prev, Math.floor((size * k) / parts));
      const cut = await nextBoundary(fh, needle, target, size);
      if (cut === -1 || cut >= size) break;
      if (cut > prev) {
        cuts.push(cut);
        prev = cut;
      }
    }
    const ranges: ByteRange[] = [];
    let start = 0;
    for (const cut of [...cuts, size]) {
      ranges.push({ start, end: cut });
      start = cut;
    }
    return { ranges, hasQuotes, recordDelimiter, size };
  } finally {
    await fh.close();
  }
}

/** Offset just after the first `needle` that starts at or after `from`, or -1. */
async function nextBoundary(
  fh: Awaited<ReturnType<typeof open>>,
  needle: Buffer,
  from: number,
  size: number,
): Promise<number> {
  const window = Buffer.allocUnsafe(64 * 1024);
  // Overlap reads by needle.length - 1 bytes so a "\r\n" across two reads is found.
  for (let pos = from; pos < size; pos += window.length - (needle.length - 1)) {
    const { bytesRead } = await fh.read(window, 0, Math.min(window.length, size - pos), pos);
    if (bytesRead < needle.length) return -1;
    const at = window.subarray(0, bytesRead).indexOf(needle);
    if (at !== -1) return pos + at + needle.length;
    if (pos + bytesRead >= size) return -1;
  }
  return -1;
}
