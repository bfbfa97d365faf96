import { describe, expect, it } from "vitest";
import { tableFromCells } from "../../src/core/aggregate-table.js";
import { measureGrouping } from "../../src/core/measure.js";
import { inferRun } from "../../src/inference/infer.js";
import { DEFAULT_INFERENCE, type InferenceOptions } from "../../src/inference/options.js";
import { cellOf } from "../helpers/cells.js";

/** Group "a" with `a` = [selected, n] against the reference "b", selection rate only. */
function selectionRate(
  a: [number, number],
  b: [number, number],
  options: Partial<InferenceOptions> = {},
) {
  const table = tableFromCells(
    ["g"],
    [
      { groups: ["a"], stats: cellOf({ fp: a[0], tn: a[1] - a[0] }) },
      { groups: ["b"], stats: cellOf({ fp: b[0], tn: b[1] - b[0] }) },
    ],
  );
  const measured = measureGrouping(
    table,
    { name: "g", indices: [0], reference: "b", strategy: "largest" },
    {
      hasDecision: true,
      hasLabel: false,
      hasPrice: false,
      decisionIsFavourable: true,
      minGroupSize: 0,
    },
  );
  const inference = { ...DEFAULT_INFERENCE, bootstrap: { resamples: 0, seed: 1 }, ...options };
  return inferRun([measured], inference).attributes[0]?.groups.find((g) => g.group === "a")
    ?.disparities.selection_rate;
}

describe("interval and test agreement", () => {
  it("marks Fisher's exact test beside score intervals that exclude no gap (5/5 vs 2/5)", () => {
    // scipy 1.17.1: stats.fisher_exact([[5,0],[2,3]]).pvalue → 0.16666666666666666, while the
    // Koopman ratio interval [1.066, 8.502] (test/stats/check_koopman.py) excludes 1 and the
    // Newcombe difference interval [0.0298, 0.8824] excludes 0: Pearson's test would reject.
    const d = selectionRate([5, 5], [2, 5]);
    expect(d?.test).toBe("fisher");
    expect(d?.pValue).toBeCloseTo(0.16666666666666666, 12);
    expect(d?.ratioInterval?.low).toBeGreaterThan(1);
    expect(d?.agreement).toEqual({ difference: false, ratio: false });
  });

  it("finds the chi-square test and the score ratio interval in agreement (the same inference)", () => {
    // python3 -c "from scipy import stats; print(stats.chi2_contingency([[5,0],[2,3]], correction=False).pvalue)"
    // → 0.03843393023678176 < 0.05, and the ratio interval excludes 1
    const forced = selectionRate([5, 5], [2, 5], { rateTest: "chi2" });
    expect(forced?.test).toBe("chi2");
    expect(forced?.pValue).toBeCloseTo(0.03843393023678176, 12);
    expect(forced?.agreement?.ratio).toBe(true);
    // stats.chi2_contingency([[30,70],[45,55]], correction=False).pvalue → 0.028459736916310638
    const ordinary = selectionRate([30, 100], [45, 100]);
    expect(ordinary?.test).toBe("chi2");
    expect(ordinary?.pValue).toBeCloseTo(0.028459736916310638, 12);
    expect(ordinary?.agreement).toEqual({ difference: true, ratio: true });
  });

  it("can find Katz's interval out of step with the test it is printed beside", () => {
    // 1/1 vs 80/200: Fisher p = 0.40298507462686567 (scipy fisher_exact([[1,0],[80,120]])),
    // Katz [2.11, 2.96] excludes 1; Koopman [0.513, 2.989] does not.
    expect(selectionRate([1, 1], [80, 200], { ratioInterval: "katz" })?.agreement?.ratio).toBe(
      false,
    );
    expect(selectionRate([1, 1], [80, 200])?.agreement?.ratio).toBe(true);
  });
});
