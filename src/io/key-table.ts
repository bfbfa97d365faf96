/**
 * Numeric keys → values by open addressing over a typed array of keys: the row path looks up each
 * row's cell by its numeric key, and a `Map` get per row cost about a tenth of the row path
 * (`npm run bench:rows`). Keys are exact integers below 2^53 (cell keys, cell-key.ts); values are
 * never undefined. Lookups only; the caller keeps its own ordered collection.
 */
export class KeyTable<V> {
  private keys = new Float64Array(1024);
  private values: (V | undefined)[] = new Array(1024);
  private size = 0;

  get(key: number): V | undefined {
    const keys = this.keys;
    const mask = keys.length - 1;
    let slot = slotOf(key, mask);
    for (;;) {
      const value = this.values[slot];
      if (value === undefined || keys[slot] === key) return value;
      slot = (slot + 1) & mask;
    }
  }

  /** Adds a key that is not in the table yet. */
  add(key: number, value: V): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    this.place(key, value);
    this.size++;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Array(keys.length * 2);
    for (let slot = 0; slot < keys.length; slot++) {
      const value = values[slot];
      if (value !== undefined) this.place(keys[slot] as number, value);
    }
  }

  private place(key: number, value: V): void {
    const mask = this.keys.length - 1;
    let slot = slotOf(key, mask);
    while (this.values[slot] !== undefined) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.values[slot] = value;
  }
}

/** A key's home slot: both 32-bit halves mixed, since keys may exceed 2^32. */
function slotOf(key: number, mask: number): number {
  const h = Math.imul((key | 0) ^ Math.imul((key / 4294967296) | 0, 0x85ebca6b), 0x9e3779b1);
  return (h ^ (h >>> 15)) & mask;
}

/**
 * Values by cell key (a number, or a string when numeric keys would not be exact), in the order
 * they were added: a `Map` for the order and the string keys, a KeyTable for the per-row lookup
 * of numeric ones.
 */
export class KeyedValues<V> {
  private readonly byKey = new Map<number | string, V>();
  private readonly byNumber = new KeyTable<V>();

  get(key: number | string): V | undefined {
    return typeof key === "number" ? this.byNumber.get(key) : this.byKey.get(key);
  }

  /** Adds a key that is not there yet. */
  add(key: number | string, value: V): void {
    this.byKey.set(key, value);
    if (typeof key === "number") this.byNumber.add(key, value);
  }

  /** The values in the order they were added. */
  values(): IterableIterator<V> {
    return this.byKey.values();
  }
}
