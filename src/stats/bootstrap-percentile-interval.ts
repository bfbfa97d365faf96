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
 * Linear-interpolation quantile of sorted data (Hyndman & Fan 1996 type 7,
 * numpy.percentile's default): h = (n − 1)q, interpolate between ⌊h⌋, ⌈h⌉.
 */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lower = Math.floor(h);
  const upper = Math.min(sorted.length - 1, lower + 1);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[upper] ?? Number.NaN;
  return a + (h - lower) * (b - a);
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
  const sorted = values.subarray(0, valid).sort();
  const alpha = 1 - confidence;
  return available({
    low: quantileSorted(sorted, alpha / 2),
    high: quantileSorted(sorted, 1 - alpha / 2),
    resamples,
    validResamples: valid,
    seed,
  });
}
