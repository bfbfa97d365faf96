import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addFactorRow,
  type FactorMoments,
  INTERCEPT,
  mergeFactorMoments,
  moment,
  numericFeature,
  PRICE_FEATURE,
  shiftOf,
  shiftTo,
} from "../../src/core/factor-moments.js";

const X = numericFeature("x");

function momentsOf(rows: readonly [number, number][]): FactorMoments {
  const m: FactorMoments = new Map();
  for (const [x, y] of rows)
    addFactorRow(m, [
      [INTERCEPT, 1],
      [PRICE_FEATURE, y],
      [X, x],
    ]);
  return m;
}

/** Σ(x − x̄)², Σ(x − x̄)(y − ȳ), Σ(y − ȳ)² from moments about any shift. */
function centred(m: FactorMoments) {
  const n = moment(m, INTERCEPT, INTERCEPT);
  const sx = moment(m, INTERCEPT, X);
  const sy = moment(m, INTERCEPT, PRICE_FEATURE);
  return {
    n,
    xx: moment(m, X, X) - (sx * sx) / n,
    xy: moment(m, X, PRICE_FEATURE) - (sx * sy) / n,
    yy: moment(m, PRICE_FEATURE, PRICE_FEATURE) - (sy * sy) / n,
    meanY: shiftOf(m, PRICE_FEATURE) + sy / n,
  };
}

describe("factor moments about a shift", () => {
  it("keeps the spread of prices near 1e12 (hand calculation)", () => {
    // y = 1e12 + {−1000, 0, 1000}: Σ(y − ȳ)² = 2·10⁶ exactly; uncentred Σy² ≈ 3e24 would leave
    // nothing of it at double precision.
    const m = momentsOf([
      [1, 1e12 - 1000],
      [2, 1e12],
      [3, 1e12 + 1000],
    ]);
    expect(centred(m).yy).toBe(2e6);
    expect(centred(m).xy).toBe(2000);
    expect(centred(m).meanY).toBe(1e12);
  });

  it("merges cells with different shifts as if they were one (any split, any order)", () => {
    const row = fc.tuple(
      fc.double({ min: 1.7e9, max: 1.7e9 + 3600, noNaN: true }),
      fc.double({ min: 1e12 - 5000, max: 1e12 + 5000, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 40 }), fc.nat(), (rows, cut) => {
        const at = 1 + (cut % (rows.length - 1));
        const whole = centred(momentsOf(rows));
        const ab = centred(
          mergeFactorMoments(momentsOf(rows.slice(0, at)), momentsOf(rows.slice(at))) ?? new Map(),
        );
        const ba = centred(
          mergeFactorMoments(momentsOf(rows.slice(at)), momentsOf(rows.slice(0, at))) ?? new Map(),
        );
        for (const merged of [ab, ba]) {
          expect(merged.n).toBe(whole.n);
          for (const k of ["xx", "xy", "yy"] as const)
            expect(Math.abs(merged[k] - whole[k])).toBeLessThanOrEqual(
              1e-9 * Math.max(1, Math.abs(whole[k]), Math.sqrt(whole.xx * whole.yy)),
            );
          expect(Math.abs(merged.meanY - whole.meanY)).toBeLessThan(1e-3);
        }
      }),
    );
  });

  it("converts to another shift exactly where the arithmetic is exact", () => {
    const m = momentsOf([
      [10, 100],
      [12, 104],
    ]); // about x = 10, y = 100
    const t = shiftTo(m, (f) => (f === X ? 11 : f === PRICE_FEATURE ? 102 : 0));
    // about (11, 102): x − 11 = {−1, 1}, y − 102 = {−2, 2}
    expect(moment(t, INTERCEPT, X)).toBe(0);
    expect(moment(t, X, X)).toBe(2);
    expect(moment(t, X, PRICE_FEATURE)).toBe(4);
    expect(moment(t, PRICE_FEATURE, PRICE_FEATURE)).toBe(8);
    expect(moment(t, INTERCEPT, INTERCEPT)).toBe(2);
  });
});
