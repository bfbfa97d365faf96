/**
 * value → count for the hot path of the price histogram: open addressing over typed arrays, one
 * probe per row where a Map needs a get and a set. The audit hands the counts on as the Map that
 * PriceStats keeps (`addTo`). Keys follow Map's SameValueZero: -0 and 0 are one value.
 */
export class ValueCounts {
  private keys = new Float64Array(64);
  private counts = new Float64Array(64);
  private size = 0;

  add(x: number): void {
    // Grow before probing, so that the probe loop makes no call (it stays fast in V8).
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const value = x + 0; // -0 + 0 is 0
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

  /** Adds every value's count into `histogram`. */
  addTo(histogram: Map<number, number>): void {
    const { keys, counts } = this;
    for (let slot = 0; slot < keys.length; slot++) {
      const count = counts[slot] as number;
      if (count !== 0) {
        const value = keys[slot] as number;
        histogram.set(value, (histogram.get(value) ?? 0) + count);
      }
    }
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
