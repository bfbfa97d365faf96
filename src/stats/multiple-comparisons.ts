/**
 * Multiple-comparison adjustments of p-values across the groups of an audit.
 * Both take p-values in any order with nulls for comparisons that could not
 * be made, and return adjusted p-values in the input order with the nulls in
 * place; m is the number of non-null p-values.
 */

function assertPValues(pValues: readonly (number | null)[]): void {
  for (const p of pValues) {
    if (p !== null && !(p >= 0 && p <= 1)) {
      throw new RangeError(`p-values must lie in [0, 1] or be null, got ${p}`);
    }
  }
}

/** Indices of the non-null p-values, sorted by ascending p (stable). */
function rankPresent(pValues: readonly (number | null)[]): number[] {
  const indices: number[] = [];
  pValues.forEach((p, i) => {
    if (p !== null) indices.push(i);
  });
  return indices.sort((i, j) => (pValues[i] ?? 0) - (pValues[j] ?? 0));
}

/**
 * Holm's step-down adjustment, controlling the family-wise error rate under
 * any dependence. Holm, S. (1979). A simple sequentially rejective multiple
 * test procedure. Scand. J. Statist. 6, 65–70. With p₍₁₎ ≤ … ≤ p₍ₘ₎:
 *
 *   p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1) · p₍ⱼ₎)
 *
 * equal to statsmodels multipletests(method="holm").
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  assertPValues(pValues);
  const order = rankPresent(pValues);
  const m = order.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach((index, rank) => {
    const p = pValues[index] ?? 0;
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}

/**
 * Benjamini–Hochberg step-up adjustment, controlling the false discovery
 * rate for independent or positively dependent tests. Benjamini, Y. &
 * Hochberg, Y. (1995). JRSS B 57, 289–300:
 *
 *   p̃₍ᵢ₎ = min(1, min_{j ≥ i} m/j · p₍ⱼ₎)
 *
 * equal to statsmodels multipletests(method="fdr_bh").
 */
export function benjaminiHochbergAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  assertPValues(pValues);
  const order = rankPresent(pValues);
  const m = order.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank] ?? 0;
    const p = pValues[index] ?? 0;
    // p / (rank/m), the same floating-point operations as statsmodels.
    running = Math.min(running, p / ((rank + 1) / m));
    adjusted[index] = running;
  }
  return adjusted;
}
