import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../src/stats/wilson-interval.js";

// Reference: the statsmodels proportion_confint(method="wilson") formula in numpy
// (statsmodels is not installed here), scipy 1.17.1 for the critical value:
//   python3 -c "import numpy as np; from scipy import stats
//   def w(x,n,c):
//     z=stats.norm.isf((1-c)/2); p=x/n; d=1+z*z/n
//     cen=(p+z*z/(2*n))/d; h=z*np.sqrt(p*(1-p)/n+z*z/(4*n*n))/d; return (cen-h, cen+h)
//   print(repr(w(3,10,0.95)))"
const references: [number, number, number, number, number][] = [
  [0, 10, 0.95, 0.0, 0.2775327998628892],
  [3, 10, 0.95, 0.10779126740630099, 0.6032218525388546],
  [10, 10, 0.95, 0.7224672001371107, 0.9999999999999999],
  [56, 70, 0.95, 0.6918335550374695, 0.8769526075163705],
  [48, 80, 0.95, 0.4904546500516039, 0.7003817240412906],
  [1, 1000, 0.99, 0.00011741635361832078, 0.008460566219981694],
  [4321, 10000, 0.9, 0.42397136624705234, 0.44026536509522995],
];

describe("wilsonInterval", () => {
  it.each(references)("matches the statsmodels formula for %i/%i at %f", (x, n, c, low, high) => {
    const interval = wilsonInterval(x, n, c);
    expect(interval).not.toBeNull();
    expect(Math.abs((interval?.low ?? Number.NaN) - low)).toBeLessThan(1e-12);
    expect(Math.abs((interval?.high ?? Number.NaN) - high)).toBeLessThan(1e-12);
  });

  it("returns null for an empty group", () => {
    expect(wilsonInterval(0, 0, 0.95)).toBeNull();
  });

  it("pins the bounds to 0 and 1 at the extremes", () => {
    expect(wilsonInterval(0, 7, 0.95)?.low).toBe(0);
    expect(wilsonInterval(7, 7, 0.95)?.high).toBe(1);
  });

  it("rejects invalid arguments", () => {
    expect(() => wilsonInterval(5, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
  });

  const counts = fc
    .integer({ min: 1, max: 5000 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it("contains the point estimate and stays in [0, 1]", () => {
    fc.assert(
      fc.property(counts, fc.double({ min: 0.5, max: 0.999, noNaN: true }), ([x, n], c) => {
        const interval = wilsonInterval(x, n, c);
        expect(interval).not.toBeNull();
        if (interval === null) return;
        expect(interval.low).toBeGreaterThanOrEqual(0);
        expect(interval.high).toBeLessThanOrEqual(1);
        expect(interval.low).toBeLessThanOrEqual(x / n + 1e-15);
        expect(interval.high).toBeGreaterThanOrEqual(x / n - 1e-15);
      }),
    );
  });

  it("is never narrower at a higher confidence level", () => {
    fc.assert(
      fc.property(
        counts,
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        fc.double({ min: 0.001, max: 0.009, noNaN: true }),
        ([x, n], c, step) => {
          const narrow = wilsonInterval(x, n, c);
          const wide = wilsonInterval(x, n, c + step);
          if (narrow === null || wide === null) throw new Error("unexpected null");
          expect(wide.low).toBeLessThanOrEqual(narrow.low + 1e-15);
          expect(wide.high).toBeGreaterThanOrEqual(narrow.high - 1e-15);
        },
      ),
    );
  });

  it("narrows when the sample is duplicated k times", () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 2, max: 20 }), ([x, n], k) => {
        const once = wilsonInterval(x, n, 0.95);
        const many = wilsonInterval(x * k, n * k, 0.95);
        if (once === null || many === null) throw new Error("unexpected null");
        expect(many.high - many.low).toBeLessThan(once.high - once.low);
      }),
    );
  });
});
