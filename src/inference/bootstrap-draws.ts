import { type CellStats, emptyCell } from "../core/cell.js";
import type { AttributeMeasurement } from "../core/measure.js";
import type { MetricId, RateMetricId } from "../core/metric-ids.js";
import {
  type MetricContext,
  missingInputs,
  RATE_DEFINITIONS,
  type RateDefinition,
} from "../core/metrics.js";
import { assertMultinomial, type Rng, sampleMultinomialInto } from "../stats/index.js";

/**
 * The bootstrap's resamples of one grouping (see bootstrap.ts for the scheme): every rate metric
 * and the price mean and median of every group and of the whole population, per resample, drawn
 * from one stream in a fixed order so that the table is a pure function of the seed.
 */
export interface ResampleTable {
  metrics: MetricId[];
  /** resample × (groups, overall) × metric, NaN where undefined */
  values: Float64Array;
}

export function drawResamples(
  m: AttributeMeasurement,
  rates: readonly RateMetricId[],
  hasPrice: boolean,
  hasLabel: boolean,
  resamples: number,
  rng: Rng,
): ResampleTable {
  const metrics: MetricId[] = [...rates];
  if (hasPrice) metrics.push("price_mean", "price_median");
  const G = m.groups.length;
  const rows = G + 1;
  const values = new Float64Array(resamples * rows * metrics.length).fill(Number.NaN);

  // Prices over one sorted list of distinct values: each group keeps the positions it uses.
  const distinct = new Set<number>();
  if (hasPrice)
    for (const g of m.groups)
      for (const v of g.stats.price.histogram?.keys() ?? []) distinct.add(v);
  const sorted = [...distinct].sort((a, b) => a - b);
  const position = new Map(sorted.map((v, i) => [v, i]));
  const priced = m.groups.map((g) => {
    const entries = [...(g.stats.price.histogram ?? new Map<number, number>())].sort(
      ([a], [b]) => a - b,
    );
    return {
      count: g.stats.price.count,
      positions: entries.map(([v]) => position.get(v) ?? 0),
      counts: entries.map(([, n]) => n),
    };
  });
  const overallCounts = new Float64Array(sorted.length);
  const hasPriceHistograms = hasPrice && m.groups.every((g) => g.stats.price.histogram !== null);
  const meanAt = metrics.indexOf("price_mean");
  const medianAt = metrics.indexOf("price_median");

  // Scratch space refilled by every resample (a resample's cells and draws are not kept); the
  // weights are checked once here, so the loop draws without re-checking or allocating.
  const cells: CellStats[] = [...m.groups.map(() => emptyCell()), emptyCell()];
  const overall = cells[G] as CellStats;
  const confusion = m.groups.map((g) =>
    hasLabel
      ? [g.stats.tp, g.stats.fp, g.stats.tn, g.stats.fn]
      : [g.stats.selected, g.stats.n - g.stats.selected],
  );
  for (const [i, g] of m.groups.entries()) {
    assertMultinomial(g.stats.n, confusion[i] as number[]);
    const p = priced[i];
    if (hasPriceHistograms && p !== undefined && p.count > 0) assertMultinomial(p.count, p.counts);
  }
  const drawnCells = [0, 0, 0, 0];
  const drawnPrices = priced.map((p) => new Array<number>(p.counts.length).fill(0));
  const groupValues = priced.map((p) => p.positions.map((i) => sorted[i] ?? 0));
  const ctx: MetricContext = { hasDecision: true, hasLabel, hasPrice, totalSelected: 0 };
  // rateValue's numbers without its per-call checks and objects: which inputs a rate lacks does
  // not change between resamples, so a rate without them keeps NaN (undefined) throughout.
  const fractions = rates.map((id) =>
    missingInputs(RATE_DEFINITIONS[id].needs, ctx).length === 0 ? RATE_DEFINITIONS[id] : null,
  );
  const width = metrics.length;
  const sizes = m.groups.map((g) => g.stats.n);
  const prices: PriceDraw = { sorted, overallCounts, sum: 0 };
  // The loop body is small functions, each hot on its own: V8 optimises them early and with
  // complete type feedback, where one large loop was optimised late and deoptimised per phase.
  for (let r = 0; r < resamples; r++) {
    drawCells(rng, sizes, confusion, hasLabel, cells, drawnCells);
    ctx.totalSelected = overall.selected;
    const base = r * rows * width;
    for (let row = 0; row < rows; row++)
      writeRates(cells[row] as CellStats, fractions, ctx, values, base + row * width);
    // Pre-aggregated moments without a histogram cannot be resampled: those intervals stay absent.
    if (hasPriceHistograms) {
      overallCounts.fill(0);
      let overallSum = 0;
      let overallN = 0;
      for (let row = 0; row < G; row++) {
        const p = priced[row] as (typeof priced)[number];
        if (p.count === 0) continue;
        const drawn = drawnPrices[row] as number[];
        drawPrices(rng, p.count, p.counts, p.positions, drawn, prices);
        overallSum += prices.sum;
        overallN += p.count;
        values[base + row * width + meanAt] = prices.sum / p.count;
        values[base + row * width + medianAt] = medianOf(groupValues[row] ?? [], drawn, p.count);
      }
      if (overallN > 0) {
        values[base + G * metrics.length + meanAt] = overallSum / overallN;
        values[base + G * metrics.length + medianAt] = medianOf(sorted, overallCounts, overallN);
      }
    }
  }
  return { metrics, values };
}

/**
 * One resample's confusion cells of every group (the last cell, the overall population, their
 * sums): cells[i] ← Multinomial(n_i, observed cells of group i).
 */
function drawCells(
  rng: Rng,
  sizes: readonly number[],
  confusion: readonly number[][],
  hasLabel: boolean,
  cells: readonly CellStats[],
  drawn: number[],
): void {
  const G = sizes.length;
  const overall = cells[G] as CellStats;
  overall.n = 0;
  overall.selected = 0;
  overall.tp = 0;
  overall.fp = 0;
  overall.tn = 0;
  overall.fn = 0;
  for (let i = 0; i < G; i++) {
    const c = cells[i] as CellStats;
    c.n = sizes[i] as number;
    sampleMultinomialInto(rng, c.n, confusion[i] as number[], drawn);
    if (hasLabel) {
      c.tp = drawn[0] as number;
      c.fp = drawn[1] as number;
      c.tn = drawn[2] as number;
      c.fn = drawn[3] as number;
      c.selected = c.tp + c.fp;
    } else c.selected = drawn[0] as number;
    overall.n += c.n;
    overall.selected += c.selected;
    overall.tp += c.tp;
    overall.fp += c.fp;
    overall.tn += c.tn;
    overall.fn += c.fn;
  }
}

type Fraction = Pick<RateDefinition, "numerator" | "denominator">;

/** A cell's rates into out[at …]; an undefined rate keeps its NaN. */
function writeRates(
  c: CellStats,
  fractions: readonly (Fraction | null)[],
  ctx: MetricContext,
  out: Float64Array,
  at: number,
): void {
  for (let k = 0; k < fractions.length; k++) {
    const fraction = fractions[k];
    if (fraction === null || fraction === undefined) continue;
    const denominator = fraction.denominator(c, ctx);
    if (denominator !== 0) out[at + k] = fraction.numerator(c, ctx) / denominator;
  }
}

interface PriceDraw {
  /** the distinct prices of all groups, ascending */
  sorted: readonly number[];
  /** this resample's count of each of them over all groups */
  overallCounts: Float64Array;
  /** out: the drawn group's sum of prices */
  sum: number;
}

/** One group's prices redrawn into `drawn` (its counts by position), added to the overall counts. */
function drawPrices(
  rng: Rng,
  count: number,
  counts: readonly number[],
  positions: readonly number[],
  drawn: number[],
  draw: PriceDraw,
): void {
  sampleMultinomialInto(rng, count, counts, drawn);
  const { sorted, overallCounts } = draw;
  let sum = 0;
  for (let i = 0; i < drawn.length; i++) {
    const n = drawn[i] as number;
    const at = positions[i] as number;
    sum += n * (sorted[at] as number);
    overallCounts[at] = (overallCounts[at] as number) + n;
  }
  draw.sum = sum;
}

/** Median of a histogram over ascending values (mean of the two middle values for even n). */
function medianOf(values: readonly number[], counts: ArrayLike<number>, n: number): number {
  const lowRank = Math.floor((n - 1) / 2);
  const highRank = Math.floor(n / 2);
  let seen = 0;
  let low: number | null = null;
  for (let i = 0; i < values.length; i++) {
    seen += counts[i] ?? 0;
    const v = values[i] ?? 0;
    if (low === null && seen > lowRank) low = v;
    if (seen > highRank) return low === null ? v : (low + v) / 2;
  }
  return Number.NaN;
}
