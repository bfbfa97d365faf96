import gammaln from "@stdlib/math-base-special-gammaln";
import { available, type Outcome, unavailable } from "./outcome.js";
import { assertConfidence } from "./validate.js";

/** 0-based ranks of the order statistics that bound a median's confidence interval. */
export interface OrderStatisticRanks {
  readonly low: number;
  readonly high: number;
}

/**
 * Distribution-free confidence interval of a median from order statistics (exact binomial): with
 * B ~ Binomial(n, ½) and a = (1 − confidence)/2, the interval is [x₍ₗ₎, x₍ₕ₎] (0-based ranks) for
 * l = F_B⁻¹(a) − 1 and h = the smallest k with P(B > k) ≤ a, as
 * scipy.stats.quantile_test(x, p=0.5).confidence_interval(confidence) computes it (Conover 1999,
 * Practical Nonparametric Statistics, §3.2). Coverage is at least `confidence` for any continuous
 * distribution and stays valid (conservative) with ties.
 *
 * No such interval exists when even [x₍₀₎, x₍ₙ₋₁₎] covers with probability below the level,
 * 1 − 2·2⁻ⁿ < confidence: n ≤ 5 at 95%, n ≤ 7 at 99% (SciPy then gives nan).
 */
export function medianOrderStatisticRanks(
  n: number,
  confidence: number,
): Outcome<OrderStatisticRanks> {
  assertConfidence(confidence);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a count, got ${n}`);
  const a = (1 - confidence) / 2;
  // P(B ≤ k) for k = start, start + 1, … by the pmf recurrence in logs. Below start, ten standard
  // deviations under the mean, the binomial tail is below 1e-22 (Chernoff: exp(−2·(5√n)²/n)), far
  // under the rounding of the sum; early terms may also underflow to 0, equally harmless.
  const start = Math.max(0, Math.floor(n / 2 - 5 * Math.sqrt(n)));
  let logPmf = gammaln(n + 1) - gammaln(start + 1) - gammaln(n - start + 1) - n * Math.LN2;
  let cdf = 0;
  let ppf = -1;
  for (let k = start; k <= n; k++) {
    cdf += Math.exp(logPmf);
    if (cdf >= a * (1 - 1e-12)) {
      ppf = k;
      break;
    }
    logPmf += Math.log(n - k) - Math.log(k + 1);
  }
  const low = ppf - 1;
  // By symmetry of Binomial(n, ½), P(B > k) ≤ a ⇔ P(B < n − k) ≤ a ⇔ P(B ≤ n − k − 1) ≤ a;
  // the smallest such k is n − ppf (ppf the smallest j with P(B ≤ j) ≥ a), or n − ppf − 1 when
  // P(B ≤ ppf) equals a (a dyadic level such as 87.5%; equal to rounding).
  const high = Math.abs(cdf - a) <= 1e-12 * a ? n - ppf - 1 : n - ppf;
  if (low < 0 || high > n - 1) {
    return unavailable(
      `no distribution-free ${Math.round(confidence * 100)}% interval of a median exists for ${n} value${n === 1 ? "" : "s"}`,
    );
  }
  return available({ low, high });
}
