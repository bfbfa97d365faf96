import type { Disparity, Interval, IntervalTestAgreement } from "../core/disparity.js";
import { type AttributeMeasurement, type GroupMeasurement, OVERALL } from "../core/measure.js";
import { isPriceMetric, type MetricId, type RateMetricId } from "../core/metric-ids.js";
import type { MetricValue } from "../core/metrics.js";
import {
  cumulativeCounts,
  type PriceStats,
  priceMoments,
  subtractRuns,
  valueAtRank,
} from "../core/price-stats.js";
import {
  type IntervalEstimate,
  katzRatioInterval,
  koopmanRatioInterval,
  logRatioOfMeansInterval,
  mannWhitneyTest,
  medianOrderStatisticRanks,
  newcombeDifferenceInterval,
  type Outcome,
  rateTest,
  type SampleSummary,
  standardizedMeanDifference,
  welchTest,
  wilsonInterval,
} from "../stats/index.js";
import { oneSampleMeanInterval } from "../stats/one-sample.js";
import type { InferenceOptions } from "./options.js";

/**
 * Closed-form intervals and tests of one grouping: Wilson intervals of rates, Newcombe and
 * Koopman score intervals of rate differences and ratios (Katz's log method on request), Fisher / chi-square tests, t intervals of mean prices,
 * Welch and Mann–Whitney tests, the log ratio of means and the standardized mean difference.
 *
 * Against the overall population (reference "(overall)") the group is part of its own reference,
 * so two-sample methods compare it with the REST of the population instead: H0 "group = overall"
 * is the same hypothesis as "group = rest", and with w the group's share of the denominator,
 *   p_g − p_all = (1 − w)(p_g − p_rest),   p_g / p_all = 1 / (w + (1 − w) / (p_g / p_rest)),
 * both increasing in the group-versus-rest comparison, so its interval maps exactly onto an
 * interval of the reported difference and ratio. Pure; returns a new measurement.
 */
export function inferClosedForm(
  m: AttributeMeasurement,
  options: InferenceOptions,
): AttributeMeasurement {
  const groups = m.groups.map((g) => inferGroup(g, m, options));
  const overallMetrics = withValueIntervals(m.overall.metrics, m.overall.stats.price, options);
  return { ...m, groups, overall: { ...m.overall, metrics: overallMetrics } };
}

function inferGroup(
  g: GroupMeasurement,
  m: AttributeMeasurement,
  options: InferenceOptions,
): GroupMeasurement {
  const metrics = withValueIntervals(g.metrics, g.stats.price, options);
  const disparities: GroupMeasurement["disparities"] = { ...g.disparities };
  for (const id of Object.keys(g.metrics) as MetricId[]) {
    const d = g.disparities[id];
    if (d === undefined || d.reference === g.group || id === "selection_share") continue;
    disparities[id] = isPriceMetric(id)
      ? priceDisparity(id, d, g, m, options)
      : rateDisparity(id, d, g, m, options);
  }
  // Demographic parity and equal opportunity are the selection-rate and TPR comparisons.
  if (disparities.demographic_parity && disparities.selection_rate)
    disparities.demographic_parity = disparities.selection_rate;
  if (disparities.equal_opportunity && disparities.tpr)
    disparities.equal_opportunity = disparities.tpr;
  return { ...g, metrics, disparities };
}

function withValueIntervals(
  metrics: Partial<Record<MetricId, MetricValue>>,
  price: PriceStats,
  options: InferenceOptions,
): Partial<Record<MetricId, MetricValue>> {
  const out: Partial<Record<MetricId, MetricValue>> = {};
  for (const [id, v] of Object.entries(metrics) as [MetricId, MetricValue][]) {
    let interval: Interval | null = null;
    if (v.value !== null && v.numerator !== undefined && v.denominator !== undefined) {
      interval = wilsonInterval(v.numerator, v.denominator, options.confidence);
    } else if (id === "price_mean" && v.value !== null) {
      const s = sampleSummary(price);
      interval = s === null ? null : oneSampleMeanInterval(s, options.confidence);
    } else if (id === "price_median" && v.value !== null) {
      interval = medianInterval(price, options.confidence);
    }
    out[id] = interval === null ? v : { ...v, interval };
  }
  return out;
}

/**
 * The distribution-free order-statistic interval of a median (exact binomial, as SciPy's
 * quantile_test): none below 6 prices at 95% (medianOrderStatisticRanks says why).
 */
function medianInterval(price: PriceStats, confidence: number): Interval | null {
  if (price.histogram === null) return null;
  const ranks = medianOrderStatisticRanks(price.count, confidence);
  if (ranks.value === null) return null;
  const cumulative = cumulativeCounts(price.histogram);
  return {
    low: valueAtRank(price.histogram, cumulative, ranks.value.low),
    high: valueAtRank(price.histogram, cumulative, ranks.value.high),
  };
}

/** The comparison group: the reference group, or the rest of the population. */
interface Other {
  numerator: number;
  denominator: number;
  /** the group's share of the overall denominator when the reference is the population, else 0 */
  share: number;
}

function rateOther(
  id: RateMetricId,
  g: GroupMeasurement,
  m: AttributeMeasurement,
  reference: string,
): Other | null {
  const mine = g.metrics[id];
  if (mine?.numerator === undefined || mine.denominator === undefined) return null;
  if (reference === OVERALL) {
    const all = m.overall.metrics[id];
    if (all?.numerator === undefined || all.denominator === undefined || all.denominator === 0)
      return null;
    return {
      numerator: all.numerator - mine.numerator,
      denominator: all.denominator - mine.denominator,
      share: mine.denominator / all.denominator,
    };
  }
  const ref = m.groups.find((x) => x.group === reference)?.metrics[id];
  if (ref?.numerator === undefined || ref.denominator === undefined) return null;
  return { numerator: ref.numerator, denominator: ref.denominator, share: 0 };
}

function rateDisparity(
  id: RateMetricId,
  d: Disparity,
  g: GroupMeasurement,
  m: AttributeMeasurement,
  options: InferenceOptions,
): Disparity {
  const mine = g.metrics[id];
  const other = rateOther(id, g, m, d.reference);
  if (other === null || mine?.numerator === undefined || mine.denominator === undefined) return d;
  const x1 = mine.numerator;
  const n1 = mine.denominator;
  const { numerator: x2, denominator: n2, share: w } = other;
  if (n1 === 0 || n2 === 0) return d;
  const out: Disparity = { ...d };
  const test = rateTest(
    x1,
    n1 - x1,
    x2,
    n2 - x2,
    options.rateTest === "auto" ? undefined : options.rateTest,
  );
  out.test = test.test;
  out.pValue = test.pValue;
  const diff = newcombeDifferenceInterval(x1, n1, x2, n2, options.confidence);
  if (diff !== null && d.difference !== null) {
    out.differenceInterval = { low: (1 - w) * diff.low, high: (1 - w) * diff.high };
  }
  const ratio = ratioInterval(x1, n1, x2, n2, options);
  if (ratio.value !== null && d.ratio !== null) {
    out.ratioInterval = {
      low: toOverallRatio(ratio.value.low, w),
      high: toOverallRatio(ratio.value.high, w),
    };
  }
  out.agreement = agreementOf(out, 1 - options.confidence);
  return out;
}

/**
 * Does each interval exclude "no gap" exactly when the test rejects at α? The score intervals
 * invert Pearson's chi-square test, so they agree with `chi2`; Fisher's exact test (small
 * expected counts) and the Katz, Newcombe or Yates alternatives can disagree at the margin.
 */
export function agreementOf(d: Disparity, alpha: number): IntervalTestAgreement {
  const out: IntervalTestAgreement = {};
  if (d.pValue === undefined) return out;
  const rejects = d.pValue < alpha;
  const di = d.differenceInterval;
  if (di !== undefined) out.difference = (di.low > 0 || di.high < 0) === rejects;
  const ri = d.ratioInterval;
  if (ri !== undefined) out.ratio = (ri.low > 1 || ri.high < 1) === rejects;
  return out;
}

/** The ratio interval by the configured method (docs/statistics.md). */
function ratioInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  options: InferenceOptions,
): Outcome<IntervalEstimate> {
  if (options.ratioInterval === "koopman")
    return koopmanRatioInterval(x1, n1, x2, n2, options.confidence);
  const katz = katzRatioInterval(x1, n1, x2, n2, options.confidence);
  // With no events in the group the observed ratio is 0, and so is the honest lower bound.
  if (katz.value === null || x1 !== 0) return katz;
  return { value: { ...katz.value, low: 0 } };
}

/** ρ = group / rest ↦ group / overall, with w the group's share: increasing in ρ. */
function toOverallRatio(rho: number, w: number): number {
  if (w === 0) return rho;
  if (rho === 0) return 0;
  // ρ = ∞ (no events in the rest): the group holds them all, p_g / p_all = 1 / w.
  return 1 / (w + (1 - w) / rho);
}

export function sampleSummary(p: PriceStats): SampleSummary | null {
  const moments = priceMoments(p);
  if (moments === null) return null;
  return {
    count: p.count,
    mean: moments.mean,
    variance: p.count > 1 ? moments.m2 / (p.count - 1) : 0,
  };
}

/** The population without one group: counts and histogram subtract exactly. */
export function restPrice(all: PriceStats, group: PriceStats): PriceStats {
  const histogram =
    all.histogram !== null && group.histogram !== null
      ? subtractRuns(all.histogram, group.histogram)
      : null;
  const count = all.count - group.count;
  // Moments by reverse Chan et al. update; replaced by the histogram's when there is one.
  const mean = count > 0 ? (all.mean * all.count - group.mean * group.count) / count : 0;
  const m2 =
    count > 0
      ? all.m2 - group.m2 - ((group.mean - mean) ** 2 * group.count * count) / all.count
      : 0;
  return {
    count,
    mean,
    m2: Math.max(0, m2),
    min: all.min,
    max: all.max,
    missing: all.missing - group.missing,
    histogram,
  };
}

function priceDisparity(
  id: "price_mean" | "price_median",
  d: Disparity,
  g: GroupMeasurement,
  m: AttributeMeasurement,
  options: InferenceOptions,
): Disparity {
  const overall = d.reference === OVERALL;
  const otherPrice = overall
    ? restPrice(m.overall.stats.price, g.stats.price)
    : m.groups.find((x) => x.group === d.reference)?.stats.price;
  if (otherPrice === undefined) return d;
  const out: Disparity = { ...d };
  if (id === "price_median") {
    if (g.stats.price.histogram === null || otherPrice.histogram === null) return d;
    const mw = mannWhitneyTest(g.stats.price.histogram, otherPrice.histogram);
    if (mw.value !== null) {
      out.test = "mann_whitney";
      out.pValue = mw.value.pValue;
    }
    return out;
  }
  const s1 = sampleSummary(g.stats.price);
  const s2 = sampleSummary(otherPrice);
  if (s1 === null || s2 === null) return d;
  const w = overall ? s1.count / (s1.count + s2.count) : 0;
  const welch = welchTest(s1, s2, options.confidence);
  if (welch.value !== null) {
    out.test = "welch";
    out.pValue = welch.value.pValue;
    if (d.difference !== null) {
      out.differenceInterval = {
        low: (1 - w) * welch.value.interval.low,
        high: (1 - w) * welch.value.interval.high,
      };
    }
  }
  const ratio = logRatioOfMeansInterval(s1, s2, options.confidence);
  if (ratio.value !== null && d.ratio !== null) {
    out.ratioInterval = {
      low: toOverallRatio(ratio.value.low, w),
      high: toOverallRatio(ratio.value.high, w),
    };
  }
  const smd = standardizedMeanDifference(s1, s2, options.confidence);
  if (smd.value !== null) {
    out.standardized = { estimate: smd.value.estimate, low: smd.value.low, high: smd.value.high };
  }
  return out;
}
