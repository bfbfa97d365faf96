import { KeyedValues } from "./key-table.js";

/** Consent given and withheld in one finest cell, its group ids as the loader numbers them. */
export interface ConsentCount {
  ids: number[];
  given: number;
  withheld: number;
}

/** Hot-path counter: one entry per finest cell, keyed like the loader's accumulators. */
export class ConsentCounter {
  private readonly cells = new KeyedValues<ConsentCount>();

  count(key: number | string, ids: readonly number[], given: boolean): void {
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { ids: [...ids], given: 0, withheld: 0 };
      this.cells.add(key, cell);
    }
    if (given) cell.given++;
    else cell.withheld++;
  }

  /** The cells in the order they were first seen. */
  counts(): IterableIterator<ConsentCount> {
    return this.cells.values();
  }
}
