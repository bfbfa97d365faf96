import { normalSurvival } from "./normal-quantile.js";
import { available, type Outcome, unavailable } from "./outcome.js";

/** Exact value → number of observations with that value. */
export type Histogram = ReadonlyMap<number, number>;

export interface MannWhitneyResult {
  /** U of sample 1: R1 − n1(n1 + 1)/2, as scipy reports `statistic`. */
  readonly statistic: number;
  /** Two-sided p-value from the normal approximation. */
  readonly pValue: number;
}

function totalCount(hist: Histogram, name: string): number {
  let total = 0;
  for (const [value, count] of hist) {
    if (!Number.isFinite(value)) {
      throw new RangeError(`${name} has a non-finite value ${value}`);
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`${name} count for ${value} must be a non-negative integer`);
    }
    total += count;
  }
  return total;
}

/**
 * Two-sided Mann–Whitney U (Wilcoxon rank-sum) test from two histograms,
 * equal to scipy.stats.mannwhitneyu(x, y, method="asymptotic",
 * use_continuity=True, alternative="two-sided") on the expanded samples.
 *
 * Mann, H. B. & Whitney, D. R. (1947). Ann. Math. Statist. 18, 50–60. Ties
 * get mid-ranks; with t_j the size of each tie group and n = n1 + n2,
 *
 *   σ = √( n1·n2/12 · ((n + 1) − Σ(t_j³ − t_j) / (n(n − 1))) )
 *   z = (max(U1, U2) − n1·n2/2 − 0.5) / σ,   p = 2·P(Z > z), capped at 1
 *
 * (the tie-corrected variance and continuity correction of scipy's
 * reference [2], Wikipedia "Mann–Whitney U test", normal approximation).
 *
 * Working on distinct values makes it O(k log k) for k distinct values —
 * prices are stored as exact histograms, so k is far smaller than n. When
 * every observation is tied, σ = 0 and the p-value is 1 (scipy: z = −∞).
 *
 * Unavailable when either histogram has no observations.
 */
export function mannWhitneyTest(hist1: Histogram, hist2: Histogram): Outcome<MannWhitneyResult> {
  const n1 = totalCount(hist1, "hist1");
  const n2 = totalCount(hist2, "hist2");
  if (n1 === 0 || n2 === 0) {
    return unavailable("each group needs at least one observation");
  }
  const values = new Set<number>();
  for (const [value, count] of hist1) if (count > 0) values.add(value);
  for (const [value, count] of hist2) if (count > 0) values.add(value);
  const sorted = [...values].sort((x, y) => x - y);

  let below = 0; // observations with a smaller value
  let rankSum1 = 0;
  let tieTerm = 0;
  for (const value of sorted) {
    const count1 = hist1.get(value) ?? 0;
    const count2 = hist2.get(value) ?? 0;
    const t = count1 + count2;
    // Mid-rank of the tie block occupying ranks below + 1 … below + t.
    const midRank = below + (t + 1) / 2;
    rankSum1 += count1 * midRank;
    tieTerm += t * t * t - t;
    below += t;
  }
  const n = n1 + n2;
  const u1 = rankSum1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) {
    return available({ statistic: u1, pValue: 1 });
  }
  const z = (Math.max(u1, u2) - mu - 0.5) / sigma;
  return available({ statistic: u1, pValue: Math.min(1, 2 * normalSurvival(z)) });
}
