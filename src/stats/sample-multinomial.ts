import type { Rng } from "./random.js";
import { sampleBinomial } from "./sample-binomial.js";
import { assertCount } from "./validate.js";

/**
 * A Multinomial(n, w / Σw) variate by sequential conditional binomials:
 * X₁ ~ Bin(n, π₁), X₂ | X₁ ~ Bin(n − X₁, π₂ / (1 − π₁)), … (the standard
 * exact decomposition, e.g. Devroye 1986, Non-Uniform Random Variate
 * Generation, §XI.1). O(categories) binomial draws.
 *
 * `weights` may be probabilities or raw counts — they are divided by their
 * sum — so a parametric bootstrap can pass a group's observed confusion
 * cells [tp, fp, fn, tn] directly and receive resampled cells with the same
 * total. A zero weight always yields 0.
 */
export function sampleMultinomial(rng: Rng, n: number, weights: readonly number[]): number[] {
  assertMultinomial(n, weights);
  const result = new Array<number>(weights.length).fill(0);
  sampleMultinomialInto(rng, n, weights, result);
  return result;
}

/** The checks of `sampleMultinomial`, for a caller of `sampleMultinomialInto` to make once. */
export function assertMultinomial(n: number, weights: readonly number[]): void {
  assertCount(n, "n");
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0 && Number.isFinite(w))) {
      throw new RangeError(`weights must be finite and non-negative, got ${w}`);
    }
    total += w;
  }
  if (weights.length === 0 || (total === 0 && n > 0)) {
    throw new RangeError("weights must contain at least one positive value");
  }
}

/**
 * `sampleMultinomial` into `out` (same draws, same stream), for a hot loop that validated its
 * weights once and keeps one output array: no checks, no allocation.
 */
export function sampleMultinomialInto(
  rng: Rng,
  n: number,
  weights: ArrayLike<number>,
  out: number[] | Float64Array,
): void {
  let remaining = 0;
  let lastPositive = -1;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    remaining += w;
    if (w > 0) lastPositive = i;
    out[i] = 0;
  }
  // The last positive category takes whatever is left, so the total is n
  // exactly even when the running remainder of the weights carries rounding.
  let left = n;
  for (let i = 0; i < weights.length && left > 0; i++) {
    const w = weights[i] as number;
    // Conditional probability of category i among the categories not yet drawn.
    const probability = remaining > 0 ? Math.min(1, w / remaining) : 0;
    const x = i === lastPositive ? left : sampleBinomial(rng, left, probability);
    out[i] = x;
    left -= x;
    remaining -= w;
  }
}
