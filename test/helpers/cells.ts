import { addObservation, type CellStats, emptyCell } from "../../src/core/cell.js";

/** A cell with the given confusion counts (no price). */
export function cellOf(counts: { tp?: number; fp?: number; tn?: number; fn?: number }): CellStats {
  const c = emptyCell();
  const add = (n: number | undefined, decision: 0 | 1, label: 0 | 1) => {
    for (let i = 0; i < (n ?? 0); i++) addObservation(c, decision, label, Number.NaN);
  };
  add(counts.tp, 1, 1);
  add(counts.fp, 1, 0);
  add(counts.tn, 0, 0);
  add(counts.fn, 0, 1);
  return c;
}
