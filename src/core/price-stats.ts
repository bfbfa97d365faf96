/**
 * A price distribution in compact, mergeable form: the distinct values ascending and the number
 * of rows at each (16 bytes per distinct value, so at most 16 bytes per priced row). Two of them
 * merge by a sorted merge in O(k1 + k2); medians, quantiles and rank tests read them without
 * sorting again.
 */
export interface ValueRuns {
  readonly values: Float64Array;
  readonly counts: Float64Array;
}

export const EMPTY_RUNS: ValueRuns = { values: new Float64Array(0), counts: new Float64Array(0) };

/** Number of values the runs hold (Σ counts). */
export function runsTotal(runs: ValueRuns): number {
  let total = 0;
  for (let i = 0; i < runs.counts.length; i++) total += runs.counts[i] as number;
  return total;
}

/** Runs from a value → count map (any order; zero counts dropped; -0 is 0). */
export function runsFromMap(map: ReadonlyMap<number, number>): ValueRuns {
  const entries = [...map].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const values = new Float64Array(entries.length);
  const counts = new Float64Array(entries.length);
  entries.forEach(([v, n], i) => {
    values[i] = v + 0;
    counts[i] = n;
  });
  return { values, counts };
}

/** Runs from ascending values with repeats (each repeat becomes a count). */
export function runsFromSorted(sorted: ArrayLike<number>): ValueRuns {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  let k = -1;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (k < 0 || v !== values[k]) {
      k++;
      values[k] = v + 0;
    }
    counts[k] = (counts[k] as number) + 1;
  }
  return { values, counts };
}

/** The value → count pairs, ascending (for tests and exports). */
export function runsEntries(runs: ValueRuns): [number, number][] {
  return Array.from(runs.values, (v, i) => [v, runs.counts[i] as number]);
}

/** Sorted merge: counts of equal values add. O(k1 + k2). */
export function mergeRuns(a: ValueRuns, b: ValueRuns): ValueRuns {
  return combineRuns(a, b, 1);
}

/** a − b by value, for b contained in a (the population without one group); zero runs dropped. */
export function subtractRuns(a: ValueRuns, b: ValueRuns): ValueRuns {
  return combineRuns(a, b, -1);
}

function combineRuns(a: ValueRuns, b: ValueRuns, sign: 1 | -1): ValueRuns {
  if (b.values.length === 0) return a;
  if (a.values.length === 0 && sign === 1) return b;
  const values = new Float64Array(a.values.length + b.values.length);
  const counts = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let k = 0;
  const av = a.values;
  const bv = b.values;
  while (i < av.length || j < bv.length) {
    const x = i < av.length ? (av[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < bv.length ? (bv[j] as number) : Number.POSITIVE_INFINITY;
    let v: number;
    let n: number;
    if (j >= bv.length || (i < av.length && x < y)) {
      v = x;
      n = a.counts[i++] as number;
    } else if (i >= av.length || y < x) {
      v = y;
      n = sign * (b.counts[j++] as number);
    } else {
      v = x;
      n = (a.counts[i++] as number) + sign * (b.counts[j++] as number);
    }
    if (n > 0) {
      values[k] = v;
      counts[k++] = n;
    }
  }
  // Views, not copies, unless merging equal values left much of the arrays unused.
  if (k * 8 >= values.length * 7)
    return { values: values.subarray(0, k), counts: counts.subarray(0, k) };
  return { values: values.slice(0, k), counts: counts.slice(0, k) };
}

/**
 * Merges many runs at once by pairs, in a balanced tree: O(N log m) for N distinct values over m
 * runs, where folding them one by one costs O(N m).
 */
export function mergeManyRuns(all: readonly ValueRuns[]): ValueRuns {
  let level = all.filter((r) => r.values.length > 0);
  if (level.length === 0) return EMPTY_RUNS;
  while (level.length > 1) {
    const next: ValueRuns[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as ValueRuns;
      const b = level[i + 1];
      next.push(b === undefined ? a : mergeRuns(a, b));
    }
    level = next;
  }
  return level[0] as ValueRuns;
}

/**
 * The value at 0-based rank r of the sorted values (the (r+1)-th order statistic), by a scan;
 * for many look-ups over one distribution use `cumulativeCounts` and `valueAtRank`.
 */
export function cumulativeCounts(runs: ValueRuns): Float64Array {
  const out = new Float64Array(runs.counts.length);
  let seen = 0;
  for (let i = 0; i < out.length; i++) {
    seen += runs.counts[i] as number;
    out[i] = seen;
  }
  return out;
}

/** The value at 0-based rank r, by binary search over the cumulative counts: O(log k). */
export function valueAtRank(runs: ValueRuns, cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > r) hi = mid;
    else lo = mid + 1;
  }
  return runs.values[lo] as number;
}

/**
 * Sufficient statistics of a continuous price for one group.
 * Moments follow Welford's update and Chan et al.'s pairwise merge (numerically stable);
 * the sorted value runs make medians (and rank tests) exact and mergeable.
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
  /** exact distribution: distinct prices ascending and their counts; null when only moments are available */
  histogram: ValueRuns | null;
}

export function emptyPriceStats(): PriceStats {
  return {
    count: 0,
    mean: 0,
    m2: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    missing: 0,
    histogram: EMPTY_RUNS,
  };
}

/**
 * Update of an accumulator that the caller owns, one value at a time: O(k) per value (an insert
 * into the sorted runs), for small inputs and tests. The row path counts values in
 * io/value-counts.ts instead and hands over the runs once (`priceStatsOf`).
 */
export function addPrice(s: PriceStats, x: number): void {
  addMoments(s, x);
  if (s.histogram !== null)
    s.histogram = mergeRuns(s.histogram, {
      values: Float64Array.of(x + 0),
      counts: Float64Array.of(1),
    });
}

/**
 * The statistics of a distribution, worked out once from its distinct values: what a hot path that
 * counts values (ValueCounts) reports instead of updating moments on every row.
 */
export function priceStatsOf(histogram: ValueRuns, missing: number): PriceStats {
  const s: PriceStats = { ...emptyPriceStats(), missing, histogram };
  s.count = runsTotal(histogram);
  const k = histogram.values.length;
  if (k > 0) {
    s.min = histogram.values[0] as number;
    s.max = histogram.values[k - 1] as number;
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
  const histogram =
    a.histogram !== null && b.histogram !== null ? mergeRuns(a.histogram, b.histogram) : null;
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
 * Remembered per histogram: the statistics stage asks for them many times per group.
 */
export function priceMoments(s: PriceStats): { mean: number; m2: number } | null {
  if (s.count === 0) return null;
  const h = s.histogram;
  if (h === null) return { mean: s.mean, m2: s.m2 };
  const known = MOMENTS.get(h);
  if (known !== undefined) return known;
  const { values, counts } = h;
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = (values[i] as number) * (counts[i] as number);
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  const mean = (sum + c) / s.count;
  sum = 0;
  c = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] as number) - mean;
    const x = (counts[i] as number) * d * d;
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  const out = { mean, m2: sum + c };
  MOMENTS.set(h, out);
  return out;
}

/** Moments of a histogram, worked out once: histograms are never mutated after they are made. */
const MOMENTS = new WeakMap<ValueRuns, { mean: number; m2: number }>();

export function priceMean(s: PriceStats): number | null {
  return priceMoments(s)?.mean ?? null;
}

/** Sample variance (n − 1), null below two values. */
export function priceVariance(s: PriceStats): number | null {
  if (s.count < 2) return null;
  return (priceMoments(s)?.m2 ?? 0) / (s.count - 1);
}

/** Exact median from the histogram (mean of the two middle values for an even count). */
export function priceMedian(s: PriceStats): number | null {
  if (s.count === 0 || s.histogram === null) return null;
  return runsMedian(s.histogram, s.count);
}

/** Median of runs holding n values (mean of the two middle values for even n); NaN when empty. */
export function runsMedian(runs: ValueRuns, n: number): number {
  const lowRank = Math.floor((n - 1) / 2);
  const highRank = Math.floor(n / 2);
  let seen = 0;
  let low: number | null = null;
  for (let i = 0; i < runs.values.length; i++) {
    seen += runs.counts[i] as number;
    const v = runs.values[i] as number;
    if (low === null && seen > lowRank) low = v;
    if (seen > highRank) return low === null ? v : (low + v) / 2;
  }
  return Number.NaN;
}
