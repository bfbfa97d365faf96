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
  if (p === 0.5) {
    return 0;
  }
  // Work in the smaller tail q; 1 − p is exact for p ≥ 0.5 (Sterbenz lemma).
  const q = p < 0.5 ? p : 1 - p;
  const x = refineLowerTail(-Math.SQRT2 * erfcinv(2 * q), q);
  return p < 0.5 ? x : -x;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * One Halley step on Φ(x) = q for x < 0 (Acklam's refinement, as in
 * Wichura's AS 241 discussion): with u = (Φ(x) − q)/φ(x),
 * x ← x − u / (1 + x·u/2). erfcinv alone is ~1e-13 relative below 1e-200;
 * the step brings it to a few ulp because erfc itself is accurate there.
 * u is formed as (Φ(x)/q − 1) · q/φ(x), with q/φ(x) taken through logs, so
 * nothing overflows even at q = 1e-300.
 */
function refineLowerTail(x: number, q: number): number {
  if (!Number.isFinite(x) || q === 0) {
    return x;
  }
  const cdf = 0.5 * erfc(-x / Math.SQRT2);
  const scale = Math.exp(Math.log(q) + 0.5 * x * x + LOG_SQRT_2PI);
  const u = (cdf / q - 1) * scale;
  return x - u / (1 + 0.5 * x * u);
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
