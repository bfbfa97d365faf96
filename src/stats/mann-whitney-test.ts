import { normalSurvival } from "./normal-quantile.js";
import { available, type Outcome, unavailable } from "./outcome.js";

/**
 * A sample as its distinct values ascending and the number of observations at each (the form in
 * which the audit keeps prices): O(k) for k distinct values instead of O(n).
 */
export interface SortedCounts {
  readonly values: ArrayLike<number>;
  readonly counts: ArrayLike<number>;
}

export interface MannWhitneyResult {
  /** U of sample 1: R1 − n1(n1 + 1)/2, as scipy reports `statistic`. */
  readonly statistic: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** how the p-value was computed */
  readonly method: "exact" | "asymptotic";
}

/**
 * "auto" chooses as SciPy's mannwhitneyu does: the exact null distribution when the smaller sample
 * has at most 8 observations and there are no ties, the normal approximation otherwise; and, to
 * bound the cost of the exact distribution (O(n1·n2·max(n1, n2))), only while the larger sample
 * has at most EXACT_MAX_LARGER observations.
 */
export type MannWhitneyMethod = "auto" | "exact" | "asymptotic";

/** SciPy's threshold for the exact distribution (scipy.stats._mannwhitneyu._mwu_choose_method). */
export const EXACT_MAX_SMALLER = 8;
/** Beyond this size of the larger sample "auto" uses the normal approximation. */
export const EXACT_MAX_LARGER = 1000;

function totalCount(s: SortedCounts, name: string): number {
  let total = 0;
  for (let i = 0; i < s.values.length; i++) {
    const value = s.values[i] as number;
    const count = s.counts[i] as number;
    if (!Number.isFinite(value)) {
      throw new RangeError(`${name} has a non-finite value ${value}`);
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`${name} count for ${value} must be a non-negative integer`);
    }
    if (i > 0 && !(value > (s.values[i - 1] as number))) {
      throw new RangeError(`${name} values must be strictly ascending`);
    }
    total += count;
  }
  return total;
}

/**
 * Two-sided Mann–Whitney U (Wilcoxon rank-sum) test from two samples given as sorted value counts,
 * equal to scipy.stats.mannwhitneyu(x, y, alternative="two-sided", use_continuity=True,
 * method=…) on the expanded samples.
 *
 * Mann, H. B. & Whitney, D. R. (1947). Ann. Math. Statist. 18, 50–60. Ties
 * get mid-ranks; with t_j the size of each tie group and n = n1 + n2,
 *
 *   σ = √( n1·n2/12 · ((n + 1) − Σ(t_j³ − t_j) / (n(n − 1))) )
 *   z = (max(U1, U2) − n1·n2/2 − 0.5) / σ,   p = 2·P(Z > z), capped at 1
 *
 * (the tie-corrected variance and continuity correction of scipy's
 * reference [2], Wikipedia "Mann–Whitney U test", normal approximation).
 * When every observation is tied, σ = 0 and the p-value is 1 (scipy: z = −∞).
 *
 * Exact: p = 2·P(U ≥ max(U1, U2)) under H0 (capped at 1), as SciPy (which makes no correction for
 * ties there, so "auto" uses it only without ties), from the null distribution of U by the
 * recurrence p(u; m, n) = m/(m+n)·p(u − n; m − 1, n) + n/(m+n)·p(u; m, n − 1), whose terms are all
 * positive (no cancellation).
 *
 * Working on distinct values makes the statistic O(k1 + k2) (one sorted merge).
 * Unavailable when either sample has no observations.
 */
export function mannWhitneyTest(
  sample1: SortedCounts,
  sample2: SortedCounts,
  method: MannWhitneyMethod = "auto",
): Outcome<MannWhitneyResult> {
  const n1 = totalCount(sample1, "sample1");
  const n2 = totalCount(sample2, "sample2");
  if (n1 === 0 || n2 === 0) {
    return unavailable("each group needs at least one observation");
  }
  let below = 0; // observations with a smaller value
  let rankSum1 = 0;
  let tieTerm = 0;
  let ties = false;
  let i = 0;
  let j = 0;
  const v1 = sample1.values;
  const v2 = sample2.values;
  while (i < v1.length || j < v2.length) {
    const x = i < v1.length ? (v1[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < v2.length ? (v2[j] as number) : Number.POSITIVE_INFINITY;
    let count1 = 0;
    let count2 = 0;
    if (x <= y) count1 = sample1.counts[i++] as number;
    if (y <= x) count2 = sample2.counts[j++] as number;
    const t = count1 + count2;
    if (t === 0) continue;
    if (t > 1) ties = true;
    // Mid-rank of the tie block occupying ranks below + 1 … below + t.
    rankSum1 += count1 * (below + (t + 1) / 2);
    tieTerm += t * t * t - t;
    below += t;
  }
  const n = n1 + n2;
  const u1 = rankSum1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const exact =
    method === "exact" ||
    (method === "auto" &&
      !ties &&
      Math.min(n1, n2) <= EXACT_MAX_SMALLER &&
      Math.max(n1, n2) <= EXACT_MAX_LARGER);
  if (exact) {
    const p = 2 * exactUpperTail(Math.min(n1, n2), Math.max(n1, n2), Math.max(u1, u2));
    return available({ statistic: u1, pValue: Math.min(1, p), method: "exact" });
  }
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) {
    return available({ statistic: u1, pValue: 1, method: "asymptotic" });
  }
  const z = (Math.max(u1, u2) - mu - 0.5) / sigma;
  return available({
    statistic: u1,
    pValue: Math.min(1, 2 * normalSurvival(z)),
    method: "asymptotic",
  });
}

/**
 * P(U ≥ u) for sample sizes m ≤ n under H0 (U symmetric on 0 … m·n), U's distribution built for
 * every m' ≤ m while n' grows to n: O(m·n·m·n) additions.
 */
export function exactUpperTail(m: number, n: number, u: number): number {
  const size = m * n + 1;
  // dist[k] is the distribution of U for sample sizes (k, n') at the current n'; n' = 0: U = 0.
  const dist: Float64Array[] = [];
  for (let k = 0; k <= m; k++) {
    const d = new Float64Array(size);
    d[0] = 1;
    dist.push(d);
  }
  for (let nn = 1; nn <= n; nn++) {
    // In place, k ascending: dist[k − 1] already holds (k − 1, nn), dist[k] still (k, nn − 1).
    for (let k = 1; k <= m; k++) {
      const d = dist[k] as Float64Array;
      const prev = dist[k - 1] as Float64Array;
      const a = k / (k + nn);
      const b = nn / (k + nn);
      const top = k * nn;
      for (let v = top; v >= 0; v--) {
        const shifted = v >= nn ? (prev[v - nn] as number) : 0;
        d[v] = a * shifted + b * (d[v] as number);
      }
    }
  }
  const d = dist[m] as Float64Array;
  const from = Math.ceil(u - 1e-9);
  // Sum the smaller tail (by symmetry P(U ≥ u) = P(U ≤ m·n − u)), with the mass at u.
  let tail = 0;
  if (from > (m * n) / 2) for (let v = from; v <= m * n; v++) tail += d[v] as number;
  else {
    let lower = 0;
    for (let v = 0; v < from; v++) lower += d[v] as number;
    tail = 1 - lower;
  }
  return Math.min(1, tail);
}
