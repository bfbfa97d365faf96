import { type FactorMoments, mergeFactorMoments } from "./factor-moments.js";
import {
  addPrice,
  EMPTY_RUNS,
  emptyPriceStats,
  mergeManyRuns,
  mergePriceStats,
  type PriceStats,
  type ValueRuns,
} from "./price-stats.js";

/**
 * Per-group sufficient statistics. Every metric is a pure function of these numbers,
 * and cells merge by addition, so files, shards, workers and database GROUP BY results combine.
 * When the audit has no label, tp/fp/tn/fn stay 0 and only n and selected carry information.
 */
export interface CellStats {
  n: number;
  selected: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  price: PriceStats;
  /** regression moments of the priced rows over the declared pricing factors, when declared */
  factors?: FactorMoments;
}

export function emptyCell(): CellStats {
  return { n: 0, selected: 0, tp: 0, fp: 0, tn: 0, fn: 0, price: emptyPriceStats() };
}

/**
 * Hot-path update of an accumulator owned by the caller.
 * label: 1, 0 or -1 (the audit has no label); price: NaN when the row has none.
 */
export function addObservation(
  c: CellStats,
  decision: 0 | 1,
  label: -1 | 0 | 1,
  price: number,
): void {
  addOutcome(c, decision, label);
  if (Number.isNaN(price)) c.price.missing += 1;
  else addPrice(c.price, price);
}

/** `addObservation` without the price, for a caller that adds it itself. */
export function addOutcome(c: CellStats, decision: 0 | 1, label: -1 | 0 | 1): void {
  c.n += 1;
  c.selected += decision;
  if (label === 1) {
    if (decision === 1) c.tp += 1;
    else c.fn += 1;
  } else if (label === 0) {
    if (decision === 1) c.fp += 1;
    else c.tn += 1;
  }
}

/** The monoid's operation: associative, with emptyCell() as identity. Returns a new value. */
export function mergeCells(a: CellStats, b: CellStats): CellStats {
  return {
    n: a.n + b.n,
    selected: a.selected + b.selected,
    tp: a.tp + b.tp,
    fp: a.fp + b.fp,
    tn: a.tn + b.tn,
    fn: a.fn + b.fn,
    price: mergePriceStats(a.price, b.price),
    ...(a.factors || b.factors ? { factors: mergeFactorMoments(a.factors, b.factors) } : {}),
  };
}

/**
 * Merges many cells by pairs in a balanced tree: price histograms merge in O(N log m) for N
 * distinct prices over m cells, where a fold costs O(N m). Counts add exactly in any order.
 */
export function mergeAll(cells: Iterable<CellStats>): CellStats {
  const all = [...cells];
  // Everything but the histograms by pairs (cheap), then all histograms in one merge.
  let level: CellStats[] = all.map((c) => ({ ...c, price: { ...c.price, histogram: EMPTY_RUNS } }));
  if (level.length === 0) return emptyCell();
  while (level.length > 1) {
    const next: CellStats[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as CellStats;
      const b = level[i + 1];
      next.push(b === undefined ? a : mergeCells(a, b));
    }
    level = next;
  }
  const total = mergeCells(emptyCell(), level[0] as CellStats);
  const histograms = all.map((c) => c.price.histogram);
  total.price.histogram = histograms.every((h) => h !== null)
    ? mergeManyRuns(histograms as ValueRuns[])
    : null;
  return total;
}
