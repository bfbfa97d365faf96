import { describe, expect, it } from "vitest";
import { medianOrderStatisticRanks } from "../../src/stats/median-interval.js";

// 0-based ranks of scipy.stats.quantile_test(x, q=0, p=0.5).confidence_interval(conf) on
// x = 0, 1, …, n − 1 (the bounds are then their own ranks; nan → null), SciPy 1.17.1:
//   python3 -c "import numpy as np, scipy.stats as st
//   for conf in [0.95, 0.9, 0.99, 0.875, 0.5]:
//     print(conf, [(n, *[None if np.isnan(b) else int(b) for b in
//       st.quantile_test(np.arange(n, dtype=float), q=0, p=0.5).confidence_interval(conf)])
//       for n in [1,2,3,4,5,6,7,8,9,10,11,20,30,31,100,1000,12345,1000001]])"
type Row = [number, number | null, number | null];
const SCIPY: Record<string, Row[]> = {
  "0.95": [
    [1, null, null],
    [2, null, null],
    [3, null, null],
    [4, null, null],
    [5, null, null],
    [6, 0, 5],
    [7, 0, 6],
    [8, 0, 7],
    [9, 1, 7],
    [10, 1, 8],
    [11, 1, 9],
    [20, 5, 14],
    [30, 9, 20],
    [31, 9, 21],
    [100, 39, 60],
    [1000, 468, 531],
    [12345, 6063, 6281],
    [1000001, 499020, 500980],
  ],
  "0.9": [
    [1, null, null],
    [2, null, null],
    [3, null, null],
    [4, null, null],
    [5, 0, 4],
    [6, 0, 5],
    [7, 0, 6],
    [8, 1, 6],
    [9, 1, 7],
    [10, 1, 8],
    [11, 2, 8],
    [20, 5, 14],
    [30, 10, 19],
    [31, 10, 20],
    [100, 41, 58],
    [1000, 473, 526],
    [12345, 6080, 6264],
    [1000001, 499177, 500823],
  ],
  "0.99": [
    [1, null, null],
    [2, null, null],
    [3, null, null],
    [4, null, null],
    [5, null, null],
    [6, null, null],
    [7, null, null],
    [8, 0, 7],
    [9, 0, 8],
    [10, 0, 9],
    [11, 0, 10],
    [20, 3, 16],
    [30, 7, 22],
    [31, 7, 23],
    [100, 36, 63],
    [1000, 458, 541],
    [12345, 6028, 6316],
    [1000001, 498712, 501288],
  ],
  "0.875": [
    [1, null, null],
    [2, null, null],
    [3, null, null],
    [4, null, 3],
    [5, 0, 4],
    [6, 0, 5],
    [7, 0, 5],
    [8, 1, 6],
    [9, 1, 7],
    [10, 2, 7],
    [11, 2, 8],
    [20, 6, 13],
    [30, 10, 19],
    [31, 10, 20],
    [100, 41, 58],
    [1000, 475, 524],
    [12345, 6086, 6258],
    [1000001, 499232, 500768],
  ],
  "0.5": [
    [1, null, null],
    [2, null, 1],
    [3, 0, 2],
    [4, 0, 3],
    [5, 1, 3],
    [6, 1, 4],
    [7, 2, 4],
    [8, 2, 5],
    [9, 2, 6],
    [10, 3, 6],
    [11, 3, 7],
    [20, 7, 12],
    [30, 12, 17],
    [31, 13, 17],
    [100, 46, 53],
    [1000, 488, 511],
    [12345, 6134, 6210],
    [1000001, 499662, 500338],
  ],
};

describe("medianOrderStatisticRanks", () => {
  for (const [confidence, rows] of Object.entries(SCIPY)) {
    it.each(rows)(
      `agrees with scipy's quantile_test at ${confidence} for n = %i`,
      (n, low, high) => {
        const out = medianOrderStatisticRanks(n, Number(confidence));
        if (low === null || high === null) {
          // SciPy leaves at least one bound nan: no two-sided interval at this level.
          expect(out.value).toBeNull();
          if (out.value === null) expect(out.reason).toMatch(/no distribution-free/);
        } else expect(out.value).toEqual({ low, high });
      },
    );
  }

  it("has no 95% interval for n ≤ 5 (1 − 2·2⁻ⁿ < 0.95 exactly there) and one from n = 6", () => {
    // Hand check: the widest interval [x(0), x(n−1)] covers with 1 − 2·2⁻ⁿ: 0.9375 at n = 5,
    // 0.96875 at n = 6.
    for (let n = 0; n <= 5; n++) expect(medianOrderStatisticRanks(n, 0.95).value).toBeNull();
    expect(medianOrderStatisticRanks(6, 0.95).value).toEqual({ low: 0, high: 5 });
  });
});
