import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benjaminiHochbergAdjust, holmAdjust } from "../../src/stats/multiple-comparisons.js";

// statsmodels multipletests is not installed here; its algorithms written out
// in numpy (stable argsort, cumulative max / reversed cumulative min, clip 1):
//   python3 -c "import numpy as np; p=np.array([0.01,0.04,0.03,0.005,0.2,0.04]); o=np.argsort(p,kind='stable'); m=len(p)
//   h=np.empty(m); h[o]=np.minimum(1,np.maximum.accumulate(p[o]*np.arange(m,0,-1)))
//   raw=p[o]/(np.arange(1,m+1)/m); b=np.empty(m); b[o]=np.minimum(1,np.minimum.accumulate(raw[::-1])[::-1])
//   print(list(h), list(b))"
// scipy 1.17.1 stats.false_discovery_control(p, method='bh') gives the same BH values.
const p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04];
const holm = [0.05, 0.12, 0.12, 0.03, 0.2, 0.12];
const bh = [0.030000000000000002, 0.048, 0.048, 0.030000000000000002, 0.2, 0.048];

describe("holmAdjust / benjaminiHochbergAdjust", () => {
  it("matches the statsmodels algorithms", () => {
    holmAdjust(p).forEach((v, i) => {
      expect(v).toBeCloseTo(holm[i] ?? Number.NaN, 15);
    });
    benjaminiHochbergAdjust(p).forEach((v, i) => {
      expect(v).toBeCloseTo(bh[i] ?? Number.NaN, 15);
    });
  });

  it("keeps nulls in place and counts only the present p-values", () => {
    const withNulls = [null, 0.01, 0.04, null, 0.03, 0.005, 0.2, 0.04];
    const expectedHolm = [null, ...holm.slice(0, 2), null, ...holm.slice(2)];
    const adjusted = holmAdjust(withNulls);
    expect(adjusted[0]).toBeNull();
    expect(adjusted[3]).toBeNull();
    adjusted.forEach((v, i) => {
      const e = expectedHolm[i];
      if (e === null || e === undefined) expect(v).toBeNull();
      else expect(v).toBeCloseTo(e, 15);
    });
    expect(benjaminiHochbergAdjust([null, null])).toEqual([null, null]);
    expect(holmAdjust([])).toEqual([]);
  });

  const pValues = fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), {
    maxLength: 30,
  });

  it("Holm: adjusted ≥ raw, ≤ 1, and monotone in the rank of the raw p-value", () => {
    fc.assert(
      fc.property(pValues, (ps) => {
        const adjusted = holmAdjust(ps);
        const pairs = ps
          .map((raw, i) => [raw, adjusted[i]] as const)
          .filter((pair): pair is readonly [number, number] => pair[0] !== null);
        for (const [raw, adj] of pairs) {
          expect(adj).toBeGreaterThanOrEqual(raw);
          expect(adj).toBeLessThanOrEqual(1);
        }
        for (const [r1, a1] of pairs)
          for (const [r2, a2] of pairs) if (r1 < r2) expect(a1).toBeLessThanOrEqual(a2);
      }),
    );
  });

  it("BH: raw ≤ BH ≤ Holm, and monotone in rank", () => {
    fc.assert(
      fc.property(pValues, (ps) => {
        const b = benjaminiHochbergAdjust(ps);
        const h = holmAdjust(ps);
        ps.forEach((raw, i) => {
          if (raw === null) return;
          expect(b[i]).toBeGreaterThanOrEqual(raw);
          expect(b[i]).toBeLessThanOrEqual((h[i] ?? 0) + 1e-15);
          ps.forEach((other, j) => {
            if (other !== null && raw < other) expect(b[i]).toBeLessThanOrEqual(b[j] ?? 0);
          });
        });
      }),
    );
  });
});
