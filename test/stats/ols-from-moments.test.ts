import { describe, expect, it } from "vitest";
import { addObservation, createMoments, mergeMoments } from "../../src/stats/moments.js";
import { olsFromMoments } from "../../src/stats/ols-from-moments.js";

// numpy 2.4.6 lstsq + classical SEs, scipy 1.17.1 t quantile and tail:
//   python3 -c "import numpy as np; from scipy import stats
//   X=np.column_stack([np.ones(12), np.arange(12.0), np.arange(12.0)%3])
//   y=np.array([3.1,4.0,5.2,5.9,7.1,8.3,8.8,10.2,11.1,11.8,13.2,14.1])
//   b,rss,_,_=np.linalg.lstsq(X,y,rcond=None); s2=rss[0]/9; se=np.sqrt(s2*np.diag(np.linalg.inv(X.T@X)))
//   q=stats.t.ppf(0.975,9); print(b, se, rss, b-q*se, b+q*se, 2*stats.t.sf(abs(b/se),9))"
const y = [3.1, 4.0, 5.2, 5.9, 7.1, 8.3, 8.8, 10.2, 11.1, 11.8, 13.2, 14.1];
const rows = y.map((_, i) => [1, i, i % 3]);
const beta = [2.969166666666675, 0.9911111111111073, 0.14638888888891022];
const se = [0.07047622399184118, 0.01013286223726258, 0.042840562391362684];
const low = [2.809738371756561, 0.9681889842214363, 0.04947680381698573];
const high = [3.1285949615767894, 1.0140332380007782, 0.24330097396083472];
const pValues = [1.1927708616295739e-11, 6.189967939942852e-15, 0.0076634658664468305];

function close(actual: number | undefined, expected: number | undefined, relative: number): void {
  expect(Math.abs((actual ?? Number.NaN) / (expected ?? Number.NaN) - 1)).toBeLessThan(relative);
}

describe("olsFromMoments", () => {
  it("matches numpy least squares with classical standard errors", () => {
    const m = createMoments(3);
    rows.forEach((x, i) => {
      addObservation(m, x, y[i] ?? 0);
    });
    const fit = olsFromMoments(m, 0.95);
    if (fit.value === null) throw new Error(fit.reason);
    expect(fit.value.residualDf).toBe(9);
    close(fit.value.residualSumOfSquares, 0.12475000000000055, 1e-9);
    for (let j = 0; j < 3; j++) {
      close(fit.value.coefficients[j], beta[j], 1e-11);
      close(fit.value.standardErrors[j], se[j], 1e-9);
      close(fit.value.intervals[j]?.low, low[j], 1e-9);
      close(fit.value.intervals[j]?.high, high[j], 1e-9);
      close(fit.value.pValues[j], pValues[j], 1e-6);
    }
  });

  it("gives the same fit from merged halves as from the whole", () => {
    const whole = createMoments(3);
    const first = createMoments(3);
    const second = createMoments(3);
    rows.forEach((x, i) => {
      addObservation(whole, x, y[i] ?? 0);
      addObservation(i < 5 ? first : second, x, y[i] ?? 0);
    });
    const merged = mergeMoments(first, second);
    expect(merged.n).toBe(12);
    const a = olsFromMoments(whole);
    const b = olsFromMoments(merged);
    if (a.value === null || b.value === null) throw new Error("unexpected null");
    b.value.coefficients.forEach((c, j) => {
      expect(c).toBeCloseTo(a.value?.coefficients[j] ?? Number.NaN, 12);
    });
  });

  it("fails clearly on a singular design or too few observations", () => {
    const m = createMoments(3);
    for (let i = 0; i < 10; i++) addObservation(m, [1, i, 2 * i + 1], i * 0.5);
    const singular = olsFromMoments(m);
    expect(singular.value === null && singular.reason).toMatch(/singular: column 2/);

    const zero = createMoments(2);
    for (let i = 0; i < 5; i++) addObservation(zero, [1, 0], i);
    expect(olsFromMoments(zero).value).toBeNull();

    const few = createMoments(2);
    addObservation(few, [1, 0], 1);
    addObservation(few, [1, 1], 2);
    const none = olsFromMoments(few);
    expect(none.value === null && none.reason).toMatch(/residual degrees of freedom/);
  });

  it("rejects mismatched dimensions", () => {
    expect(() => addObservation(createMoments(2), [1], 0)).toThrow(RangeError);
    expect(() => mergeMoments(createMoments(2), createMoments(3))).toThrow(RangeError);
    expect(() => olsFromMoments({ xtx: [[1]], xty: [1, 2], yty: 1, n: 5 })).toThrow(RangeError);
  });
});
