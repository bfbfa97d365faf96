import type { Rng } from "./random.js";
import { assertCount, assertProbability } from "./validate.js";

/** Below this mean the inversion sampler is used (Hörmann 1993, §3). */
const INVERSION_MEAN_LIMIT = 10;

/**
 * f_c(k) = log k! − [(k + ½)·log(k + 1) − (k + 1) + ½·log 2π], the error of
 * Stirling's formula, tabulated for k ≤ 9 (Hörmann 1993, Table 1; each value
 * checked against scipy.special.gammaln in test/stats/sample-binomial.test.ts)
 * and from its asymptotic series beyond, where the truncation error is below
 * 1/(1680 (k + 1)⁷) < 1e-10.
 */
const STIRLING_TAIL = [
  0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
  0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.010411265261972,
  0.00925546218271273, 0.00833056343336287,
];

export function stirlingTail(k: number): number {
  const tabulated = STIRLING_TAIL[k];
  if (tabulated !== undefined) {
    return tabulated;
  }
  const k1 = k + 1;
  const k1sq = k1 * k1;
  return (1 / 12 - (1 / 360 - 1 / 1260 / k1sq) / k1sq) / k1;
}

/** Sequential-search inversion from 0; expected n·p + 1 steps. */
function sampleByInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const start = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = rng.nextFloat();
    let r = start;
    let x = 0;
    while (u > r) {
      u -= r;
      x += 1;
      if (x > n) break; // rounding left mass beyond n: draw again
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

/**
 * BTRS: transformed rejection with squeeze (Hörmann, W. 1993. The generation
 * of binomial random variates. J. Statist. Comput. Simul. 46, 101–110).
 * O(1) expected time for any n; requires n·p ≥ 10 and p ≤ 0.5.
 */
function sampleByTransformedRejection(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  // The exact test's constants (three logarithms) are needed only when the squeeze fails, in
  // about one draw in eight: they are worked out then, once. Same arithmetic, same variates.
  let alpha = 0;
  let lpq = 0;
  let m = 0;
  let h = Number.NaN;
  for (;;) {
    const u = rng.nextFloat() - 0.5;
    let v = rng.nextFloat();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    // Squeeze: inside this box the hat lies below the target, accept at once.
    if (us >= 0.07 && v <= vr) return k;
    if (Number.isNaN(h)) {
      alpha = (2.83 + 5.1 / b) * spq;
      lpq = Math.log(p / q);
      m = Math.floor((n + 1) * p);
      h =
        (m + 0.5) * (Math.log((m + 1) / (n - m + 1)) - lpq) + stirlingTail(m) + stirlingTail(n - m);
    }
    v = Math.log((v * alpha) / (a / (us * us) + b));
    // log f(k)/f(m) through Stirling's formula with its exact tail f_c.
    const bound =
      h +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((n - k + 1) / (k + 1)) +
      (k + 0.5) * lpq -
      stirlingTail(k) -
      stirlingTail(n - k);
    if (v <= bound) return k;
  }
}

/**
 * A Binomial(n, p) variate. Exact in distribution (up to the < 1e-10
 * truncation of the Stirling tail series inside BTRS's acceptance test) and
 * fast for any n: sequential inversion when n·min(p, 1 − p) < 10, otherwise
 * Hörmann's BTRS in O(1) expected time. p > 0.5 is reduced to
 * n − Binomial(n, 1 − p).
 */
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  assertCount(n, "n");
  assertProbability(p, "p");
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  if (n * p < INVERSION_MEAN_LIMIT) return sampleByInversion(rng, n, p);
  return sampleByTransformedRejection(rng, n, p);
}
