import { chiSquareTest2x2 } from "./chi-square-test.js";
import { fisherExactTest } from "./fisher-exact-test.js";
import { assertCount } from "./validate.js";

export type RateTestName = "fisher" | "chi2" | "chi2_yates";

export interface RateTestResult {
  readonly test: RateTestName;
  /**
   * The test statistic: Pearson's X² for "chi2"/"chi2_yates", the sample
   * odds ratio for "fisher" (Infinity when b·c = 0, null when a row or
   * column is empty).
   */
  readonly statistic: number | null;
  readonly pValue: number;
}

/** Smallest expected cell count for which the chi-square approximation is used. */
export const MIN_EXPECTED_COUNT = 5;

/**
 * Chooses the test for comparing two rates, a/(a+b) versus c/(c+d).
 *
 * - "fisher" when any expected count is below 5 (Cochran's rule: Cochran,
 *   W. G. 1954, Some methods for strengthening the common χ² tests,
 *   Biometrics 10, 417–451), or when a row or column is empty. The exact
 *   test needs no large-sample approximation, and with small expected
 *   counts the chi-square p-value can be badly anti-conservative.
 * - "chi2" (Pearson, no continuity correction) otherwise. Yates' correction
 *   makes the test conservative — its size falls well below the nominal
 *   level (Camilli & Hopkins 1978, Psychol. Bull. 85, 163–167; Agresti 2002
 *   §3.5.6) — and when all expected counts are ≥ 5 the uncorrected test is
 *   already accurate. For such tables Fisher and Pearson agree closely, and
 *   X² is the statistic readers of a fairness report know.
 *
 * "chi2_yates" is never chosen automatically; it is available through
 * `rateTest(..., "chi2_yates")` for callers who must reproduce a corrected
 * analysis.
 */
export function chooseRateTest(a: number, b: number, c: number, d: number): RateTestName {
  assertCount(a, "a");
  assertCount(b, "b");
  assertCount(c, "c");
  assertCount(d, "d");
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const c2 = b + d;
  const total = r1 + r2;
  if (total === 0) {
    return "fisher";
  }
  const smallest = Math.min(r1, r2) * Math.min(c1, c2);
  // Smallest expected count is (smallest row total)(smallest column total)/N.
  return smallest / total < MIN_EXPECTED_COUNT ? "fisher" : "chi2";
}

/**
 * Two-sided test of equal rates in the 2×2 table [[a, b], [c, d]] (rows are
 * groups, columns are outcome / no outcome), using `test` or, by default,
 * the one `chooseRateTest` picks.
 */
export function rateTest(
  a: number,
  b: number,
  c: number,
  d: number,
  test: RateTestName = chooseRateTest(a, b, c, d),
): RateTestResult {
  if (test === "fisher") {
    const fisher = fisherExactTest(a, b, c, d);
    return { test, statistic: fisher.oddsRatio, pValue: fisher.pValue };
  }
  const chi = chiSquareTest2x2(a, b, c, d, { yates: test === "chi2_yates" });
  if (chi.value === null) {
    // An empty row or column: no evidence of a difference, as Fisher says.
    const fisher = fisherExactTest(a, b, c, d);
    return { test: "fisher", statistic: fisher.oddsRatio, pValue: fisher.pValue };
  }
  return { test, statistic: chi.value.statistic, pValue: chi.value.pValue };
}
