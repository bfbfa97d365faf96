/** Distinct values per column given a code; later values are read as strings every time. */
export const DICTIONARY_CAPACITY = 1 << 16;

/**
 * Byte strings → small codes (open addressing, FNV-1a hashes), each with its decoded string. A
 * column with more distinct values than the capacity (an id, a continuous number) stops growing.
 */
export class ByteDictionary {
  readonly strings: string[] = [];
  private table = new Int32Array(1024);
  private hashes = new Int32Array(256);
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256);
  private pool = new Uint8Array(4096);
  private used = 0;
  /** values of at most four bytes by their packed bytes: slot → code + 1 (0: empty) */
  private readonly shortCodes = new Int32Array(1024);
  private readonly shortKeys = new Int32Array(1024);
  private readonly shortLengths = new Uint8Array(1024);
  private shortCount = 0;

  /**
   * The code of buf[start, end), added if new; -1 when the dictionary is full. With `escaped`,
   * the bytes are a quoted field's content: its text has `""` read as `"`.
   */
  lookup(buf: Uint8Array, start: number, end: number, escaped = false): number {
    const length = end - start;
    if (length > 4) return this.lookupLong(buf, start, end, escaped);
    // At most four bytes (a code, a flag, an age, "Male"): packed in an int, they are their own
    // hash and compare in one step.
    let key = 0;
    for (let j = start; j < end; j++) key = (key << 8) | (buf[j] as number);
    const codes = this.shortCodes;
    const mask = codes.length - 1;
    let slot = (Math.imul(key ^ length, 0x9e3779b1) >>> 20) & mask;
    for (;;) {
      const entry = codes[slot] as number;
      if (entry === 0) break;
      if (this.shortKeys[slot] === key && this.shortLengths[slot] === length) return entry - 1;
      slot = (slot + 1) & mask;
    }
    const code = this.lookupLong(buf, start, end, escaped);
    // A column of many short values (4-digit ids) fills the table: the rest take the long path.
    if (code >= 0 && (this.shortCount + 1) * 2 <= codes.length) {
      codes[slot] = code + 1;
      this.shortKeys[slot] = key;
      this.shortLengths[slot] = length;
      this.shortCount++;
    }
    return code;
  }

  private lookupLong(buf: Uint8Array, start: number, end: number, escaped: boolean): number {
    let h = 0x811c9dc5 | 0;
    for (let j = start; j < end; j++) h = Math.imul(h ^ (buf[j] as number), 0x01000193);
    const length = end - start;
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (;;) {
      const entry = this.table[slot] as number;
      if (entry === 0) break;
      const code = entry - 1;
      if (this.hashes[code] === h && this.lengths[code] === length) {
        const pool = this.pool;
        const offset = (this.offsets[code] as number) - start;
        let j = start;
        while (j < end && pool[offset + j] === buf[j]) j++;
        if (j === end) return code;
      }
      slot = (slot + 1) & mask;
    }
    const code = this.strings.length;
    if (code >= DICTIONARY_CAPACITY) return -1;
    this.add(code, h, buf, start, end, escaped);
    this.table[slot] = code + 1;
    if ((code + 1) * 2 > this.table.length) this.rehash();
    return code;
  }

  private add(
    code: number,
    hash: number,
    buf: Uint8Array,
    start: number,
    end: number,
    escaped: boolean,
  ): void {
    const length = end - start;
    if (code >= this.hashes.length) {
      this.hashes = grown(this.hashes, code * 2);
      this.offsets = grown(this.offsets, code * 2);
      this.lengths = grown(this.lengths, code * 2);
    }
    while (this.used + length > this.pool.length) {
      const pool = new Uint8Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(buf.subarray(start, end), this.used);
    this.hashes[code] = hash;
    this.offsets[code] = this.used;
    this.lengths[code] = length;
    this.used += length;
    const text = Buffer.from(buf.buffer, buf.byteOffset + start, length).toString("utf8");
    this.strings.push(escaped ? text.replaceAll('""', '"') : text);
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let code = 0; code < this.strings.length; code++) {
      let slot = (this.hashes[code] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = code + 1;
    }
    this.table = table;
  }
}

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
