import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newcombeDifferenceInterval } from "../../src/stats/newcombe-difference-interval.js";

// Reference: Newcombe (1998) method 10 written out in numpy on top of the
// textbook Wilson interval (scipy 1.17.1 for z):
//   python3 -c "import numpy as np; from scipy import stats
//   def w(x,n,c):
//     z=stats.norm.isf((1-c)/2); p=x/n; d=1+z*z/n
//     cen=(p+z*z/(2*n))/d; h=z*np.sqrt(p*(1-p)/n+z*z/(4*n*n))/d; return (cen-h, cen+h)
//   def nc(x1,n1,x2,n2,c=0.95):
//     l1,u1=w(x1,n1,c); l2,u2=w(x2,n2,c); p1=x1/n1; p2=x2/n2
//     return (p1-p2-np.sqrt((p1-l1)**2+(u2-p2)**2), p1-p2+np.sqrt((u1-p1)**2+(p2-l2)**2))
//   print(repr(nc(56,70,48,80)))"
// The cases are examples (a)–(e) and (g) of Newcombe (1998) Table II; for
// (a) the paper prints 0.0524 to 0.3339.
const references: [number, number, number, number, number, number][] = [
  [56, 70, 48, 80, 0.05243147240236498, 0.333872654036906],
  [9, 10, 3, 10, 0.17052272393450302, 0.8090179735354881],
  [6, 7, 2, 7, 0.0582279274823122, 0.8062496375242277],
  [5, 56, 0, 29, -0.03813714790353688, 0.19256001385511162],
  [0, 10, 0, 20, -0.16112515805281938, 0.2775327998628892],
  [10, 10, 0, 20, 0.6790860371419147, 1.0],
];

// Edges: rates 0 and 1 on both sides, n = 1, 2, 5 (python3 test/stats/check_newcombe_edges.py).
// Never degenerate: even 1/1 − 1/1 keeps ±0.79, and the bounds stay within [−1, 1].
const edges: [number, number, number, number, number, number][] = [
  [1, 1, 0, 1, -0.12210872068194178, 1.0],
  [0, 1, 1, 1, -1.0, 0.12210872068194178],
  [1, 1, 1, 1, -0.7934506856227626, 0.7934506856227626],
  [0, 2, 2, 2, -1.0, -0.06998519885519938],
  [1, 2, 2, 2, -0.9054687942657693, 0.2725727851131816],
  [5, 5, 0, 5, 0.38554900569034356, 1.0],
  [5, 5, 2, 5, 0.029789890791841578, 0.8823792257673522],
  [0, 5, 0, 5, -0.43448246478317487, 0.43448246478317487],
  [20, 20, 150, 150, -0.16112515805281957, 0.02497024436807649],
  [1, 1, 80, 200, -0.19645938362309512, 0.6653942143319267],
  [0, 20, 10, 100, -0.17436566150491348, 0.06722962275230382],
];

describe("newcombeDifferenceInterval", () => {
  it.each(edges)("holds at the edge %i/%i − %i/%i", (x1, n1, x2, n2, low, high) => {
    const result = newcombeDifferenceInterval(x1, n1, x2, n2, 0.95);
    expect(Math.abs((result?.low ?? Number.NaN) - low)).toBeLessThan(1e-12);
    expect(Math.abs((result?.high ?? Number.NaN) - high)).toBeLessThan(1e-12);
    expect((result?.high ?? 0) - (result?.low ?? 0)).toBeGreaterThan(0.09);
  });

  it.each(references)("matches method 10 for %i/%i − %i/%i", (x1, n1, x2, n2, low, high) => {
    const result = newcombeDifferenceInterval(x1, n1, x2, n2, 0.95);
    expect(result?.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 15);
    expect(Math.abs((result?.low ?? Number.NaN) - low)).toBeLessThan(1e-12);
    expect(Math.abs((result?.high ?? Number.NaN) - high)).toBeLessThan(1e-12);
  });

  it("agrees with the four decimals printed in Newcombe (1998) Table II", () => {
    const a = newcombeDifferenceInterval(56, 70, 48, 80, 0.95);
    expect(a?.low.toFixed(4)).toBe("0.0524");
    expect(a?.high.toFixed(4)).toBe("0.3339");
  });

  it("returns null when a group is empty", () => {
    expect(newcombeDifferenceInterval(0, 0, 3, 10, 0.95)).toBeNull();
    expect(newcombeDifferenceInterval(3, 10, 0, 0, 0.95)).toBeNull();
  });

  const group = fc
    .integer({ min: 1, max: 2000 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it("contains the estimate, stays in [−1, 1], widens with confidence, narrows with k copies", () => {
    fc.assert(
      fc.property(group, group, fc.integer({ min: 2, max: 10 }), ([x1, n1], [x2, n2], k) => {
        const r90 = newcombeDifferenceInterval(x1, n1, x2, n2, 0.9);
        const r95 = newcombeDifferenceInterval(x1, n1, x2, n2, 0.95);
        const rk = newcombeDifferenceInterval(x1 * k, n1 * k, x2 * k, n2 * k, 0.95);
        if (r90 === null || r95 === null || rk === null) throw new Error("unexpected null");
        expect(r95.low).toBeLessThanOrEqual(r95.estimate + 1e-15);
        expect(r95.high).toBeGreaterThanOrEqual(r95.estimate - 1e-15);
        expect(r95.low).toBeGreaterThanOrEqual(-1 - 1e-15);
        expect(r95.high).toBeLessThanOrEqual(1 + 1e-15);
        expect(r95.low).toBeLessThanOrEqual(r90.low + 1e-15);
        expect(r95.high).toBeGreaterThanOrEqual(r90.high - 1e-15);
        expect(rk.high - rk.low).toBeLessThan(r95.high - r95.low);
      }),
    );
  });
});
