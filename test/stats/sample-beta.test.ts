import { describe, expect, it } from "vitest";
import { createRng } from "../../src/stats/random.js";
import {
  sampleBeta,
  sampleGamma,
  sampleNormal,
  sampleUniformOrderPair,
} from "../../src/stats/sample-beta.js";

/** Mean and variance of `draws` values of f. */
function moments(draws: number, f: () => number): { mean: number; variance: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < draws; i++) {
    const x = f();
    sum += x;
    sq += x * x;
  }
  const mean = sum / draws;
  return { mean, variance: sq / draws - mean * mean };
}

// Each check allows 5 standard errors of the sample mean (fixed seeds: deterministic); the
// targets are the textbook moments, shown in each case.
describe("samplers", () => {
  const N = 40_000;

  it("normal: mean 0, variance 1", () => {
    const rng = createRng(3);
    const m = moments(N, () => sampleNormal(rng));
    expect(Math.abs(m.mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(m.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
  });

  it.each([0.3, 1, 2.5, 40, 5e6])("gamma(%d): mean and variance equal the shape", (shape) => {
    const rng = createRng(5);
    const m = moments(N, () => sampleGamma(rng, shape));
    expect(Math.abs(m.mean - shape)).toBeLessThan(5 * Math.sqrt(shape / N));
    expect(Math.abs(m.variance / shape - 1)).toBeLessThan(0.05);
  });

  it.each([
    [1, 1],
    [3, 7],
    [500_000, 500_001],
  ])("beta(%d, %d): mean a/(a+b), variance ab/((a+b)²(a+b+1))", (a, b) => {
    const rng = createRng(7);
    const m = moments(N, () => sampleBeta(rng, a, b));
    const mean = a / (a + b);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
    expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.05);
  });

  it("the two middle uniform order statistics: E U(k) = k/(n+1), E U(k+1) = (k+1)/(n+1)", () => {
    const rng = createRng(9);
    const out = new Float64Array(2);
    const n = 10;
    const k = 5;
    let low = 0;
    let high = 0;
    for (let i = 0; i < N; i++) {
      sampleUniformOrderPair(rng, n, k, out);
      expect(out[1]).toBeGreaterThan(out[0] as number);
      low += out[0] as number;
      high += out[1] as number;
    }
    // Var U(k) = k(n−k+1)/((n+1)²(n+2)) = 30/1452 ≈ 0.0207; 5 SE ≈ 0.0036.
    expect(Math.abs(low / N - 5 / 11)).toBeLessThan(0.0036);
    expect(Math.abs(high / N - 6 / 11)).toBeLessThan(0.0036);
  });
});
