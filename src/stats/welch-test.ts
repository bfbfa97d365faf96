import tcdf from "@stdlib/stats-base-dists-t-cdf";
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import { available, type Interval, type Outcome, unavailable } from "./outcome.js";
import { assertSummary, requireTwoObservations, type SampleSummary } from "./sample-summary.js";
import { assertConfidence } from "./validate.js";

export interface WelchResult {
  /** t = (mean1 − mean2) / √(v1/n1 + v2/n2). */
  readonly statistic: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** mean1 − mean2. */
  readonly difference: number;
  /** t-based interval for mean1 − mean2 with the Welch df. */
  readonly interval: Interval;
}

/**
 * Welch's unequal-variances t-test from summary statistics, equal to
 * scipy.stats.ttest_ind(x1, x2, equal_var=False) (and to
 * ttest_ind_from_stats, whose `confidence_interval` gives the same interval).
 *
 * Welch, B. L. (1947). The generalization of "Student's" problem when several
 * different population variances are involved. Biometrika 34, 28–35;
 * Satterthwaite, F. E. (1946), Biometrics Bulletin 2, 110–114:
 *
 *   se² = v1/n1 + v2/n2
 *   df  = se⁴ / ((v1/n1)²/(n1 − 1) + (v2/n2)²/(n2 − 1))
 *
 * The p-value is 2·F_t(−|t|; df), the lower tail evaluated directly (stdlib's
 * t CDF, via the regularized incomplete beta of Boost), never 1 − F(|t|),
 * so p-values below 1e-16 keep their relative accuracy.
 *
 * Unavailable when a group has fewer than 2 observations or both variances
 * are 0 (the statistic would be ±∞ or 0/0; scipy returns NaN there).
 */
export function welchTest(
  summary1: SampleSummary,
  summary2: SampleSummary,
  confidence: number,
): Outcome<WelchResult> {
  assertSummary(summary1, "summary1");
  assertSummary(summary2, "summary2");
  assertConfidence(confidence);
  const enough = requireTwoObservations(summary1, summary2);
  if (enough.value === null) {
    return enough;
  }
  const a = summary1.variance / summary1.count;
  const b = summary2.variance / summary2.count;
  const se2 = a + b;
  if (se2 === 0) {
    return unavailable("both groups have zero variance, so the t statistic is undefined");
  }
  const se = Math.sqrt(se2);
  const difference = summary1.mean - summary2.mean;
  const statistic = difference / se;
  const df = (se2 * se2) / ((a * a) / (summary1.count - 1) + (b * b) / (summary2.count - 1));
  const pValue = Math.min(1, 2 * tcdf(-Math.abs(statistic), df));
  const critical = tquantile(1 - (1 - confidence) / 2, df);
  return available({
    statistic,
    df,
    pValue,
    difference,
    interval: { low: difference - critical * se, high: difference + critical * se },
  });
}
