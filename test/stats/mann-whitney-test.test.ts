import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runsFromMap } from "../../src/core/price-stats.js";
import { mannWhitneyTest } from "../../src/stats/mann-whitney-test.js";
import { normalSurvival } from "../../src/stats/normal-quantile.js";

// scipy 1.17.1 on the expanded samples:
//   python3 -c "import numpy as np; from scipy import stats
//   e=lambda h: np.repeat(np.array(list(h.keys()),float), list(h.values()))
//   r=stats.mannwhitneyu(e({10:3,12:5,15:2}), e({11:4,12:6,20:1}), method='asymptotic', use_continuity=True)
//   print(repr(r.statistic), repr(r.pvalue))"
const references: [Record<number, number>, Record<number, number>, number, number][] = [
  [{ 10: 3, 12: 5, 15: 2 }, { 11: 4, 12: 6, 20: 1 }, 55.0, 1.0],
  [
    { 9.99: 100, 19.99: 250, 29.99: 50 },
    { 9.99: 80, 19.99: 300, 29.99: 120 },
    83500.0,
    9.902660741354715e-7,
  ],
  [{ 1: 1 }, { 2: 1 }, 0.0, 1.0],
  [{ 5: 4 }, { 5: 3 }, 6.0, 1.0],
];

const toMap = (h: Record<number, number>) =>
  new Map(Object.entries(h).map(([k, v]) => [Number(k), v] as [number, number]));
const runs = (m: ReadonlyMap<number, number>) => runsFromMap(m);

/** Naive O(n·m) reference: U of sample 1 by pairwise comparison, ties 1/2. */
function naive(xs: number[], ys: number[]): { statistic: number; pValue: number } {
  let u = 0;
  for (const x of xs) for (const y of ys) u += x > y ? 1 : x === y ? 0.5 : 0;
  const all = [...xs, ...ys];
  const counts = new Map<number, number>();
  for (const v of all) counts.set(v, (counts.get(v) ?? 0) + 1);
  let tie = 0;
  for (const t of counts.values()) tie += t ** 3 - t;
  const n1 = xs.length;
  const n2 = ys.length;
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tie / (n * (n - 1))));
  const big = Math.max(u, n1 * n2 - u);
  const p = sigma > 0 ? Math.min(1, 2 * normalSurvival((big - (n1 * n2) / 2 - 0.5) / sigma)) : 1;
  return { statistic: u, pValue: p };
}

const expand = (h: Map<number, number>) => [...h].flatMap(([v, c]) => new Array<number>(c).fill(v));

describe("mannWhitneyTest", () => {
  it.each(references)("matches scipy mannwhitneyu for %o vs %o", (h1, h2, u, p) => {
    const result = mannWhitneyTest(runs(toMap(h1)), runs(toMap(h2)), "asymptotic");
    if (result.value === null) throw new Error(result.reason);
    expect(result.value.statistic).toBe(u);
    expect(Math.abs(result.value.pValue / p - 1)).toBeLessThan(1e-9);
  });

  it("is unavailable when a histogram is empty", () => {
    expect(mannWhitneyTest(runs(new Map()), runs(new Map([[1, 2]]))).value).toBeNull();
    expect(mannWhitneyTest({ values: [1], counts: [0] }, runs(new Map([[1, 2]]))).value).toBeNull();
  });

  it("equals the naive O(n·m) computation on the expanded values", () => {
    const hist = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 6 })), {
        maxLength: 10,
      })
      .map((pairs) => {
        const m = new Map<number, number>();
        for (const [v, c] of pairs) m.set(v / 2, (m.get(v / 2) ?? 0) + c);
        return m;
      })
      .filter((m) => [...m.values()].some((c) => c > 0));
    fc.assert(
      fc.property(hist, hist, (h1, h2) => {
        const result = mannWhitneyTest(runs(h1), runs(h2), "asymptotic");
        if (result.value === null) throw new Error("unexpected null");
        const reference = naive(expand(h1), expand(h2));
        expect(result.value.statistic).toBe(reference.statistic);
        expect(result.value.pValue).toBeCloseTo(reference.pValue, 12);
        expect(result.value.pValue).toBeGreaterThanOrEqual(0);
        expect(result.value.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });
});

// scipy 1.17.1:
//   python3 -c "import scipy.stats as st, numpy as np
//   for x, y in [([120.], [100., 130., 140.]), ([1., 2.], [3., 4., 5.]),
//                ([1.5, 9.], [2., 3., 4., 5., 6., 7., 8.]),
//                ([3., 1., 7., 10., 12., 15., 18., 20.], [2., 4., 5., 6., 8., 9., 11., 13., 14., 16.]),
//                (list(np.arange(8) + 0.5), list(np.arange(1000) * 1.0))]:
//     for m in ['exact', 'auto', 'asymptotic']:
//       r = st.mannwhitneyu(x, y, method=m); print(len(x), len(y), m, float(r.statistic), float(r.pvalue))"
const EXACT: [number[], number[], number, number, number][] = [
  // x, y, U, exact p (= auto: no ties, min n ≤ 8), asymptotic p
  [[120], [100, 130, 140], 1, 1.0, 1.0],
  [[1, 2], [3, 4, 5], 0, 0.2, 0.14891467317876572],
  [[1.5, 9], [2, 3, 4, 5, 6, 7, 8], 7, 1.0, 1.0],
  [
    [3, 1, 7, 10, 12, 15, 18, 20],
    [2, 4, 5, 6, 8, 9, 11, 13, 14, 16],
    47,
    0.5726038667215138,
    0.5635746202609722,
  ],
  [
    Array.from({ length: 8 }, (_, i) => i + 0.5),
    Array.from({ length: 1000 }, (_, i) => i),
    36,
    3.1527029464702076e-15,
    1.347760046082284e-6,
  ],
];

const countsOf = (xs: number[]) => {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return runs(m);
};

describe("mannWhitneyTest, exact distribution", () => {
  it.each(EXACT)("matches scipy for %o vs %o", (x, y, u, exact, asymptotic) => {
    for (const [method, p] of [
      ["exact", exact],
      ["auto", exact],
      ["asymptotic", asymptotic],
    ] as const) {
      const result = mannWhitneyTest(countsOf(x), countsOf(y), method);
      if (result.value === null) throw new Error(result.reason);
      expect(result.value.statistic).toBe(u);
      expect(result.value.method).toBe(method === "auto" ? "exact" : method);
      expect(Math.abs(result.value.pValue / p - 1)).toBeLessThan(1e-9);
    }
  });

  it("uses the normal approximation with ties, as scipy's auto does", () => {
    const result = mannWhitneyTest(countsOf([5, 5, 5, 5]), countsOf([5, 5, 5]));
    expect(result.value?.method).toBe("asymptotic");
    expect(result.value?.pValue).toBe(1);
  });
});
