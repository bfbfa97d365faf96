import gammaln from "@stdlib/math-base-special-gammaln";
import { assertCount } from "./validate.js";

export interface FisherExactResult {
  /**
   * Sample odds ratio a·d / (b·c), as scipy.stats.fisher_exact reports it
   * (not the conditional MLE). Infinity when b·c = 0; null when a row or a
   * column of the table is empty (scipy returns NaN there).
   */
  readonly oddsRatio: number | null;
  /** Two-sided p-value in [0, 1]. */
  readonly pValue: number;
}

/**
 * Relative tolerance for "as probable as the observed table". R's
 * fisher.test uses 1 + 1e-7; scipy 1.17 uses 1 + 1e-14 and a binary search.
 * The two agree except for tables whose probabilities differ from the
 * observed one by a relative 1e-14…1e-7, i.e. mathematically tied tables
 * computed with rounding noise — exactly the tables that should be counted.
 * The looser 1e-7 makes ties robust to the ~1e-13 rounding of log-space sums.
 */
const RELATIVE_TOLERANCE = 1 + 1e-7;

function logChoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}

/**
 * Fisher's exact test for the 2×2 table
 *
 *          outcome  not
 *   group1    a      b
 *   group2    c      d
 *
 * two-sided, with the definition of scipy.stats.fisher_exact and R's
 * fisher.test: conditioning on the margins, a ~ Hypergeometric(N, a+b, a+c),
 * and the p-value is the total probability of all tables whose probability
 * is ≤ that of the observed table (× 1 + 1e-7).
 *
 * Fisher, R. A. (1935). The logic of inductive inference. JRSS 98, 39–82;
 * Agresti (2002), Categorical Data Analysis, §3.5.
 *
 * Computed in log space so that p-values far below 1e-16 (down to the
 * smallest double) keep full relative accuracy: the probabilities of all
 * tables are obtained relative to the mode by the exact ratio
 *   P(k+1)/P(k) = (r1 − k)(c1 − k) / ((k + 1)(r2 − c1 + k + 1)),
 * accumulated as logs, so the tail sum never subtracts from 1. Only the mode's
 * absolute log-probability uses log-gamma. O(min(r1, c1)) time.
 */
export function fisherExactTest(a: number, b: number, c: number, d: number): FisherExactResult {
  assertCount(a, "a");
  assertCount(b, "b");
  assertCount(c, "c");
  assertCount(d, "d");
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const c2 = b + d;
  if (r1 === 0 || r2 === 0 || c1 === 0 || c2 === 0) {
    return { oddsRatio: null, pValue: 1 };
  }
  const oddsRatio = b > 0 && c > 0 ? (a * d) / (b * c) : Number.POSITIVE_INFINITY;

  const total = r1 + r2;
  const kMin = Math.max(0, c1 - r2);
  const kMax = Math.min(r1, c1);
  const mode = Math.floor(((c1 + 1) * (r1 + 1)) / (total + 2));

  // logRel[k - kMin] = log P(k) − log P(mode).
  const size = kMax - kMin + 1;
  const logRel = new Float64Array(size);
  for (let k = mode; k < kMax; k++) {
    const up = Math.log((r1 - k) * (c1 - k)) - Math.log((k + 1) * (r2 - c1 + k + 1));
    logRel[k + 1 - kMin] = (logRel[k - kMin] ?? 0) + up;
  }
  for (let k = mode; k > kMin; k--) {
    // P(k−1)/P(k) is the reciprocal of the upward ratio from k−1.
    const j = k - 1;
    const up = Math.log((r1 - j) * (c1 - j)) - Math.log((j + 1) * (r2 - c1 + j + 1));
    logRel[j - kMin] = (logRel[k - kMin] ?? 0) - up;
  }

  const observed = logRel[a - kMin] ?? 0;
  const threshold = observed + Math.log(RELATIVE_TOLERANCE);
  // Sum exp(logRel[k] − observed) over the selected tables; each term is at
  // most 1 + 1e-7, so the sum neither overflows nor loses the small terms.
  let scaledSum = 0;
  for (let i = 0; i < size; i++) {
    const value = logRel[i] ?? 0;
    if (value <= threshold) {
      scaledSum += Math.exp(value - observed);
    }
  }
  const logModeProbability = logChoose(r1, mode) + logChoose(r2, c1 - mode) - logChoose(total, c1);
  const logP = logModeProbability + observed + Math.log(scaledSum);
  return { oddsRatio, pValue: Math.min(1, Math.exp(logP)) };
}
