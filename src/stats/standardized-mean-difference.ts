import { normalCriticalValue } from "./normal-quantile.js";
import { available, type IntervalEstimate, type Outcome, unavailable } from "./outcome.js";
import { assertSummary, requireTwoObservations, type SampleSummary } from "./sample-summary.js";
import { assertConfidence } from "./validate.js";

export interface StandardizedMeanDifference extends IntervalEstimate {
  /** Large-sample standard error of `estimate`. */
  readonly standardError: number;
  /** Hedges' g = J · d with J = 1 − 3/(4(n1 + n2) − 9), for small samples. */
  readonly hedgesG: number;
}

/**
 * Standardized mean difference (Cohen's d) between two groups, with a
 * large-sample normal interval.
 *
 *   s_p = √(((n1 − 1)v1 + (n2 − 1)v2) / (n1 + n2 − 2))
 *   d   = (mean1 − mean2) / s_p
 *   SE  = √((n1 + n2)/(n1·n2) + d² / (2(n1 + n2)))
 *   d ± z · SE
 *
 * Hedges, L. V. & Olkin, I. (1985). Statistical Methods for Meta-Analysis,
 * ch. 5, eq. (14) for the variance.
 *
 * `estimate`, `low` and `high` are the *uncorrected* d: audit groups are
 * large enough that Hedges' small-sample factor J is negligible (J > 0.99
 * once n1 + n2 > 77), and the uncorrected value is what the SE formula above
 * describes. The corrected g is returned alongside as `hedgesG` for callers
 * with small groups.
 *
 * Unavailable when a group has fewer than 2 observations or the pooled
 * standard deviation is 0.
 */
export function standardizedMeanDifference(
  s1: SampleSummary,
  s2: SampleSummary,
  confidence: number,
): Outcome<StandardizedMeanDifference> {
  assertSummary(s1, "s1");
  assertSummary(s2, "s2");
  assertConfidence(confidence);
  const enough = requireTwoObservations(s1, s2);
  if (enough.value === null) {
    return enough;
  }
  const n1 = s1.count;
  const n2 = s2.count;
  const pooledVariance = ((n1 - 1) * s1.variance + (n2 - 1) * s2.variance) / (n1 + n2 - 2);
  if (!(pooledVariance > 0)) {
    return unavailable(
      "the pooled standard deviation is 0, so the standardized difference is undefined",
    );
  }
  const d = (s1.mean - s2.mean) / Math.sqrt(pooledVariance);
  const standardError = Math.sqrt((n1 + n2) / (n1 * n2) + (d * d) / (2 * (n1 + n2)));
  const z = normalCriticalValue(confidence);
  const correction = 1 - 3 / (4 * (n1 + n2) - 9);
  return available({
    estimate: d,
    low: d - z * standardError,
    high: d + z * standardError,
    standardError,
    hedgesG: correction * d,
  });
}
