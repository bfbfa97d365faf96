import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bootstrapPercentileInterval } from "../../src/stats/bootstrap-percentile-interval.js";
import { newcombeDifferenceInterval } from "../../src/stats/newcombe-difference-interval.js";
import type { Rng } from "../../src/stats/random.js";
import { sampleMultinomial } from "../../src/stats/sample-multinomial.js";

describe("bootstrapPercentileInterval", () => {
  const options = { resamples: 4000, seed: 2024, confidence: 0.95 };

  it("is a pure function of the statistic and the options", () => {
    const statistic = (rng: Rng) => rng.nextFloat();
    const a = bootstrapPercentileInterval(statistic, options);
    const b = bootstrapPercentileInterval(statistic, options);
    const c = bootstrapPercentileInterval(statistic, { ...options, seed: 2025 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    if (a.value === null) throw new Error(a.reason);
    expect(a.value).toMatchObject({ resamples: 4000, validResamples: 4000, seed: 2024 });
    // Quantiles of Uniform(0, 1): 0.025 and 0.975 (SE of each ≈ 0.0025).
    expect(Math.abs(a.value.low - 0.025)).toBeLessThan(0.01);
    expect(Math.abs(a.value.high - 0.975)).toBeLessThan(0.01);
  });

  it("uses type-7 quantiles", () => {
    // Statistic 0, 1, …, 10 in turn: numpy.percentile([0..10], [5, 95]) = [0.5, 9.5].
    let i = 0;
    const r = bootstrapPercentileInterval(() => i++, { resamples: 11, seed: 1, confidence: 0.9 });
    expect(r.value?.low).toBeCloseTo(0.5, 12);
    expect(r.value?.high).toBeCloseTo(9.5, 12);
  });

  it("takes the type-7 quantiles of a sort, whatever the order, ties and size", () => {
    // The quantiles come from partial selections; a full sort gives the reference.
    const type7 = (sorted: number[], q: number) => {
      const h = (sorted.length - 1) * q;
      const lower = Math.floor(h);
      const a = sorted[lower] as number;
      const b = sorted[Math.min(sorted.length - 1, lower + 1)] as number;
      return a + (h - lower) * (b - a);
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 400 }),
        fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99),
        (xs, confidence) => {
          let i = 0;
          const r = bootstrapPercentileInterval(() => (xs[i++] as number) / 4, {
            resamples: xs.length,
            seed: 1,
            confidence,
          });
          const sorted = xs.map((x) => x / 4).sort((a, b) => a - b);
          expect(r.value?.low).toBe(type7(sorted, (1 - confidence) / 2));
          expect(r.value?.high).toBe(type7(sorted, 1 - (1 - confidence) / 2));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("skips undefined resamples and reports how many were used", () => {
    let i = 0;
    const r = bootstrapPercentileInterval(() => (i++ % 4 === 0 ? null : i), options);
    expect(r.value?.validResamples).toBe(3000);
    const none = bootstrapPercentileInterval(() => null, options);
    expect(none.value).toBeNull();
  });

  it("reproduces Newcombe's interval for a parametric rate-difference bootstrap", () => {
    // Two groups' cells [selected, not selected]; resample each ~ multinomial.
    const g1 = [480, 1520];
    const g2 = [400, 1600];
    const statistic = (rng: Rng) => {
      const [a = 0, b = 0] = sampleMultinomial(rng, 2000, g1);
      const [c = 0, d = 0] = sampleMultinomial(rng, 2000, g2);
      return a / (a + b) - c / (c + d);
    };
    const boot = bootstrapPercentileInterval(statistic, options);
    const score = newcombeDifferenceInterval(480, 2000, 400, 2000, 0.95);
    if (boot.value === null || score === null) throw new Error("unexpected null");
    expect(Math.abs(boot.value.low - score.low)).toBeLessThan(0.004);
    expect(Math.abs(boot.value.high - score.high)).toBeLessThan(0.004);
  });

  it("rejects bad options", () => {
    expect(() => bootstrapPercentileInterval(() => 1, { ...options, resamples: 0 })).toThrow(
      RangeError,
    );
    expect(() => bootstrapPercentileInterval(() => 1, { ...options, confidence: 0 })).toThrow(
      RangeError,
    );
  });
});
