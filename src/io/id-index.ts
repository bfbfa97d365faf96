/**
 * The join index of the model output: id → row. Campaign ids are usually integers, and a Map of
 * id strings costs ~90 MB of heap per million ids; so while every id is a canonical non-negative
 * integer (no sign, no leading zero) that is not far larger than the number of ids, rows are
 * found through a direct-addressed Int32Array (4 bytes per possible id). The first id that does
 * not fit switches the index, once, to a Map of strings. Equality stays string equality: "007"
 * never matches "7", because "007" is not canonical and is looked up as a string.
 */
export class IdIndex {
  // Shared memory, so that worker threads can join through the same index (parallel-scan.ts).
  private slots: Int32Array | null = sharedInt32(1024).fill(-1);
  private map: Map<string, number> | null = null;
  private count = 0;
  private maxId = -1;

  /** expectedRows: a generous guess of how many ids will come (rows arrive in any order) */
  constructor(private readonly expectedRows = 0) {}

  get(id: string): number | undefined {
    if (this.slots !== null) {
      const n = canonicalInteger(id);
      return n < 0 ? undefined : this.getInteger(n);
    }
    return this.map?.get(id);
  }

  /** `get` for an id that is a canonical integer, without its text */
  getInteger(n: number): number | undefined {
    if (this.slots !== null) {
      if (n >= this.slots.length) return undefined;
      const at = this.slots[n] as number;
      return at === -1 ? undefined : at;
    }
    return this.map?.get(String(n));
  }

  set(id: string, row: number): void {
    const n = this.slots === null ? -1 : canonicalInteger(id);
    if (n >= 0) this.setInteger(n, row);
    else this.setText(id, row);
  }

  /** `set` for an id that is a canonical integer, without its text */
  setInteger(n: number, row: number): void {
    this.count++;
    if (this.slots !== null) {
      // Sparse ids (e.g. hashed) would waste memory: switch when the id range outgrows the count.
      if (n >= 0 && n <= 4 * Math.max(this.count, this.expectedRows) + (1 << 20)) {
        if (n >= this.slots.length) this.grow(n);
        this.slots[n] = row;
        if (n > this.maxId) this.maxId = n;
        return;
      }
      this.toMap();
    }
    this.map?.set(String(n), row);
  }

  private setText(id: string, row: number): void {
    this.count++;
    if (this.slots !== null) this.toMap();
    this.map?.set(id, row);
  }

  /** The id → row array while every id is an integer (-1: no such id), else null. */
  get integerSlots(): Int32Array | null {
    return this.slots;
  }

  /** "integers" while every id was a canonical integer, else "strings" (for the benchmark notes) */
  get mode(): "integers" | "strings" {
    return this.slots === null ? "strings" : "integers";
  }

  private grow(n: number): void {
    const slots = this.slots as Int32Array;
    let size = slots.length;
    while (size <= n) size *= 2;
    const next = sharedInt32(size).fill(-1);
    next.set(slots);
    this.slots = next;
  }

  private toMap(): void {
    const slots = this.slots as Int32Array;
    const map = new Map<string, number>();
    for (let n = 0; n <= this.maxId; n++) {
      const at = slots[n] as number;
      if (at !== -1) map.set(String(n), at);
    }
    this.map = map;
    this.slots = null;
  }
}

function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

/** The integer an id spells in canonical form (digits, no leading zero, < 2^31), else -1. */
export function canonicalInteger(id: string): number {
  const length = id.length;
  if (length === 0 || length > 10) return -1;
  const first = id.charCodeAt(0);
  if (first === 0x30) return length === 1 ? 0 : -1;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const d = id.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n <= 0x7fffffff ? n : -1;
}
