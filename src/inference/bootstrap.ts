import {
  combineWorst,
  compare,
  type Disparity,
  type Interval,
  type Summary,
  summarizeEach,
} from "../core/disparity.js";
import { type AttributeMeasurement, OVERALL } from "../core/measure.js";
import { isRateMetric, type MetricId } from "../core/metric-ids.js";
import { bootstrapPercentileInterval, createRng, createRngFromState } from "../stats/index.js";
import { drawResamples } from "./bootstrap-draws.js";
import type { InferenceOptions } from "./options.js";

/**
 * Percentile-bootstrap intervals for what has no good closed form: equalized odds (the worse of
 * two comparisons), selection-share comparisons (shares of one total are not independent),
 * median differences and ratios, and the between-groups summaries (max − min, min / max) of prices and selection
 * shares. Summaries of the other rates have simultaneous pairwise intervals instead
 * (summary-intervals.ts): the percentile bootstrap of a max or min is inconsistent at ties.
 *
 * Parametric resampling of the accumulators, never of rows: each group's confusion cells
 * [tp, fp, tn, fn] (or [selected, not selected] without a label) are redrawn as
 * Multinomial(n_g, observed cells / n_g); group sizes stay fixed, as in the design of the audit.
 * Every metric is recomputed from the redrawn cells. A group's resampled price median is drawn
 * directly from its distribution under resampling of the group's prices (an order statistic of
 * uniforms through the empirical quantile function: the same distribution as redrawing the price
 * histogram, in O(log k) instead of O(k) for k distinct prices), and its resampled mean from the
 * normal limit N(mean, variance/n). The population's median and mean are drawn the same way from
 * all prices, independently of the groups': against the overall population, median comparisons
 * ignore that a group is part of it, which widens their intervals (conservative). Median
 * comparisons get an interval only when both sides have at least MEDIAN_BOOTSTRAP_MIN prices: the
 * bootstrap of a median is unreliable for smaller samples (few distinct resampled medians). A
 * group's own median has the distribution-free order-statistic interval instead (closed-form.ts).
 * References are held fixed (the interval is conditional on the chosen reference) and so is the
 * set of groups entering a summary.
 *
 * All resamples of an attribute are drawn once, the rates from one xoshiro128** stream seeded with
 * `options.bootstrap.seed` and the prices from a second stream derived from it (so rate intervals
 * do not depend on whether the audit has a price), and every interval of the attribute is read off
 * the same resamples: the result is a pure function of the accumulators and the options.
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
  const table = drawResamples(
    m,
    rates,
    hasPrice,
    hasLabel,
    resamples,
    createRng(seed),
    priceStream(seed),
  );
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
    // Typed arrays, NaN for undefined: an array of numbers and nulls would box every double.
    const differences = new Float64Array(resamples);
    const ratios = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
      const value = stat(r);
      differences[r] = value.difference ?? Number.NaN;
      ratios[r] = value.ratio ?? Number.NaN;
    }
    return [intervalOf((r) => differences[r] as number), intervalOf((r) => ratios[r] as number)];
  };
  const refRow = (reference: string | undefined) => {
    if (reference === undefined) return -1;
    if (reference === OVERALL) return G;
    return m.groups.findIndex((g) => g.group === reference);
  };
  const pricedAt = (row: number) =>
    (row === G ? m.overall.stats : (m.groups[row]?.stats ?? m.overall.stats)).price.count;
  const disparityAt = (r: number, row: number, ref: number, metric: number): Disparity =>
    compare(at(r, row, metric), at(r, ref, metric), "");

  const groups = m.groups.map((g, row) => {
    const metrics = { ...g.metrics };
    const disparities = { ...g.disparities };
    for (const id of ["selection_share", "price_median"] as const) {
      const d = disparities[id];
      const k = index(id);
      const ref = refRow(m.references[id]);
      if (d === undefined || k < 0 || ref < 0 || ref === row) continue;
      if (id === "price_median" && Math.min(pricedAt(row), pricedAt(ref)) < MEDIAN_BOOTSTRAP_MIN)
        continue;
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

  const large = m.groups.flatMap((g, row) => (g.small ? [] : [row]));
  const summaryAt = (r: number, k: number): Summary =>
    summarizeEach(large.length, (i) => at(r, large[i] as number, k));
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
    const bootstrapped = !isRateMetric(id) || id === "selection_share";
    if (s && k >= 0 && s.groups >= 2 && bootstrapped)
      summaries[id] = withIntervals(s, (r) => summaryAt(r, k));
  }

  return { ...m, groups, overall: { ...m.overall, metrics: overallMetrics }, summaries };
}

/** Fewest prices on each side for a bootstrap interval of a median difference or ratio. */
export const MEDIAN_BOOTSTRAP_MIN = 20;

/** The price draws' stream, seeded from outputs of the seed's own stream past the first four. */
function priceStream(seed: number) {
  const seeder = createRng(seed);
  for (let i = 0; i < 4; i++) seeder.nextUint32();
  const w = [seeder.nextUint32(), seeder.nextUint32(), seeder.nextUint32(), seeder.nextUint32()];
  const [a = 0, b = 0, c = 0, d = 1] = w;
  return createRngFromState((a | b | c | d) === 0 ? [1, 0, 0, 0] : [a, b, c, d]);
}
