import erfc from "@stdlib/math-base-special-erfc";
import { available, type Outcome, unavailable } from "./outcome.js";
import { assertCount } from "./validate.js";

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
}

export interface ChiSquareOptions {
  /** Apply Yates' continuity correction (scipy's `correction=True`). */
  readonly yates: boolean;
}

/**
 * Pearson's chi-square test of independence for the 2×2 table
 * [[a, b], [c, d]] (1 degree of freedom), identical to
 * scipy.stats.chi2_contingency(table, correction=yates).
 *
 * Expected counts E = row total · column total / N. With `yates`, each
 * observed count is moved toward its expected count by min(0.5, |O − E|) —
 * scipy's rule, so the correction never overshoots and a table with
 * |O − E| < 0.5 gets statistic 0 rather than a spurious positive value
 * (Yates, F. 1934, JRSS Suppl. 1, 217–235).
 *
 * The p-value is the chi-square(1) survival function computed as
 * erfc(√(X²/2)) — since X² with 1 df is Z², P(X² > x) = P(|Z| > √x). Using
 * erfc instead of 1 − CDF keeps relative accuracy for p-values far below
 * machine epsilon (scipy uses Cephes chdtrc for the same reason).
 *
 * Unavailable when a row or column total is 0 (an expected count is 0; scipy
 * raises ValueError there).
 */
export function chiSquareTest2x2(
  a: number,
  b: number,
  c: number,
  d: number,
  options: ChiSquareOptions,
): Outcome<ChiSquareResult> {
  assertCount(a, "a");
  assertCount(b, "b");
  assertCount(c, "c");
  assertCount(d, "d");
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const c2 = b + d;
  if (r1 === 0 || r2 === 0 || c1 === 0 || c2 === 0) {
    return unavailable("a row or column of the table is empty, so an expected count is 0");
  }
  const total = r1 + r2;
  const observed = [a, b, c, d];
  const expected = [(r1 * c1) / total, (r1 * c2) / total, (r2 * c1) / total, (r2 * c2) / total];
  let statistic = 0;
  for (let i = 0; i < 4; i++) {
    const o = observed[i] ?? 0;
    const e = expected[i] ?? 0;
    let deviation = o - e;
    if (options.yates) {
      // Shrink |O − E| by at most 0.5, never past zero.
      deviation = Math.sign(deviation) * Math.max(0, Math.abs(deviation) - 0.5);
    }
    statistic += (deviation * deviation) / e;
  }
  return available({ statistic, pValue: chiSquareSurvival1(statistic) });
}

/** P(χ²₁ > x) = erfc(√(x/2)). */
export function chiSquareSurvival1(x: number): number {
  if (x <= 0) {
    return 1;
  }
  return erfc(Math.sqrt(x / 2));
}
