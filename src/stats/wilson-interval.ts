import { normalCriticalValue } from "./normal-quantile.js";
import type { Interval } from "./outcome.js";
import { assertConfidence, assertSuccesses } from "./validate.js";

/**
 * Wilson score interval for a binomial proportion x / n.
 *
 * Wilson, E. B. (1927). Probable inference, the law of succession, and
 * statistical inference. JASA 22(158), 209–212. It inverts the score test, so
 * unlike the Wald interval it stays inside [0, 1] and keeps near-nominal
 * coverage for small n or extreme p (Brown, Cai & DasGupta 2001).
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n)
 *   half   = z · √(p̂(1 − p̂)/n + z²/4n²) / (1 + z²/n)
 *
 * the same algebra as statsmodels `proportion_confint(method="wilson")`.
 * The bounds are clamped to [0, 1] (and pinned to exactly 0 when x = 0 and
 * 1 when x = n) so rounding can never put them outside the unit interval.
 *
 * Returns null when n = 0: a group with no observations has no rate.
 */
export function wilsonInterval(x: number, n: number, confidence: number): Interval | null {
  assertSuccesses(x, n, "x", "n");
  assertConfidence(confidence);
  if (n === 0) {
    return null;
  }
  const z = normalCriticalValue(confidence);
  const z2 = z * z;
  const p = x / n;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  const low = x === 0 ? 0 : Math.max(0, centre - half);
  const high = x === n ? 1 : Math.min(1, centre + half);
  return { low, high };
}
