import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquareTest2x2 } from "../../src/stats/chi-square-test.js";

// scipy 1.17.1:
//   python3 -c "from scipy import stats; r=stats.chi2_contingency([[300,5],[2,310]], correction=True); print(repr(r.statistic), repr(r.pvalue))"
const references: [number, number, number, number, boolean, number, number][] = [
  [10, 20, 30, 40, false, 0.7936507936507936, 0.37299848361348686],
  [10, 20, 30, 40, true, 0.4464285714285714, 0.5040358664525046],
  [12, 5, 9, 7, false, 0.7322741596638653, 0.3921470365999187],
  [12, 5, 9, 7, true, 0.24373030462184864, 0.6215247791593598],
  [20, 15, 18, 17, false, 0.23026315789473684, 0.6313287695128316],
  [20, 15, 18, 17, true, 0.05756578947368421, 0.8103855176519267],
  [300, 100, 100, 300, false, 200.0, 2.0884875837625688e-45],
  [300, 100, 100, 300, true, 198.005, 5.691099965684614e-45],
  [400, 100, 100, 400, false, 360.0, 2.8156843046193504e-80],
  [400, 100, 100, 400, true, 357.604, 9.360754237437452e-80],
  [900, 100, 400, 600, false, 549.4505494505495, 1.657746239806961e-121],
  [900, 100, 400, 600, true, 547.254945054945, 4.979133885243746e-121],
  [300, 5, 2, 310, true, 585.4628491685755, 2.4311365816629497e-129],
  [500, 20, 10, 480, false, 893.8818665927909, 2.0981398371125064e-196],
];

describe("chiSquareTest2x2", () => {
  it.each(references)(
    "matches chi2_contingency for [[%i, %i], [%i, %i]] yates=%s",
    (a, b, c, d, yates, statistic, p) => {
      const result = chiSquareTest2x2(a, b, c, d, { yates });
      if (result.value === null) throw new Error(result.reason);
      expect(Math.abs(result.value.statistic / statistic - 1)).toBeLessThan(1e-12);
      expect(Math.abs(result.value.pValue / p - 1)).toBeLessThan(1e-6);
    },
  );

  it("never moves a cell past its expected count under Yates' correction", () => {
    // Expected counts are 4.76, 5.24, 5.24, 5.76 against observed 5, 5, 5, 6:
    // every |O − E| < 0.5, so scipy's rule gives statistic 0 and p = 1.
    // scipy: stats.chi2_contingency([[5,5],[5,6]], correction=True) -> (0.0, 1.0)
    const result = chiSquareTest2x2(5, 5, 5, 6, { yates: true });
    expect(result.value).toEqual({ statistic: 0, pValue: 1 });
  });

  it("is unavailable when a row or column is empty", () => {
    expect(chiSquareTest2x2(0, 0, 3, 4, { yates: false }).value).toBeNull();
    expect(chiSquareTest2x2(0, 3, 0, 4, { yates: true }).value).toBeNull();
  });

  it("gives p-values in [0, 1] and a Yates statistic no larger than Pearson's", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(500), fc.nat(500), fc.nat(500), fc.nat(500)), ([a, b, c, d]) => {
        const plain = chiSquareTest2x2(a, b, c, d, { yates: false });
        const yates = chiSquareTest2x2(a, b, c, d, { yates: true });
        if (plain.value === null || yates.value === null) return;
        for (const r of [plain.value, yates.value]) {
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
        }
        expect(yates.value.statistic).toBeLessThanOrEqual(plain.value.statistic * (1 + 1e-12));
      }),
    );
  });
});
