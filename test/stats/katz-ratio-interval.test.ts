import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { katzRatioInterval } from "../../src/stats/katz-ratio-interval.js";

// Reference: the Katz log interval in numpy, with the documented 0.5
// correction (x+0.5, n+0.5) when a count is 0 (scipy 1.17.1 for z):
//   python3 -c "import numpy as np; from scipy import stats
//   def k(x1,n1,x2,n2,c=0.95):
//     z=stats.norm.isf((1-c)/2)
//     if x1==0 or x2==0: x1+=.5; x2+=.5; n1+=.5; n2+=.5
//     lr=np.log((x1/n1)/(x2/n2)); se=np.sqrt(1/x1-1/n1+1/x2-1/n2)
//     return (np.exp(lr), np.exp(lr-z*se), np.exp(lr+z*se))
//   print(repr(k(30,100,45,100)))"
const references: [number, number, number, number, number, number, number, boolean][] = [
  [30, 100, 45, 100, 0.6666666666666666, 0.46068560140225634, 0.9647456814183548, false],
  [120, 1000, 80, 1200, 1.8, 1.3738599689867874, 2.3583189503581496, false],
  [0, 50, 7, 60, 0.07986798679867987, 0.004674607927720446, 1.3645840279881487, true],
  [7, 60, 0, 50, 12.520661157024794, 0.7328240544294902, 213.92168401332557, true],
];

describe("katzRatioInterval", () => {
  it.each(references)(
    "matches the log method for %i/%i ÷ %i/%i",
    (x1, n1, x2, n2, estimate, low, high, corrected) => {
      const result = katzRatioInterval(x1, n1, x2, n2, 0.95);
      if (result.value === null) throw new Error(result.reason);
      expect(result.value.corrected).toBe(corrected);
      expect(result.value.estimate).toBeCloseTo(estimate, 13);
      expect(result.value.low / low - 1).toBeCloseTo(0, 12);
      expect(result.value.high / high - 1).toBeCloseTo(0, 12);
    },
  );

  it("is unavailable for an empty group or two zero counts", () => {
    expect(katzRatioInterval(0, 0, 3, 10, 0.95).value).toBeNull();
    expect(katzRatioInterval(3, 10, 0, 0, 0.95).value).toBeNull();
    const both = katzRatioInterval(0, 10, 0, 20, 0.95);
    expect(both.value).toBeNull();
    expect(both.value === null && both.reason).toMatch(/0\/0/);
  });

  const group = fc
    .integer({ min: 1, max: 2000 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it("contains the estimate, widens with confidence and narrows with k copies", () => {
    fc.assert(
      fc.property(group, group, fc.integer({ min: 2, max: 10 }), ([x1, n1], [x2, n2], k) => {
        fc.pre(x1 > 0 || x2 > 0);
        const r90 = katzRatioInterval(x1, n1, x2, n2, 0.9);
        const r95 = katzRatioInterval(x1, n1, x2, n2, 0.95);
        if (r90.value === null || r95.value === null) throw new Error("unexpected null");
        const e = r95.value.estimate;
        expect(r95.value.low).toBeLessThanOrEqual(e * (1 + 1e-12));
        expect(r95.value.high).toBeGreaterThanOrEqual(e * (1 - 1e-12));
        expect(r95.value.low).toBeLessThanOrEqual(r90.value.low * (1 + 1e-12));
        expect(r95.value.high).toBeGreaterThanOrEqual(r90.value.high * (1 - 1e-12));
        // Duplication only narrows the uncorrected interval (the correction
        // itself changes with k).
        if (!r95.value.corrected && (x1 < n1 || x2 < n2)) {
          const rk = katzRatioInterval(x1 * k, n1 * k, x2 * k, n2 * k, 0.95);
          if (rk.value === null) throw new Error("unexpected null");
          expect(Math.log(rk.value.high / rk.value.low)).toBeLessThan(
            Math.log(r95.value.high / r95.value.low),
          );
        }
      }),
    );
  });
});
