import erfc from "@stdlib/math-base-special-erfc";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import { assertConfidence } from "./validate.js";

/**
 * Quantile (inverse CDF) of the standard normal distribution.
 *
 * Computed as -√2 · erfcinv(2p) for p < 0.5 and √2 · erfcinv(2(1 − p))
 * otherwise. Going through erfcinv of the *smaller* tail keeps full relative
 * precision far into the tails, where the textbook √2 · erfinv(2p − 1) loses
 * every digit once 2p − 1 rounds to −1 (p ≲ 1e-17). erfcinv is the
 * Boost-derived rational approximation shipped by stdlib. Matches
 * scipy.stats.norm.ppf to within 2 ulp (see test/stats/normal-quantile.test.ts).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) {
    throw new RangeError(`p must lie in [0, 1], got ${p}`);
  }
  if (p < 0.5) {
    return -Math.SQRT2 * erfcinv(2 * p);
  }
  // 1 − p is exact for p ≥ 0.5 (Sterbenz lemma).
  return Math.SQRT2 * erfcinv(2 * (1 - p));
}

/**
 * Two-sided critical value z such that P(|Z| ≤ z) = confidence, i.e.
 * norm.ppf(1 − α/2) with α = 1 − confidence (1.959963984540054 for 0.95).
 */
export function normalCriticalValue(confidence: number): number {
  assertConfidence(confidence);
  // erfcinv(α) directly: α = 1 − confidence is the two-tail mass.
  return Math.SQRT2 * erfcinv(1 - confidence);
}

/**
 * Upper tail P(Z > z) of the standard normal, 0.5 · erfc(z / √2). Using erfc
 * rather than 1 − Φ(z) keeps relative accuracy for large z (scipy's
 * special.ndtr(−z) does the same).
 */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}
