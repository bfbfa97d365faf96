import { available, type Outcome, unavailable } from "./outcome.js";
import { createRng, type Rng } from "./random.js";
import { assertConfidence } from "./validate.js";

export interface BootstrapOptions {
  /** Number of resamples (≥ 1); 2 000 or more for a 95% interval. */
  readonly resamples: number;
  /** Seed of the xoshiro128** stream; the same seed reproduces the interval. */
  readonly seed: number;
  readonly confidence: number;
}

export interface BootstrapInterval {
  readonly low: number;
  readonly high: number;
  /** Resamples requested. */
  readonly resamples: number;
  /** Resamples whose statistic was defined (non-null, finite) and used. */
  readonly validResamples: number;
  readonly seed: number;
}

/**
 * Linear-interpolation quantile (Hyndman & Fan 1996 type 7, numpy.percentile's default): h =
 * (n − 1)q, interpolate between the ⌊h⌋-th and the next smallest value. The values are
 * partitioned (`select`) rather than sorted, from index `from` on (nothing before it is larger):
 * an interval needs two quantiles, two selections cost less than sorting every resample.
 */
function quantileOf(values: Float64Array, q: number, from: number): number {
  const h = (values.length - 1) * q;
  const lower = Math.floor(h);
  const a = select(values, lower, from);
  // After the selection nothing beyond `lower` is smaller: the next value is their minimum.
  let b = a;
  if (lower + 1 < values.length) {
    b = values[lower + 1] as number;
    for (let i = lower + 2; i < values.length; i++)
      if ((values[i] as number) < b) b = values[i] as number;
  }
  return a + (h - lower) * (b - a);
}

/**
 * Rearranges values[from..] so that values[k] holds what a sort would put there, with nothing
 * larger before it and nothing smaller after it (Hoare's FIND, median-of-three pivots); returns it.
 */
function select(values: Float64Array, k: number, from: number): number {
  let left = from;
  let right = values.length - 1;
  while (right > left) {
    const x = values[left] as number;
    const y = values[(left + right) >>> 1] as number;
    const z = values[right] as number;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // median of three
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    // values[left..j] ≤ pivot ≤ values[i..right], and whatever lies between equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

/**
 * Percentile bootstrap interval (Efron, B. & Tibshirani, R. J. 1993. An
 * Introduction to the Bootstrap, ch. 13): evaluate `statistic` on
 * `resamples` resamples and take the α/2 and 1 − α/2 quantiles (type 7) of
 * the results.
 *
 * The caller draws each resample itself from the generator it is handed,
 * so the resampling scheme stays with the caller — typically a parametric
 * resample of every group's confusion cells with `sampleMultinomial(rng, n,
 * observedCells)`, from which the statistic (a rate ratio, a TPR gap, …) is
 * recomputed. One xoshiro128** stream seeded with `seed` is shared by all
 * resamples in order, so the interval is a pure function of (statistic,
 * options).
 *
 * A resample whose statistic is null or not finite (e.g. a group with no
 * positives in that resample) is skipped and not replaced; `validResamples`
 * reports how many were used so a report can flag an unstable interval.
 * Unavailable when no resample gave a value.
 */
export function bootstrapPercentileInterval(
  statistic: (rng: Rng) => number | null,
  options: BootstrapOptions,
): Outcome<BootstrapInterval> {
  const { resamples, seed, confidence } = options;
  if (!Number.isSafeInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }
  assertConfidence(confidence);
  const rng = createRng(seed);
  const values = new Float64Array(resamples);
  let valid = 0;
  for (let i = 0; i < resamples; i++) {
    const value = statistic(rng);
    if (value !== null && Number.isFinite(value)) {
      values[valid] = value;
      valid += 1;
    }
  }
  if (valid === 0) {
    return unavailable("the statistic was undefined in every bootstrap resample");
  }
  const defined = values.subarray(0, valid);
  const alpha = 1 - confidence;
  const low = quantileOf(defined, alpha / 2, 0);
  // The first selection left nothing larger before ⌊h_low⌋: the second starts there.
  const high = quantileOf(defined, 1 - alpha / 2, Math.floor((valid - 1) * (alpha / 2)));
  return available({
    low,
    high,
    resamples,
    validResamples: valid,
    seed,
  });
}
