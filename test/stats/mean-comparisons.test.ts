import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logRatioOfMeansInterval } from "../../src/stats/log-ratio-of-means-interval.js";
import { oneSampleMeanInterval } from "../../src/stats/one-sample.js";
import { standardizedMeanDifference } from "../../src/stats/standardized-mean-difference.js";

// Reference, numpy + scipy 1.17.1 for z, Hedges & Olkin (1985) SE:
//   python3 -c "import numpy as np; from scipy import stats
//   n1,m1,v1,n2,m2,v2=40,5.2,1.44,60,4.6,1.21
//   sp=np.sqrt(((n1-1)*v1+(n2-1)*v2)/(n1+n2-2)); d=(m1-m2)/sp
//   se=np.sqrt((n1+n2)/(n1*n2)+d*d/(2*(n1+n2))); z=stats.norm.ppf(0.975)
//   print(repr(d), repr(d-z*se), repr(d+z*se), repr(se), repr((1-3/(4*(n1+n2)-9))*d))"
describe("standardizedMeanDifference", () => {
  it("matches the Hedges–Olkin large-sample interval", () => {
    const r = standardizedMeanDifference(
      { count: 40, mean: 5.2, variance: 1.44 },
      { count: 60, mean: 4.6, variance: 1.21 },
      0.95,
    );
    if (r.value === null) throw new Error(r.reason);
    expect(r.value.estimate).toBeCloseTo(0.5259252920133265, 14);
    expect(r.value.low).toBeCloseTo(0.11926391930736163, 14);
    expect(r.value.high).toBeCloseTo(0.9325866647192913, 14);
    expect(r.value.standardError).toBeCloseTo(0.20748410476603546, 14);
    expect(r.value.hedgesG).toBeCloseTo(0.5218900595937869, 14);
  });

  it("is unavailable for n < 2 or zero pooled variance", () => {
    const s = { count: 10, mean: 1, variance: 1 };
    expect(
      standardizedMeanDifference({ count: 1, mean: 1, variance: 0 }, s, 0.95).value,
    ).toBeNull();
    const flat = { count: 10, mean: 2, variance: 0 };
    expect(standardizedMeanDifference(flat, { ...flat, mean: 3 }, 0.95).value).toBeNull();
  });

  it("contains d and widens with confidence", () => {
    const summary = fc.record({
      count: fc.integer({ min: 2, max: 5000 }),
      mean: fc.double({ min: -100, max: 100, noNaN: true }),
      variance: fc.double({ min: 0.01, max: 100, noNaN: true }),
    });
    fc.assert(
      fc.property(summary, summary, (s1, s2) => {
        const a = standardizedMeanDifference(s1, s2, 0.9);
        const b = standardizedMeanDifference(s1, s2, 0.99);
        if (a.value === null || b.value === null) throw new Error("unexpected null");
        expect(a.value.low).toBeLessThanOrEqual(a.value.estimate);
        expect(a.value.high).toBeGreaterThanOrEqual(a.value.estimate);
        expect(b.value.low).toBeLessThanOrEqual(a.value.low);
        expect(b.value.high).toBeGreaterThanOrEqual(a.value.high);
      }),
    );
  });
});

// Reference, numpy + scipy 1.17.1 for z (delta method on the log scale):
//   python3 -c "import numpy as np; from scipy import stats
//   n1,m1,v1,n2,m2,v2=200,105.0,400.0,300,98.0,350.0
//   lr=np.log(m1/m2); se=np.sqrt(v1/(n1*m1*m1)+v2/(n2*m2*m2)); z=stats.norm.ppf(0.975)
//   print(repr(m1/m2), repr(np.exp(lr-z*se)), repr(np.exp(lr+z*se)), repr(se))"
describe("logRatioOfMeansInterval", () => {
  it("matches the delta-method interval", () => {
    const r = logRatioOfMeansInterval(
      { count: 200, mean: 105, variance: 400 },
      { count: 300, mean: 98, variance: 350 },
      0.95,
    );
    if (r.value === null) throw new Error(r.reason);
    expect(r.value.estimate).toBeCloseTo(1.0714285714285714, 14);
    expect(r.value.low).toBeCloseTo(1.0354981011866342, 14);
    expect(r.value.high).toBeCloseTo(1.1086057833983083, 14);
    expect(r.value.logStandardError).toBeCloseTo(0.017403535789749704, 15);
  });

  it("is unavailable for non-positive means or n < 2", () => {
    const s = { count: 10, mean: 1, variance: 1 };
    expect(logRatioOfMeansInterval({ ...s, mean: 0 }, s, 0.95).value).toBeNull();
    expect(logRatioOfMeansInterval(s, { ...s, count: 1 }, 0.95).value).toBeNull();
  });

  it("is unavailable when both groups are constant, not a zero-width interval", () => {
    const flat = logRatioOfMeansInterval(
      { count: 5, mean: 12, variance: 0 },
      { count: 8, mean: 10, variance: 0 },
      0.95,
    );
    expect(flat.value === null && flat.reason).toMatch(/zero variance/);
    // One constant group still leaves the other's standard error: a proper interval.
    const one = logRatioOfMeansInterval(
      { count: 5, mean: 12, variance: 0 },
      { count: 8, mean: 10, variance: 4 },
      0.95,
    );
    expect(one.value?.low).toBeLessThan(1.2);
    expect(one.value?.high).toBeGreaterThan(1.2);
  });

  it("contains the ratio and narrows when the groups grow k-fold", () => {
    // Coefficient of variation up to 2, as for prices; wider spreads push the
    // delta-method bounds past the double range.
    const summary = fc
      .tuple(
        fc.integer({ min: 2, max: 5000 }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
      )
      .map(([count, mean, cv]) => ({ count, mean, variance: (cv * mean) ** 2 }));
    fc.assert(
      fc.property(summary, summary, fc.integer({ min: 2, max: 10 }), (s1, s2, k) => {
        const r = logRatioOfMeansInterval(s1, s2, 0.95);
        const rk = logRatioOfMeansInterval(
          { ...s1, count: s1.count * k },
          { ...s2, count: s2.count * k },
          0.95,
        );
        if (r.value === null || rk.value === null) throw new Error("unexpected null");
        expect(r.value.low).toBeLessThanOrEqual(r.value.estimate * (1 + 1e-12));
        expect(r.value.high).toBeGreaterThanOrEqual(r.value.estimate * (1 - 1e-12));
        expect(rk.value.high / rk.value.low).toBeLessThan(r.value.high / r.value.low);
      }),
    );
  });
});

describe("oneSampleMeanInterval", () => {
  it("matches scipy's t interval", () => {
    // python3 -c "import scipy.stats as st, math
    // print(st.t.interval(0.95, 9, loc=10.5, scale=math.sqrt(2.25/10)))"
    // → (9.426964641044004, 11.573035358955996)
    const i = oneSampleMeanInterval({ count: 10, mean: 10.5, variance: 2.25 }, 0.95);
    expect(i?.low).toBeCloseTo(9.426964641044004, 12);
    expect(i?.high).toBeCloseTo(11.573035358955996, 12);
  });

  it("gives no interval for one value or a constant price (never [m, m])", () => {
    expect(oneSampleMeanInterval({ count: 1, mean: 120, variance: 0 }, 0.95)).toBeNull();
    expect(oneSampleMeanInterval({ count: 40, mean: 9.99, variance: 0 }, 0.95)).toBeNull();
  });
});
