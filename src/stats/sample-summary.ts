import { available, type Outcome, unavailable } from "./outcome.js";

/**
 * Sufficient statistics of one numeric sample (e.g. offer prices of a group):
 * size, mean and the unbiased sample variance (denominator count − 1).
 */
export interface SampleSummary {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
}

export function assertSummary(s: SampleSummary, name: string): void {
  if (!Number.isSafeInteger(s.count) || s.count < 0) {
    throw new RangeError(`${name}.count must be a non-negative integer, got ${s.count}`);
  }
  if (!Number.isFinite(s.mean) && s.count > 0) {
    throw new RangeError(`${name}.mean must be finite, got ${s.mean}`);
  }
  if (!(s.variance >= 0) && s.count > 1) {
    throw new RangeError(`${name}.variance must be finite and ≥ 0, got ${s.variance}`);
  }
}

/** Null-with-reason when a summary has fewer than two observations. */
export function requireTwoObservations(s1: SampleSummary, s2: SampleSummary): Outcome<true> {
  if (s1.count < 2 || s2.count < 2) {
    return unavailable(
      "each group needs at least 2 observations to estimate a variance " +
        `(got ${s1.count} and ${s2.count})`,
    );
  }
  return available(true);
}
