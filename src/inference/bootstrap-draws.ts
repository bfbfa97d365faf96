import { type CellStats, emptyCell } from "../core/cell.js";
import type { AttributeMeasurement } from "../core/measure.js";
import type { MetricId, RateMetricId } from "../core/metric-ids.js";
import {
  type MetricContext,
  missingInputs,
  RATE_DEFINITIONS,
  type RateDefinition,
} from "../core/metrics.js";
import {
  cumulativeCounts,
  EMPTY_RUNS,
  priceMoments,
  type ValueRuns,
  valueAtRank,
} from "../core/price-stats.js";
import {
  assertMultinomial,
  type Rng,
  sampleBeta,
  sampleMultinomialInto,
  sampleNormal,
  sampleUniformOrderPair,
} from "../stats/index.js";

/**
 * The bootstrap's resamples of one grouping (see bootstrap.ts for the scheme): every rate metric
 * and the price mean and median of every group and of the whole population, per resample, drawn
 * in a fixed order (rates from `rng`, prices from `priceRng`) so that the table is a pure function
 * of the seed.
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
  priceRng: Rng,
): ResampleTable {
  const metrics: MetricId[] = [...rates];
  if (hasPrice) metrics.push("price_mean", "price_median");
  const G = m.groups.length;
  const rows = G + 1;
  const values = new Float64Array(resamples * rows * metrics.length).fill(Number.NaN);

  // Prices: each group's (and the population's) median is drawn directly from its order-statistic
  // distribution and its mean from the normal limit of the resampled mean, so a resample costs
  // O(log k) per group whatever the number k of distinct prices (see drawPrice).
  const hasPriceHistograms = hasPrice && m.groups.every((g) => g.stats.price.histogram !== null);
  const priced = hasPriceHistograms
    ? [
        ...m.groups.map((g) => pricedOf(g.stats.price.histogram as ValueRuns, g.stats.price.count)),
        pricedOf(m.overall.stats.price.histogram ?? EMPTY_RUNS, m.overall.stats.price.count),
      ]
    : [];
  const meanAt = metrics.indexOf("price_mean");
  const medianAt = metrics.indexOf("price_median");
  const pair = new Float64Array(2);

  // Scratch space refilled by every resample (a resample's cells and draws are not kept); the
  // weights are checked once here, so the loop draws without re-checking or allocating.
  const cells: CellStats[] = [...m.groups.map(() => emptyCell()), emptyCell()];
  const overall = cells[G] as CellStats;
  const confusion = m.groups.map((g) =>
    hasLabel
      ? [g.stats.tp, g.stats.fp, g.stats.tn, g.stats.fn]
      : [g.stats.selected, g.stats.n - g.stats.selected],
  );
  for (const [i, g] of m.groups.entries()) assertMultinomial(g.stats.n, confusion[i] as number[]);
  const drawnCells = [0, 0, 0, 0];
  const ctx: MetricContext = { hasDecision: true, hasLabel, hasPrice, totalSelected: 0 };
  // rateValue's numbers without its per-call checks and objects: which inputs a rate lacks does
  // not change between resamples, so a rate without them keeps NaN (undefined) throughout.
  const fractions = rates.map((id) =>
    missingInputs(RATE_DEFINITIONS[id].needs, ctx).length === 0 ? RATE_DEFINITIONS[id] : null,
  );
  const width = metrics.length;
  const sizes = m.groups.map((g) => g.stats.n);
  // The loop body is small functions, each hot on its own: V8 optimises them early and with
  // complete type feedback, where one large loop was optimised late and deoptimised per phase.
  for (let r = 0; r < resamples; r++) {
    drawCells(rng, sizes, confusion, hasLabel, cells, drawnCells);
    ctx.totalSelected = overall.selected;
    const base = r * rows * width;
    for (let row = 0; row < rows; row++)
      writeRates(cells[row] as CellStats, fractions, ctx, values, base + row * width);
    // Pre-aggregated moments without a histogram cannot be resampled: those intervals stay absent.
    for (let row = 0; row < priced.length; row++) {
      const p = priced[row] as Priced;
      if (p.count === 0) continue;
      const at = base + row * width;
      values[at + meanAt] = p.mean + p.meanSd * sampleNormal(priceRng);
      values[at + medianAt] = drawMedian(priceRng, p, pair);
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

/** What a group's price draws need, worked out once. */
interface Priced {
  count: number;
  runs: ValueRuns;
  cumulative: Float64Array;
  mean: number;
  /** standard deviation of the resampled mean: √(m2 / n) / √n */
  meanSd: number;
}

function pricedOf(runs: ValueRuns, count: number): Priced {
  const moments = priceMoments({
    count,
    mean: 0,
    m2: 0,
    min: 0,
    max: 0,
    missing: 0,
    histogram: runs,
  }) ?? { mean: 0, m2: 0 };
  return {
    count,
    runs,
    cumulative: cumulativeCounts(runs),
    mean: moments.mean,
    meanSd: count > 0 ? Math.sqrt(moments.m2) / count : 0,
  };
}

/**
 * The median of a resample of n values drawn with replacement from the group's prices, drawn
 * without resampling: the resample's order statistics are F⁻¹(U₍ₖ₎) for uniform order statistics
 * U₍ₖ₎ and F⁻¹ the empirical quantile function, so for odd n the median is F⁻¹(U₍₍ₙ₊₁₎/₂₎) with
 * U₍ₖ₎ ~ Beta(k, n − k + 1), and for even n the mean of F⁻¹ at the two middle uniform order
 * statistics (drawn as a pair). This is the multinomial bootstrap's median exactly in
 * distribution, at O(log k) per draw instead of O(k).
 */
function drawMedian(rng: Rng, p: Priced, pair: Float64Array): number {
  const n = p.count;
  const at = (u: number) =>
    valueAtRank(p.runs, p.cumulative, Math.min(n - 1, Math.max(0, Math.ceil(u * n) - 1)));
  if (n % 2 === 1) {
    const k = (n + 1) / 2;
    return at(sampleBeta(rng, k, n - k + 1));
  }
  sampleUniformOrderPair(rng, n, n / 2, pair);
  return (at(pair[0] as number) + at(pair[1] as number)) / 2;
}
