/**
 * Sufficient statistics of a linear regression y ~ X: X'X, X'y, y'y and n.
 * They add up, so per-chunk or per-shard accumulators merge exactly (up to
 * floating-point summation order) and the raw rows never need to be kept.
 */
export interface Moments {
  /** Number of regressors (columns of X, including any intercept column). */
  readonly p: number;
  /** Number of observations added. */
  n: number;
  /** X'X as p rows of p numbers (symmetric). */
  readonly xtx: number[][];
  /** X'y, length p. */
  readonly xty: number[];
  /** y'y. */
  yty: number;
}

/** An empty accumulator for p regressors. */
export function createMoments(p: number): Moments {
  if (!Number.isSafeInteger(p) || p < 1) {
    throw new RangeError(`p must be a positive integer, got ${p}`);
  }
  return {
    p,
    n: 0,
    xtx: Array.from({ length: p }, () => new Array<number>(p).fill(0)),
    xty: new Array<number>(p).fill(0),
    yty: 0,
  };
}

/**
 * Adds one observation (row x, response y) to `m` in place — an accumulator
 * is updated once per input row, so allocating a new one each time would
 * dominate the cost. Only the upper triangle is summed; the lower is mirrored.
 */
export function addObservation(m: Moments, x: readonly number[], y: number): void {
  if (x.length !== m.p) {
    throw new RangeError(`expected ${m.p} regressors, got ${x.length}`);
  }
  for (let i = 0; i < m.p; i++) {
    const xi = x[i] ?? 0;
    const row = m.xtx[i] ?? [];
    for (let j = i; j < m.p; j++) {
      const value = (row[j] ?? 0) + xi * (x[j] ?? 0);
      row[j] = value;
      const mirror = m.xtx[j];
      if (mirror !== undefined) mirror[i] = value;
    }
    m.xty[i] = (m.xty[i] ?? 0) + xi * y;
  }
  m.yty += y * y;
  m.n += 1;
}

/** The moments of the union of the two samples behind `a` and `b` (a new object). */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.p !== b.p) {
    throw new RangeError(`cannot merge moments with ${a.p} and ${b.p} regressors`);
  }
  return {
    p: a.p,
    n: a.n + b.n,
    xtx: a.xtx.map((row, i) => row.map((value, j) => value + (b.xtx[i]?.[j] ?? 0))),
    xty: a.xty.map((value, i) => value + (b.xty[i] ?? 0)),
    yty: a.yty + b.yty,
  };
}
