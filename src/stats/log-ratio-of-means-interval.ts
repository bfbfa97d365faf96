import { normalCriticalValue } from "./normal-quantile.js";
import { available, type IntervalEstimate, type Outcome, unavailable } from "./outcome.js";
import { assertSummary, requireTwoObservations, type SampleSummary } from "./sample-summary.js";
import { assertConfidence } from "./validate.js";

export interface RatioOfMeans extends IntervalEstimate {
  /** Delta-method standard error of log(mean1 / mean2). */
  readonly logStandardError: number;
}

/**
 * Ratio of two independent means, mean1 / mean2 (e.g. average offer price of
 * one group relative to a reference group), with a delta-method interval
 * built on the log scale and transformed back, so it is asymmetric and
 * always positive:
 *
 *   Var(log x̄) ≈ v / (n · x̄²)       (first-order delta method)
 *   log(m1/m2) ± z · √(v1/(n1 m1²) + v2/(n2 m2²))
 *
 * Hedges, L. V., Gurevitch, J. & Curtis, P. S. (1999). The meta-analysis of
 * response ratios in experimental ecology. Ecology 80, 1150–1156, eq. (1)–(2).
 * The approximation needs means well away from 0 relative to their standard
 * errors (x̄/SE ≳ 3, Hedges et al. 1999), which holds for prices.
 *
 * Unavailable when a group has fewer than 2 observations or a mean is not
 * strictly positive (the log is undefined), and when both variances are zero:
 * constant prices in both groups give no standard error, and a zero-width
 * interval at the ratio would claim certainty the data do not give.
 */
export function logRatioOfMeansInterval(
  s1: SampleSummary,
  s2: SampleSummary,
  confidence: number,
): Outcome<RatioOfMeans> {
  assertSummary(s1, "s1");
  assertSummary(s2, "s2");
  assertConfidence(confidence);
  const enough = requireTwoObservations(s1, s2);
  if (enough.value === null) {
    return enough;
  }
  if (!(s1.mean > 0 && s2.mean > 0)) {
    return unavailable("both means must be positive for a ratio on the log scale");
  }
  const logRatio = Math.log(s1.mean) - Math.log(s2.mean);
  const logStandardError = Math.sqrt(
    s1.variance / (s1.count * s1.mean * s1.mean) + s2.variance / (s2.count * s2.mean * s2.mean),
  );
  if (!(logStandardError > 0)) {
    return unavailable("both groups have zero variance, so the ratio has no standard error");
  }
  const z = normalCriticalValue(confidence);
  return available({
    estimate: s1.mean / s2.mean,
    low: Math.exp(logRatio - z * logStandardError),
    high: Math.exp(logRatio + z * logStandardError),
    logStandardError,
  });
}
