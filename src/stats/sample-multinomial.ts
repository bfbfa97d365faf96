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
  assertCount(n, "n");
  let remaining = 0;
  for (const w of weights) {
    if (!(w >= 0 && Number.isFinite(w))) {
      throw new RangeError(`weights must be finite and non-negative, got ${w}`);
    }
    remaining += w;
  }
  if (weights.length === 0 || (remaining === 0 && n > 0)) {
    throw new RangeError("weights must contain at least one positive value");
  }
  const result = new Array<number>(weights.length).fill(0);
  // The last positive category takes whatever is left, so the total is n
  // exactly even when the running remainder of the weights carries rounding.
  let lastPositive = -1;
  weights.forEach((w, i) => {
    if (w > 0) lastPositive = i;
  });
  let left = n;
  for (let i = 0; i < weights.length && left > 0; i++) {
    const w = weights[i] ?? 0;
    // Conditional probability of category i among the categories not yet drawn.
    const probability = remaining > 0 ? Math.min(1, w / remaining) : 0;
    const x = i === lastPositive ? left : sampleBinomial(rng, left, probability);
    result[i] = x;
    left -= x;
    remaining -= w;
  }
  return result;
}
