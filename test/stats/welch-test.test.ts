import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { welchTest } from "../../src/stats/welch-test.js";

// scipy 1.17.1 ttest_ind_from_stats(equal_var=False) for t and p; Welch df and
// the t interval written out with scipy's t.ppf (ttest_ind's confidence_interval
// uses the same df and quantile):
//   python3 -c "import numpy as np; from scipy import stats
//   n1,m1,v1,n2,m2,v2=20,5.1,2.3,25,4.2,1.1
//   r=stats.ttest_ind_from_stats(m1,np.sqrt(v1),n1,m2,np.sqrt(v2),n2,equal_var=False)
//   a=v1/n1; b=v2/n2; df=(a+b)**2/(a*a/(n1-1)+b*b/(n2-1)); q=stats.t.ppf(0.975,df); se=np.sqrt(a+b)
//   print(repr(r.statistic), repr(df), repr(r.pvalue), repr(m1-m2-q*se), repr(m1-m2+q*se))"
type Row = [number, number, number, number, number, number, number, number, number, number, number];
const references: Row[] = [
  [
    20, 5.1, 2.3, 25, 4.2, 1.1, 2.2570643815898346, 32.548438099970646, 0.030843253807973856,
    0.08831322639523553, 1.7116867736047634,
  ],
  [
    5, 100.0, 400.0, 300, 80.0, 25.0, 2.2349042678308098, 4.008337615426165, 0.08898445832286614,
    -4.825841585620839, 44.825841585620836,
  ],
  [
    1000, 10.0, 1.0, 1000, 9.5, 1.2, 10.660035817780523, 1981.6229508196718, 7.73138409913277e-26,
    0.4080133560201217, 0.5919866439798783,
  ],
  [
    50, 12.0, 0.0, 40, 11.0, 4.0, 3.162277660168379, 39.0, 0.0030274224993788222,
    0.36036896901423254, 1.6396310309857673,
  ],
  [
    3000, 20.0, 4.0, 3000, 21.0, 4.0, -19.364916731037084, 5998.0, 4.37412533470219e-81,
    -1.1012325330704957, -0.8987674669295043,
  ],
];

describe("welchTest", () => {
  it.each(references)(
    "matches scipy for n=%i mean=%f var=%f vs n=%i mean=%f var=%f",
    (n1, m1, v1, n2, m2, v2, t, df, p, low, high) => {
      const result = welchTest(
        { count: n1, mean: m1, variance: v1 },
        { count: n2, mean: m2, variance: v2 },
        0.95,
      );
      if (result.value === null) throw new Error(result.reason);
      const r = result.value;
      expect(Math.abs(r.statistic / t - 1)).toBeLessThan(1e-12);
      expect(Math.abs(r.df / df - 1)).toBeLessThan(1e-12);
      expect(Math.abs(r.pValue / p - 1)).toBeLessThan(1e-6);
      expect(r.difference).toBeCloseTo(m1 - m2, 14);
      expect(Math.abs(r.interval.low - low)).toBeLessThan(1e-9);
      expect(Math.abs(r.interval.high - high)).toBeLessThan(1e-9);
    },
  );

  it("is unavailable with fewer than 2 observations or zero variance in both groups", () => {
    const one = welchTest(
      { count: 1, mean: 3, variance: 0 },
      { count: 9, mean: 2, variance: 1 },
      0.95,
    );
    expect(one.value === null && one.reason).toMatch(/at least 2/);
    const flat = welchTest(
      { count: 5, mean: 3, variance: 0 },
      { count: 9, mean: 2, variance: 0 },
      0.95,
    );
    expect(flat.value === null && flat.reason).toMatch(/zero variance/);
  });

  it("gives p in [0, 1] and an interval around the difference that widens with confidence", () => {
    const summary = fc.record({
      count: fc.integer({ min: 2, max: 10000 }),
      mean: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      variance: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    });
    fc.assert(
      fc.property(summary, summary, (s1, s2) => {
        const r90 = welchTest(s1, s2, 0.9);
        const r95 = welchTest(s1, s2, 0.95);
        if (r90.value === null || r95.value === null) throw new Error("unexpected null");
        expect(r95.value.pValue).toBeGreaterThanOrEqual(0);
        expect(r95.value.pValue).toBeLessThanOrEqual(1);
        expect(r95.value.interval.low).toBeLessThanOrEqual(r95.value.difference);
        expect(r95.value.interval.high).toBeGreaterThanOrEqual(r95.value.difference);
        expect(r95.value.interval.low).toBeLessThanOrEqual(r90.value.interval.low);
        expect(r95.value.interval.high).toBeGreaterThanOrEqual(r90.value.interval.high);
      }),
    );
  });
});
