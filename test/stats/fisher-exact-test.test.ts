import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fisherExactTest } from "../../src/stats/fisher-exact-test.js";

// Exact references: rational arithmetic over Python's exact binomial
// coefficients, with the same 1 + 1e-7 tie tolerance, then rounded once:
//   python3 -c "import math; from fractions import Fraction as F
//   def f(a,b,c,d):
//     r1,r2,c1=a+b,c+d,a+c; lo,hi=max(0,c1-r2),min(r1,c1)
//     pm={k:math.comb(r1,k)*math.comb(r2,c1-k) for k in range(lo,hi+1)}
//     s=sum(v for v in pm.values() if F(v)<=F(pm[a])*(1+F(1,10**7)))
//     return float(F(s,math.comb(r1+r2,c1)))
//   print(repr(f(150,20,20,150)))"
// scipy 1.17.1 stats.fisher_exact agrees with every one of them to < 4e-15
// relative (e.g. 5.72993320864404e-50 for the first far-tail table).
const exact: [number, number, number, number, number][] = [
  [1, 9, 11, 3, 0.0027594561852200836],
  [60, 10, 10, 60, 3.4468715153171144e-18],
  [80, 5, 5, 80, 2.3620945191906766e-35],
  [150, 20, 20, 150, 5.729933208644037e-50],
  [100, 0, 0, 100, 2.2087606931995028e-59],
  [2000, 3000, 3000, 2000, 2.1323175603342133e-89],
  [300, 5, 2, 310, 6.779486613236958e-170],
];

// scipy 1.17.1: python3 -c "from scipy import stats; r=stats.fisher_exact([[8,2],[1,5]]); print(r.statistic, repr(r.pvalue))"
const scipy: [number, number, number, number, number, number][] = [
  [3, 1, 1, 3, 9.0, 0.48571428571428565],
  [8, 2, 1, 5, 20.0, 0.034965034965034975],
  [0, 5, 5, 0, 0.0, 0.007936507936507938],
  [10, 20, 30, 40, 0.6666666666666666, 0.5044757698516285],
  [500, 20, 10, 480, 1200.0, 4.566192408579739e-247],
];

describe("fisherExactTest", () => {
  it.each(exact)("gives the exact two-sided p for [[%i, %i], [%i, %i]]", (a, b, c, d, p) => {
    const { pValue } = fisherExactTest(a, b, c, d);
    expect(Math.abs(pValue / p - 1)).toBeLessThan(1e-6);
  });

  it.each(scipy)("matches scipy for [[%i, %i], [%i, %i]]", (a, b, c, d, or, p) => {
    const result = fisherExactTest(a, b, c, d);
    expect(result.oddsRatio).toBeCloseTo(or, 12);
    expect(Math.abs(result.pValue / p - 1)).toBeLessThan(1e-6);
  });

  it("reports an infinite odds ratio when b·c = 0 and null for an empty margin", () => {
    expect(fisherExactTest(100, 0, 0, 100).oddsRatio).toBe(Number.POSITIVE_INFINITY);
    // scipy: fisher_exact([[7,0],[0,0]]) -> (nan, 1.0)
    expect(fisherExactTest(7, 0, 0, 0)).toEqual({ oddsRatio: null, pValue: 1 });
  });

  it("gives p = 1 for the most probable table and is symmetric under swapping rows", () => {
    expect(fisherExactTest(5, 5, 5, 5).pValue).toBe(1);
    fc.assert(
      fc.property(fc.tuple(fc.nat(60), fc.nat(60), fc.nat(60), fc.nat(60)), ([a, b, c, d]) => {
        const p = fisherExactTest(a, b, c, d).pValue;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(Math.abs(fisherExactTest(c, d, a, b).pValue - p)).toBeLessThanOrEqual(1e-12 * p);
      }),
    );
  });
});
