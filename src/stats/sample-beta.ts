import type { Rng } from "./random.js";

/** Standard normal by the Marsaglia polar method (one of the pair is discarded: no state). */
export function sampleNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.nextFloat() - 1;
    const v = 2 * rng.nextFloat() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma(shape, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
 * ACM TOMS 26(3): 363–372; for shape < 1 by their boost Gamma(shape + 1)·U^(1/shape).
 */
export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) return sampleGamma(rng, shape + 1) * rng.nextFloat() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}

/**
 * The k-th and (k+1)-th smallest of n independent uniforms (1 ≤ k < n), drawn directly:
 * U₍ₖ₎ ~ Beta(k, n − k + 1), and given it, U₍ₖ₊₁₎ = U₍ₖ₎ + (1 − U₍ₖ₎)·M with M the minimum of
 * n − k uniforms, M = 1 − V^(1/(n − k)) (David & Nagaraja 2003, Order Statistics, §2.2–2.5).
 * `out[0]`, `out[1]` receive them.
 */
export function sampleUniformOrderPair(rng: Rng, n: number, k: number, out: Float64Array): void {
  const low = sampleBeta(rng, k, n - k + 1);
  out[0] = low;
  out[1] = low + (1 - low) * -Math.expm1(Math.log(rng.nextFloat()) / (n - k));
}
