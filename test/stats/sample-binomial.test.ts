import gammaln from "@stdlib/math-base-special-gammaln";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/stats/random.js";
import { sampleBinomial, stirlingTail } from "../../src/stats/sample-binomial.js";
import { sampleMultinomial } from "../../src/stats/sample-multinomial.js";

function logBinomialPmf(k: number, n: number, p: number): number {
  return (
    gammaln(n + 1) -
    gammaln(k + 1) -
    gammaln(n - k + 1) +
    k * Math.log(p) +
    (n - k) * Math.log1p(-p)
  );
}

/**
 * Pearson goodness-of-fit statistic of `draws` Binomial(n, p) samples against
 * the exact pmf (log-gamma, independent of the sampler's Stirling series),
 * cells pooled so every expected count is ≥ 20, and its degrees of freedom.
 */
function goodnessOfFit(n: number, p: number, seed: number, draws: number) {
  const rng = createRng(seed);
  const counts = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const k = sampleBinomial(rng, n, p);
    expect(Number.isInteger(k) && k >= 0 && k <= n).toBe(true);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let statistic = 0;
  let cells = 0;
  let expected = 0;
  let observed = 0;
  for (let k = 0; k <= n; k++) {
    expected += draws * Math.exp(logBinomialPmf(k, n, p));
    observed += counts.get(k) ?? 0;
    if (expected >= 20 || k === n) {
      statistic += (observed - expected) ** 2 / expected;
      cells += 1;
      expected = 0;
      observed = 0;
    }
  }
  return { statistic, df: cells - 1 };
}

/** χ² upper 0.1% point by Wilson–Hilferty (accurate to ~1% for df ≥ 3). */
function chiSquareCritical999(df: number): number {
  const z = 3.090232306167813; // scipy 1.17.1: stats.norm.ppf(0.999)
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

describe("sampleBinomial", () => {
  it("tabulates Stirling's tail correctly", () => {
    // scipy 1.17.1: python3 -c "import numpy as np; from scipy import special
    //   print([repr(special.gammaln(k+1)-((k+0.5)*np.log(k+1)-(k+1)+0.5*np.log(2*np.pi))) for k in range(12)])"
    const reference = [
      0.08106146679532733, 0.04134069595540946, 0.02767792568499805, 0.020790672103765395,
      0.016644691189822147, 0.013876128823071987, 0.011896709945892425, 0.010411265261973668,
      0.009255462182711227, 0.008330563433361249, 0.007573675487950737, 0.00694284010720736,
    ];
    reference.forEach((value, k) => {
      // Tabulated for k ≤ 9; beyond, the series' truncation bound 1/(1680 (k+1)⁷).
      const tolerance = k <= 9 ? 1e-14 : 1 / (1680 * (k + 1) ** 7);
      expect(Math.abs(stirlingTail(k) - value)).toBeLessThan(tolerance);
    });
  });

  // Inversion (n·p < 10), BTRS (n·p ≥ 10) and the p > 0.5 reflection.
  it.each([
    [20, 0.1, 1],
    [1000, 0.004, 2],
    [60, 0.3, 3],
    [1000, 0.3, 4],
    [100000, 0.02, 5],
    [500, 0.93, 6],
  ])("follows Binomial(%i, %f) (seeded χ² goodness of fit)", (n, p, seed) => {
    const { statistic, df } = goodnessOfFit(n, p, seed, 40_000);
    expect(df).toBeGreaterThanOrEqual(3);
    expect(statistic).toBeLessThan(chiSquareCritical999(df));
  });

  it("has the right mean and variance for very large n", () => {
    const rng = createRng(11);
    const n = 1_000_000_000;
    const p = 0.37;
    const draws = 4000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < draws; i++) {
      const k = sampleBinomial(rng, n, p);
      sum += k;
      sumSq += k * k;
    }
    const mean = sum / draws;
    const variance = (sumSq - draws * mean * mean) / (draws - 1);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
    expect(Math.abs(variance / (sd * sd) - 1)).toBeLessThan(0.1);
  });

  it("handles the degenerate cases and rejects bad arguments", () => {
    const rng = createRng(1);
    expect(sampleBinomial(rng, 0, 0.5)).toBe(0);
    expect(sampleBinomial(rng, 10, 0)).toBe(0);
    expect(sampleBinomial(rng, 10, 1)).toBe(10);
    expect(() => sampleBinomial(rng, -1, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 10, 1.2)).toThrow(RangeError);
  });
});

describe("sampleMultinomial", () => {
  it("keeps the total, never fills zero-weight cells, and matches the expected shares", () => {
    const rng = createRng(5);
    const cells = [40, 0, 10, 150]; // e.g. observed tp, fp, fn, tn
    const totals = [0, 0, 0, 0];
    const draws = 5000;
    for (let i = 0; i < draws; i++) {
      const x = sampleMultinomial(rng, 200, cells);
      expect(x.reduce((a, b) => a + b, 0)).toBe(200);
      expect(x[1]).toBe(0);
      x.forEach((v, j) => {
        totals[j] = (totals[j] ?? 0) + v;
      });
    }
    // Mean of each cell is n·π = the observed count; SE ≤ √(200·0.25/5000) = 0.1.
    totals.forEach((t, j) => {
      expect(Math.abs(t / draws - (cells[j] ?? 0))).toBeLessThan(0.5);
    });
  });

  it("sums to n with probabilities whose running remainder carries rounding", () => {
    const rng = createRng(9);
    for (let i = 0; i < 1000; i++) {
      const x = sampleMultinomial(rng, 1000, [0.1, 0.2, 0.7, 0]);
      expect(x.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(x[3]).toBe(0);
    }
  });

  it("rejects weights that are all zero or negative", () => {
    const rng = createRng(1);
    expect(() => sampleMultinomial(rng, 5, [0, 0])).toThrow(RangeError);
    expect(() => sampleMultinomial(rng, 5, [1, -1])).toThrow(RangeError);
    expect(sampleMultinomial(rng, 0, [0, 0])).toEqual([0, 0]);
  });
});
