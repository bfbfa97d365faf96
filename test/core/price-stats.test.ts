import fc from "fast-check";
import { mean, median, sampleVariance } from "simple-statistics";
import { describe, expect, it } from "vitest";
import {
  addPrice,
  emptyPriceStats,
  mergePriceStats,
  priceMedian,
  priceStatsOf,
  priceVariance,
  runsFromMap,
} from "../../src/core/price-stats.js";

function statsOf(values: readonly number[]) {
  const s = emptyPriceStats();
  for (const v of values) addPrice(s, v);
  return s;
}

describe("price statistics", () => {
  it("matches a hand computation", () => {
    // 4.9, 9.9, 9.9, 19.9: mean 11.15, median 9.9, sample variance 38.33…
    const s = statsOf([9.9, 4.9, 19.9, 9.9]);
    expect(s.mean).toBeCloseTo(11.15, 12);
    expect(priceMedian(s)).toBe(9.9);
    expect(priceVariance(s)).toBeCloseTo(
      ((4.9 - 11.15) ** 2 + 2 * (9.9 - 11.15) ** 2 + (19.9 - 11.15) ** 2) / 3,
      12,
    );
    expect([s.min, s.max]).toEqual([4.9, 19.9]);
  });

  it("works out the same statistics from a histogram as from the values one by one", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 5_000 }).map((c) => c / 100),
          { maxLength: 300 },
        ),
        fc.nat(5),
        (values, missing) => {
          const streamed = statsOf(values);
          const histogram = new Map<number, number>();
          for (const v of values) histogram.set(v, (histogram.get(v) ?? 0) + 1);
          const runs = runsFromMap(histogram);
          const counted = priceStatsOf(runs, missing);
          expect(counted.count).toBe(values.length);
          expect(counted.missing).toBe(missing);
          expect([counted.min, counted.max]).toEqual([streamed.min, streamed.max]);
          expect(counted.histogram).toBe(runs);
          if (values.length === 0) return;
          // Welford's streamed moments against the histogram's compensated sums.
          expect(counted.mean).toBeCloseTo(streamed.mean, 9);
          expect(counted.m2).toBeCloseTo(streamed.m2, 6);
          expect(counted.mean).toBeCloseTo(mean(values), 9);
        },
      ),
    );
  });

  it("takes the mean of the middle pair for an even count", () => {
    expect(priceMedian(statsOf([1, 2, 3, 10]))).toBe(2.5);
    expect(priceMedian(statsOf([]))).toBeNull();
  });

  it("equals simple-statistics on random data, whatever the split and merge order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
          { minLength: 2, maxLength: 200 },
        ),
        fc.nat(),
        (values, cut) => {
          const at = cut % values.length;
          const merged = mergePriceStats(statsOf(values.slice(at)), statsOf(values.slice(0, at)));
          expect(merged.count).toBe(values.length);
          expect(merged.mean).toBeCloseTo(mean(values), 9);
          expect(priceVariance(merged) ?? 0).toBeCloseTo(sampleVariance(values), 6);
          expect(priceMedian(merged)).toBeCloseTo(median(values), 12);
          expect(merged.min).toBe(Math.min(...values));
        },
      ),
    );
  });
});
