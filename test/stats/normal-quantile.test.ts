import { describe, expect, it } from "vitest";
import {
  normalCriticalValue,
  normalQuantile,
  normalSurvival,
} from "../../src/stats/normal-quantile.js";

// scipy 1.17.1: python3 -c "from scipy import stats; print([repr(stats.norm.ppf(p)) for p in [1e-300,1e-20,...]])"
const quantiles: [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-20, -9.262340089798409],
  [1e-10, -6.361340902404056],
  [0.001, -3.090232306167813],
  [0.025, -1.9599639845400545],
  [0.3, -0.5244005127080409],
  [0.8, 0.8416212335729143],
  [0.975, 1.959963984540054],
  [0.995, 2.5758293035489004],
  [1 - 1e-12, 7.0344869100478356],
];

// scipy 1.17.1: python3 -c "from scipy import stats; print([repr(stats.norm.isf((1-c)/2)) for c in [0.8,0.9,0.95,0.99,0.999]])"
const critical: [number, number][] = [
  [0.8, 1.2815515655446004],
  [0.9, 1.6448536269514729],
  [0.95, 1.959963984540054],
  [0.99, 2.5758293035489004],
  [0.999, 3.2905267314918945],
];

describe("normalQuantile", () => {
  it.each(quantiles)("norm.ppf(%f)", (p, expected) => {
    expect(Math.abs(normalQuantile(p) / expected - 1)).toBeLessThan(1e-15);
  });

  it("is exact at the centre and infinite at the ends", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it.each(critical)("two-sided critical value at %f", (c, expected) => {
    expect(Math.abs(normalCriticalValue(c) / expected - 1)).toBeLessThan(1e-15);
  });

  it("has an accurate upper tail", () => {
    // scipy 1.17.1: python3 -c "from scipy import stats; print(repr(stats.norm.sf(20)))"
    expect(Math.abs(normalSurvival(20) / 2.7536241186061556e-89 - 1)).toBeLessThan(1e-13);
  });
});
