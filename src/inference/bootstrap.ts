import { type CellStats, emptyCell } from "../core/cell.js";
import {
  combineSummaries,
  combineWorst,
  compare,
  type Disparity,
  type Interval,
  type Summary,
  summarize,
} from "../core/disparity.js";
import { type AttributeMeasurement, OVERALL } from "../core/measure.js";
import { isRateMetric, type MetricId, type RateMetricId } from "../core/metric-ids.js";
import { type MetricContext, rateValue } from "../core/metrics.js";
import {
  assertMultinomial,
  bootstrapPercentileInterval,
  createRng,
  type Rng,
  sampleMultinomialInto,
} from "../stats/index.js";
import type { InferenceOptions } from "./options.js";

/**
 * Percentile-bootstrap intervals for what has no good closed form: equalized odds (the worse of
 * two comparisons), selection-share comparisons (shares of one total are not independent),
 * medians, and between-groups summaries (max − min, min / max).
 *
 * Parametric resampling of the accumulators, never of rows: each group's confusion cells
 * [tp, fp, tn, fn] (or [selected, not selected] without a label) are redrawn as
 * Multinomial(n_g, observed cells / n_g), and its price histogram as Multinomial(count_g,
 * observed counts / count_g); group sizes stay fixed, as in the design of the audit. Every
 * metric is recomputed from the redrawn cells. References are held fixed (the interval is
 * conditional on the chosen reference) and so is the set of groups entering a summary.
 *
 * All resamples of an attribute are drawn once from one xoshiro128** stream seeded with
 * `options.bootstrap.seed`, and every interval of the attribute is read off the same resamples:
 * the result is a pure function of the accumulators and the options.
 */
export function inferBootstrap(
  m: AttributeMeasurement,
  options: InferenceOptions,
): AttributeMeasurement {
  const { resamples, seed } = options.bootstrap;
  const first = m.groups[0];
  if (resamples === 0 || first === undefined) return m;
  const metricIds = Object.keys(first.metrics) as MetricId[];
  const rates = metricIds.filter(isRateMetric);
  const hasPrice = metricIds.includes("price_mean");
  const hasLabel = first.metrics.base_rate !== undefined;
  const table = drawResamples(m, rates, hasPrice, hasLabel, resamples, createRng(seed));
  const G = m.groups.length;
  const rows = G + 1; // the groups, then the overall population
  const at = (r: number, row: number, metric: number): number | null => {
    const v = table.values[(r * rows + row) * table.metrics.length + metric];
    return v === undefined || Number.isNaN(v) ? null : v;
  };
  const index = (id: MetricId) => table.metrics.indexOf(id);
  const intervalOf = (stat: (r: number) => number | null): Interval | undefined => {
    let r = 0;
    const out = bootstrapPercentileInterval(() => stat(r++), {
      resamples,
      seed,
      confidence: options.confidence,
    });
    return out.value === null ? undefined : { low: out.value.low, high: out.value.high };
  };
  /**
   * The difference and ratio intervals of one statistic, which is worked out once per resample
   * for both (it is the costly part: a comparison or a summary over the groups).
   */
  const intervalsOf = (
    stat: (r: number) => { difference: number | null; ratio: number | null },
  ): [Interval | undefined, Interval | undefined] => {
    const differences = new Array<number | null>(resamples);
    const ratios = new Array<number | null>(resamples);
    for (let r = 0; r < resamples; r++) {
      const value = stat(r);
      differences[r] = value.difference;
      ratios[r] = value.ratio;
    }
    return [intervalOf((r) => differences[r] ?? null), intervalOf((r) => ratios[r] ?? null)];
  };
  const refRow = (reference: string | undefined) => {
    if (reference === undefined) return -1;
    if (reference === OVERALL) return G;
    return m.groups.findIndex((g) => g.group === reference);
  };
  const disparityAt = (r: number, row: number, ref: number, metric: number): Disparity =>
    compare(at(r, row, metric), at(r, ref, metric), "");

  const groups = m.groups.map((g, row) => {
    const metrics = { ...g.metrics };
    const disparities = { ...g.disparities };
    const median = index("price_median");
    const medianValue = metrics.price_median;
    if (median >= 0 && medianValue && medianValue.value !== null) {
      const interval = intervalOf((r) => at(r, row, median));
      if (interval) metrics.price_median = { ...medianValue, interval };
    }
    for (const id of ["selection_share", "price_median"] as const) {
      const d = disparities[id];
      const k = index(id);
      const ref = refRow(m.references[id]);
      if (d === undefined || k < 0 || ref < 0 || ref === row) continue;
      const out: Disparity = { ...d };
      const [di, ri] = intervalsOf((r) => disparityAt(r, row, ref, k));
      if (di && d.difference !== null) out.differenceInterval = di;
      if (ri && d.ratio !== null) out.ratioInterval = ri;
      disparities[id] = out;
    }
    const eo = disparities.equalized_odds;
    const tpr = index("tpr");
    const fpr = index("fpr");
    const ref = refRow(m.references.equalized_odds);
    if (eo && tpr >= 0 && fpr >= 0 && ref >= 0 && ref !== row) {
      const worst = (r: number) =>
        combineWorst(disparityAt(r, row, ref, tpr), disparityAt(r, row, ref, fpr));
      const out: Disparity = { ...eo };
      const [di, ri] = intervalsOf(worst);
      if (di && eo.difference !== null) out.differenceInterval = di;
      if (ri && eo.ratio !== null) out.ratioInterval = ri;
      disparities.equalized_odds = out;
    }
    return { ...g, metrics, disparities };
  });

  const overallMetrics = { ...m.overall.metrics };
  const median = index("price_median");
  const overallMedian = overallMetrics.price_median;
  if (median >= 0 && overallMedian && overallMedian.value !== null) {
    const interval = intervalOf((r) => at(r, G, median));
    if (interval) overallMetrics.price_median = { ...overallMedian, interval };
  }

  const large = m.groups.flatMap((g, row) => (g.small ? [] : [row]));
  const summaryAt = (r: number, k: number): Summary => summarize(large.map((row) => at(r, row, k)));
  const summaries = { ...m.summaries };
  const withIntervals = (s: Summary, stat: (r: number) => Summary): Summary => {
    const out: Summary = { ...s };
    const [di, ri] = intervalsOf((r) => {
      const summary = stat(r);
      return { difference: summary.maxDifference, ratio: summary.minRatio };
    });
    if (di && s.maxDifference !== null) out.differenceInterval = di;
    if (ri && s.minRatio !== null) out.ratioInterval = ri;
    return out;
  };
  for (const id of metricIds) {
    const s = summaries[id];
    const k = index(id);
    if (s && k >= 0 && s.groups >= 2) summaries[id] = withIntervals(s, (r) => summaryAt(r, k));
  }
  const eoSummary = summaries.equalized_odds;
  const tpr = index("tpr");
  const fpr = index("fpr");
  if (eoSummary && tpr >= 0 && fpr >= 0 && eoSummary.groups >= 2) {
    summaries.equalized_odds = withIntervals(eoSummary, (r) =>
      combineSummaries(summaryAt(r, tpr), summaryAt(r, fpr)),
    );
  }
  if (summaries.demographic_parity && summaries.selection_rate)
    summaries.demographic_parity = summaries.selection_rate;
  if (summaries.equal_opportunity && summaries.tpr) summaries.equal_opportunity = summaries.tpr;

  return { ...m, groups, overall: { ...m.overall, metrics: overallMetrics }, summaries };
}

interface ResampleTable {
  metrics: MetricId[];
  /** resample × (groups, overall) × metric, NaN where undefined */
  values: Float64Array;
}

function drawResamples(
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
  const width = metrics.length;
  for (let r = 0; r < resamples; r++) {
    overall.n = 0;
    overall.selected = 0;
    overall.tp = 0;
    overall.fp = 0;
    overall.tn = 0;
    overall.fn = 0;
    for (let i = 0; i < G; i++) {
      const g = (m.groups[i] as (typeof m.groups)[number]).stats;
      const c = cells[i] as CellStats;
      c.n = g.n;
      sampleMultinomialInto(rng, g.n, confusion[i] as number[], drawnCells);
      if (hasLabel) {
        c.tp = drawnCells[0] as number;
        c.fp = drawnCells[1] as number;
        c.tn = drawnCells[2] as number;
        c.fn = drawnCells[3] as number;
        c.selected = c.tp + c.fp;
      } else c.selected = drawnCells[0] as number;
      overall.n += c.n;
      overall.selected += c.selected;
      overall.tp += c.tp;
      overall.fp += c.fp;
      overall.tn += c.tn;
      overall.fn += c.fn;
    }
    ctx.totalSelected = overall.selected;
    const base = r * rows * width;
    for (let row = 0; row < rows; row++) {
      const c = cells[row] as CellStats;
      for (let k = 0; k < rates.length; k++) {
        const v = rateValue(rates[k] as RateMetricId, c, ctx).value;
        if (v !== null) values[base + row * width + k] = v;
      }
    }
    // Pre-aggregated moments without a histogram cannot be resampled: those intervals stay absent.
    if (hasPriceHistograms) {
      overallCounts.fill(0);
      let overallSum = 0;
      let overallN = 0;
      for (let row = 0; row < G; row++) {
        const p = priced[row] as (typeof priced)[number];
        if (p.count === 0) continue;
        const drawn = drawnPrices[row] as number[];
        sampleMultinomialInto(rng, p.count, p.counts, drawn);
        let sum = 0;
        for (let i = 0; i < drawn.length; i++) {
          const n = drawn[i] as number;
          const at = p.positions[i] ?? 0;
          sum += n * (sorted[at] ?? 0);
          overallCounts[at] = (overallCounts[at] ?? 0) + n;
        }
        overallSum += sum;
        overallN += p.count;
        values[base + row * width + meanAt] = sum / p.count;
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
