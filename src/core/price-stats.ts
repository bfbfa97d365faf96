/**
 * Sufficient statistics of a continuous price for one group.
 * Moments follow Welford's update and Chan et al.'s pairwise merge (numerically stable);
 * the value → count histogram makes medians (and rank tests) exact and mergeable.
 */
export interface PriceStats {
  /** rows with a usable price */
  count: number;
  mean: number;
  /** sum of squared deviations from the mean (Welford's M2) */
  m2: number;
  min: number;
  max: number;
  /** rows of the group without a price (missing or unusable), not part of the moments */
  missing: number;
  /** exact distribution: price → number of rows; null when only moments are available */
  histogram: Map<number, number> | null;
}

export function emptyPriceStats(): PriceStats {
  return {
    count: 0,
    mean: 0,
    m2: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    missing: 0,
    histogram: new Map(),
  };
}

/** Hot-path update: mutates the accumulator that the caller owns. */
export function addPrice(s: PriceStats, x: number): void {
  addMoments(s, x);
  if (s.histogram !== null) s.histogram.set(x, (s.histogram.get(x) ?? 0) + 1);
}

/**
 * The statistics of a histogram, worked out once from its distinct values: what a hot path that
 * counts values (ValueCounts) reports instead of updating moments on every row.
 */
export function priceStatsOf(histogram: Map<number, number>, missing: number): PriceStats {
  const s: PriceStats = { ...emptyPriceStats(), missing, histogram };
  for (const [v, n] of histogram) {
    s.count += n;
    if (v < s.min) s.min = v;
    if (v > s.max) s.max = v;
  }
  const moments = priceMoments(s);
  if (moments !== null) {
    s.mean = moments.mean;
    s.m2 = moments.m2;
  }
  return s;
}

function addMoments(s: PriceStats, x: number): void {
  s.count += 1;
  const delta = x - s.mean;
  s.mean += delta / s.count;
  s.m2 += delta * (x - s.mean);
  if (x < s.min) s.min = x;
  if (x > s.max) s.max = x;
}

/** Chan, Golub & LeVeque (1979) pairwise combination; returns a new value. */
export function mergePriceStats(a: PriceStats, b: PriceStats): PriceStats {
  const count = a.count + b.count;
  let mean = 0;
  let m2 = 0;
  if (count > 0) {
    const delta = b.mean - a.mean;
    mean = a.count === 0 ? b.mean : b.count === 0 ? a.mean : a.mean + (delta * b.count) / count;
    m2 = a.m2 + b.m2 + (delta * delta * a.count * b.count) / count;
  }
  let histogram: Map<number, number> | null = null;
  if (a.histogram !== null && b.histogram !== null) {
    histogram = new Map(a.histogram);
    for (const [value, n] of b.histogram) histogram.set(value, (histogram.get(value) ?? 0) + n);
  }
  return {
    count,
    mean,
    m2,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    missing: a.missing + b.missing,
    histogram,
  };
}

/**
 * Mean and sum of squared deviations. With a histogram they are recomputed from the sorted
 * distinct values (Neumaier-compensated sums), so the result does not depend on the order in which
 * rows arrived or shards merged; without one (pre-aggregated moments) the streamed moments are used.
 */
export function priceMoments(s: PriceStats): { mean: number; m2: number } | null {
  if (s.count === 0) return null;
  if (s.histogram === null) return { mean: s.mean, m2: s.m2 };
  const values = [...s.histogram.entries()].sort(([x], [y]) => x - y);
  const mean = compensatedSum(values.map(([v, n]) => v * n)) / s.count;
  const m2 = compensatedSum(values.map(([v, n]) => n * (v - mean) * (v - mean)));
  return { mean, m2 };
}

export function priceMean(s: PriceStats): number | null {
  return priceMoments(s)?.mean ?? null;
}

/** Sample variance (n − 1), null below two values. */
export function priceVariance(s: PriceStats): number | null {
  if (s.count < 2) return null;
  return (priceMoments(s)?.m2 ?? 0) / (s.count - 1);
}

/** Neumaier's improvement of Kahan summation. */
function compensatedSum(xs: readonly number[]): number {
  let sum = 0;
  let c = 0;
  for (const x of xs) {
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + c;
}

/** Exact median from the histogram (mean of the two middle values for an even count). */
export function priceMedian(s: PriceStats): number | null {
  if (s.count === 0 || s.histogram === null) return null;
  const values = [...s.histogram.keys()].sort((x, y) => x - y);
  const lowRank = Math.floor((s.count - 1) / 2);
  const highRank = Math.floor(s.count / 2);
  let seen = 0;
  let low: number | null = null;
  for (const v of values) {
    seen += s.histogram.get(v) ?? 0;
    if (low === null && seen > lowRank) low = v;
    if (seen > highRank) return low === null ? v : (low + v) / 2;
  }
  return null;
}
