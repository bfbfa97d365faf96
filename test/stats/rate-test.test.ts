import { describe, expect, it } from "vitest";
import { chooseRateTest, rateTest } from "../../src/stats/rate-test.js";

describe("chooseRateTest", () => {
  it("picks Fisher when an expected count is below 5 (Cochran's rule)", () => {
    // Expected count of cell a: 10·9/40 = 2.25.
    expect(chooseRateTest(1, 9, 8, 22)).toBe("fisher");
    // Smallest expected: min row 30 × min column 16 / 60 = 8 ≥ 5.
    expect(chooseRateTest(12, 18, 4, 26)).toBe("chi2");
    // Exactly 5 is enough: 10 × 10 / 20.
    expect(chooseRateTest(5, 5, 5, 5)).toBe("chi2");
    expect(chooseRateTest(0, 0, 0, 0)).toBe("fisher");
  });

  it("runs the chosen test and reports which", () => {
    // Smallest expected count 6·7/16 = 2.6.
    // scipy 1.17.1: stats.fisher_exact([[8,2],[1,5]]) -> (20.0, 0.034965034965034975)
    const small = rateTest(8, 2, 1, 5);
    expect(small.test).toBe("fisher");
    expect(small.statistic).toBe(20);
    expect(small.pValue).toBeCloseTo(0.034965034965034975, 15);
    // scipy 1.17.1: stats.chi2_contingency([[10,20],[30,40]], correction=False) -> 0.7936507936507936, 0.37299848361348686
    const large = rateTest(10, 20, 30, 40);
    expect(large).toEqual({
      test: "chi2",
      statistic: expect.any(Number),
      pValue: expect.any(Number),
    });
    expect(large.statistic).toBeCloseTo(0.7936507936507936, 13);
    expect(large.pValue).toBeCloseTo(0.37299848361348686, 13);
    // scipy 1.17.1: correction=True -> 0.4464285714285714, 0.5040358664525046
    const yates = rateTest(10, 20, 30, 40, "chi2_yates");
    expect(yates.statistic).toBeCloseTo(0.4464285714285714, 13);
    expect(yates.pValue).toBeCloseTo(0.5040358664525046, 13);
  });

  it("falls back to Fisher (p = 1) when a forced chi-square has an empty margin", () => {
    expect(rateTest(0, 0, 3, 4, "chi2")).toEqual({ test: "fisher", statistic: null, pValue: 1 });
  });
});
