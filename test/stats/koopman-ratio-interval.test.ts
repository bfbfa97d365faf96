import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquareTest2x2 } from "../../src/stats/chi-square-test.js";
import { katzRatioInterval } from "../../src/stats/katz-ratio-interval.js";
import {
  koopmanRatioInterval,
  ratioScoreStatistic,
} from "../../src/stats/koopman-ratio-interval.js";

// Independent reference: the constrained MLE by scipy.optimize.brentq on the log-likelihood's
// derivative, Pearson's X² against the constrained fitted counts, bounds by brentq on log θ
// (scipy 1.17.1):
//   python3 test/stats/check_koopman.py
// [x1, n1, x2, n2, low 95%, high 95%, low 90%, high 90%]
const references: [number, number, number, number, number, number, number, number][] = [
  [50, 50, 150, 150, 0.9286524008666414, 1.0256097254712941, 0.9486668142137301, 1.018036956360636],
  [20, 20, 150, 150, 0.8388748419471806, 1.0256097254712941, 0.8808421626390359, 1.018036956360636],
  [1, 1, 80, 200, 0.5133336965885308, 2.9885914793834143, 0.6710087055082424, 2.9008957141662823],
  [0, 20, 10, 100, 0.0, 1.6823912831793566, 0.0, 1.220562962212644],
  [20, 20, 0, 10, 3.6031777162700576, Infinity, 4.696115094681962, Infinity],
  [0, 1, 1, 1, 0.0, 1.9207294103470618, 0.0, 1.352771727047702],
  [1, 1, 0, 1, 0.5206355432540116, Infinity, 0.7392230189363928, Infinity],
  [1, 2, 2, 2, 0.09453120573423107, 1.9405470577602966, 0.12086631942227392, 1.5145787952857768],
  [0, 2, 1, 5, 0.0, 6.807918447467314, 0.0, 4.89881565987766],
  [5, 5, 2, 5, 1.0663206272571824, 8.50189948607251, 1.2840661405670986, 7.007390665963383],
  [2, 5, 3, 5, 0.1748084396247063, 2.3004429985184722, 0.2144276449923334, 1.896677293002041],
  [
    30, 100, 45, 100, 0.4584735562894771, 0.9588339599545972, 0.4871413383075501,
    0.9051510327342477,
  ],
  [
    120, 1000, 80, 1200, 1.3752846934773397, 2.3569862584146257, 1.435769369199586,
    2.2573843404730605,
  ],
  [7, 60, 0, 50, 1.5959741096055047, Infinity, 2.242283612012437, Infinity],
  [36, 40, 16, 80, 2.9395691922149942, 7.152223434866029, 3.136759221060522, 6.632738076404821],
  [10, 75, 12, 225, 1.139026153556222, 5.4008060398527045, 1.2876080058970023, 4.797540928574808],
  [0, 2, 8, 481, 0.0, 50.158138368661106, 0.0, 40.38320553812567],
  [2, 15, 0, 1, 0.081819235381345, Infinity, 0.10792996956053807, Infinity],
];

function expectBound(actual: number, expected: number, relative: number): void {
  if (expected === 0 || !Number.isFinite(expected)) expect(actual).toBe(expected);
  else expect(Math.abs(actual / expected - 1)).toBeLessThan(relative);
}

describe("koopmanRatioInterval", () => {
  it.each(references)(
    "matches the root-found score interval for %i/%i ÷ %i/%i",
    (x1, n1, x2, n2, low95, high95, low90, high90) => {
      const r95 = koopmanRatioInterval(x1, n1, x2, n2, 0.95);
      const r90 = koopmanRatioInterval(x1, n1, x2, n2, 0.9);
      if (r95.value === null || r90.value === null) throw new Error("unexpected null");
      expectBound(r95.value.low, low95, 1e-9);
      expectBound(r95.value.high, high95, 1e-9);
      expectBound(r90.value.low, low90, 1e-9);
      expectBound(r90.value.high, high90, 1e-9);
      expect(r95.value.estimate).toBe(x2 === 0 ? Infinity : x1 / n1 / (x2 / n2));
    },
  );

  it("reproduces Koopman's (1984) published example, 36/40 vs 16/80", () => {
    // Koopman (1984) Biometrics 40, 513–517, the diagnostic-test example, as printed by Stata's
    // `koopmani 36 40 16 80` (Stata Technical Bulletin STB-58, 2000): 95% [2.939633, 7.152252],
    // 99% [2.598043, 8.283284] — found by bisection to about 1e-4 relative, hence the tolerance.
    const r95 = koopmanRatioInterval(36, 40, 16, 80, 0.95);
    const r99 = koopmanRatioInterval(36, 40, 16, 80, 0.99);
    if (r95.value === null || r99.value === null) throw new Error("unexpected null");
    expect(r95.value.estimate).toBeCloseTo(4.5, 12);
    expectBound(r95.value.low, 2.939633, 2e-4);
    expectBound(r95.value.high, 7.152252, 2e-4);
    expectBound(r99.value.low, 2.598043, 2e-4);
    expectBound(r99.value.high, 8.283284, 2e-4);
  });

  it("does not collapse where Katz does: both rates 1", () => {
    // Katz: [1, 1] (a rate of 1 contributes no variance); the score interval keeps its width.
    const katz = katzRatioInterval(50, 50, 150, 150, 0.95);
    expect(katz.value?.low).toBe(1);
    expect(katz.value?.high).toBe(1);
    // Hand calculation: with both rates 1 and θ < 1 the constrained estimates are p̃2 = 1,
    // p̃1 = θ, so U(θ) = (1 − θ)² / (θ(1 − θ)/n1) = n1(1 − θ)/θ; U = z² at θ = n1/(n1 + z²).
    // For θ > 1 by symmetry 1/θ = n2/(n2 + z²).
    const z2 = 1.959963984540054 ** 2;
    const r = koopmanRatioInterval(50, 50, 150, 150, 0.95);
    expect(r.value?.low).toBeCloseTo(50 / (50 + z2), 12);
    expect(r.value?.high).toBeCloseTo((150 + z2) / 150, 12);
  });

  it("is unavailable for an empty group or no events at all", () => {
    expect(koopmanRatioInterval(0, 0, 3, 10, 0.95).value).toBeNull();
    expect(koopmanRatioInterval(3, 10, 0, 0, 0.95).value).toBeNull();
    const both = koopmanRatioInterval(0, 5, 0, 5, 0.95);
    expect(both.value === null && both.reason).toMatch(/0\/0/);
  });

  it("has Pearson's X² as its statistic at θ = 1 (scipy chi2_contingency, correction=False)", () => {
    //   python3 -c "from scipy import stats; print(repr(stats.chi2_contingency([[30,70],[45,55]], correction=False).statistic))"
    //   → 4.8; [[1,0],[80,120]] → 1.4888888888888887; [[2,3],[3,2]] → 0.4
    expect(ratioScoreStatistic(30, 100, 45, 100, 1)).toBeCloseTo(4.8, 12);
    expect(ratioScoreStatistic(1, 1, 80, 200, 1)).toBeCloseTo(1.4888888888888887, 12);
    expect(ratioScoreStatistic(2, 5, 3, 5, 1)).toBeCloseTo(0.4, 12);
  });

  const group = fc
    .integer({ min: 1, max: 500 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it("excludes 1 exactly when Pearson's chi-square test rejects at the same level", () => {
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        fc.pre(x1 + x2 > 0 && x1 + x2 < n1 + n2);
        const r = koopmanRatioInterval(x1, n1, x2, n2, 0.95);
        const chi = chiSquareTest2x2(x1, n1 - x1, x2, n2 - x2, { yates: false });
        if (r.value === null || chi.value === null) throw new Error("unexpected null");
        // Away from the boundary (p within 1e-9 of α could round either way).
        fc.pre(Math.abs(chi.value.pValue - 0.05) > 1e-9);
        const excludes = r.value.low > 1 || r.value.high < 1;
        expect(excludes).toBe(chi.value.pValue < 0.05);
      }),
      { numRuns: 500 },
    );
  });

  it("contains its estimate and widens with the confidence level", () => {
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        fc.pre(x1 > 0 || x2 > 0);
        const r90 = koopmanRatioInterval(x1, n1, x2, n2, 0.9);
        const r95 = koopmanRatioInterval(x1, n1, x2, n2, 0.95);
        if (r90.value === null || r95.value === null) throw new Error("unexpected null");
        const { estimate, low, high } = r95.value;
        expect(low).toBeLessThanOrEqual(estimate);
        expect(high).toBeGreaterThanOrEqual(estimate);
        expect(low).toBeLessThanOrEqual(r90.value.low);
        expect(high).toBeGreaterThanOrEqual(r90.value.high);
        // Never a zero-width interval: the data never make a ratio certain.
        expect(high).toBeGreaterThan(low);
      }),
      { numRuns: 300 },
    );
  });
});
