import { mergeRuns, runsFromSorted, type ValueRuns } from "../core/price-stats.js";

/** Distinct values past which a table that keeps finding new values stops hashing. */
const HASH_LIMIT = 1 << 12;
/** Values per chunk of the raw store: between these bounds, a quarter of the values so far. */
const MIN_CHUNK = 1 << 14;
const MAX_CHUNK = 1 << 18;

/**
 * The prices of one cell on the hot path, handed on as sorted runs (`runs()`).
 *
 * While values repeat (price tiers, a few hundred fees) they are counted: open addressing over
 * typed arrays, one probe per row where a Map needs a get and a set. When the table has grown past
 * HASH_LIMIT distinct values and more than a quarter of the values seen so far were new (continuous
 * prices), counting would cost 32–64 bytes per distinct value; from then on values are appended
 * to chunks of a Float64Array instead (8 bytes per value, no hashing) and sorted once at the end
 * (the typed array's native numeric sort). Keys follow Map's SameValueZero: -0 and 0 are one value.
 */
export class ValueCounts {
  private keys = new Float64Array(64);
  private counts = new Float64Array(64);
  private size = 0;
  private seen = 0;
  /** full chunks of appended values, then the one being filled */
  private chunks: Float64Array[] | null = null;
  private chunk = new Float64Array(0);
  private fill = 0;
  /** values in full chunks */
  private appended = 0;

  add(x: number): void {
    const value = x + 0; // -0 + 0 is 0
    if (this.chunks !== null) {
      if (this.fill === this.chunk.length) this.nextChunk();
      this.chunk[this.fill++] = value;
      return;
    }
    this.seen++;
    // Grow before probing, so that the probe loop makes no call (it stays fast in V8).
    if ((this.size + 1) * 2 > this.keys.length) {
      if (this.size >= HASH_LIMIT && this.size * 4 > this.seen) {
        this.chunks = [];
        this.nextChunk();
        this.chunk[this.fill++] = value;
        return;
      }
      this.grow();
    }
    const keys = this.keys;
    const counts = this.counts;
    const mask = keys.length - 1;
    let slot = hashOf(value) & mask;
    for (;;) {
      const count = counts[slot] as number;
      if (count === 0) {
        keys[slot] = value;
        counts[slot] = 1;
        this.size++;
        return;
      }
      if (keys[slot] === value) {
        counts[slot] = count + 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Every value and its count, ascending. */
  runs(): ValueRuns {
    // The distinct values sorted natively, then each one's count found again by its probe.
    const { keys, counts } = this;
    const values = new Float64Array(this.size);
    let k = 0;
    for (let slot = 0; slot < keys.length; slot++)
      if (counts[slot] !== 0) values[k++] = keys[slot] as number;
    values.sort();
    const found = new Float64Array(values.length);
    const mask = keys.length - 1;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      let slot = hashOf(value) & mask;
      while (keys[slot] !== value || counts[slot] === 0) slot = (slot + 1) & mask;
      found[i] = counts[slot] as number;
    }
    const hashed: ValueRuns = { values, counts: found };
    if (this.chunks === null) return hashed;
    let total = this.fill;
    for (const c of this.chunks) total += c.length;
    const raw = new Float64Array(total);
    let at = 0;
    for (const c of this.chunks) {
      raw.set(c, at);
      at += c.length;
    }
    raw.set(this.chunk.subarray(0, this.fill), at);
    raw.sort();
    return mergeRuns(hashed, runsFromSorted(raw));
  }

  private nextChunk(): void {
    if (this.chunks === null) return;
    if (this.chunk.length > 0) this.chunks.push(this.chunk);
    // A quarter of the values so far, within bounds: at most 25% (or one small chunk) unused.
    this.appended += this.chunk.length;
    this.chunk = new Float64Array(
      Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, (this.seen + this.appended) >> 2)),
    );
    this.fill = 0;
  }

  private grow(): void {
    const { keys, counts } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.counts = new Float64Array(keys.length * 2);
    this.size = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      const count = counts[slot] as number;
      if (count !== 0) this.insert(keys[slot] as number, count);
    }
  }

  private insert(value: number, count: number): void {
    const mask = this.keys.length - 1;
    let slot = hashOf(value) & mask;
    while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
    this.keys[slot] = value;
    this.counts[slot] = count;
    this.size++;
  }
}

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

function hashOf(value: number): number {
  bits[0] = value;
  const h = Math.imul((words[0] as number) ^ Math.imul(words[1] as number, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 16);
}
