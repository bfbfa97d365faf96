import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tableFromCells } from "../../src/core/aggregate-table.js";
import { measureGrouping } from "../../src/core/measure.js";
import { inferRun } from "../../src/inference/infer.js";
import { DEFAULT_INFERENCE } from "../../src/inference/options.js";
import { cellOf } from "../helpers/cells.js";

/** One attribute whose groups have `selected` of `n` selected (no label), inferred in full. */
function summaries(groups: readonly [number, number][], resamples = 400) {
  const table = tableFromCells(
    ["g"],
    groups.map(([selected, n], i) => ({
      groups: [`g${i}`],
      stats: cellOf({ fp: selected, tn: n - selected }),
    })),
  );
  const measured = measureGrouping(
    table,
    { name: "g", indices: [0], strategy: "largest" },
    {
      hasDecision: true,
      hasLabel: false,
      hasPrice: false,
      decisionIsFavourable: true,
      minGroupSize: 0,
    },
  );
  const options = { ...DEFAULT_INFERENCE, bootstrap: { resamples, seed: 3 } };
  const attribute = inferRun([measured], options).attributes[0];
  if (!attribute) throw new Error("no attribute");
  return attribute.summaries;
}

// python3 test/inference/check_summary_intervals.py
// → [max − min, its low, its high, min / max, its low, its high]
const references: [string, [number, number][], number[]][] = [
  [
    "four groups at 30/100",
    [
      [30, 100],
      [30, 100],
      [30, 100],
      [30, 100],
    ],
    [0.0, 0.0, 0.16735850293005064, 1.0, 0.567778563453112, 1.0],
  ],
  [
    "three groups at a rate of 1",
    [
      [5, 5],
      [20, 20],
      [150, 150],
    ],
    [0.0, 0.0, 0.5340662469626876, 1.0, 0.46593375303731266, 1.0],
  ],
  [
    "a group with no selections",
    [
      [0, 10],
      [3, 30],
      [40, 100],
    ],
    [0.4, 0.07201797149273317, 0.5196069224808688, 0.0, 0.0, 0.7888961925286564],
  ],
  [
    "ordinary",
    [
      [30, 100],
      [45, 100],
      [60, 150],
    ],
    [0.15000000000000002, 0.0, 0.3028112550030579, 0.6666666666666666, 0.42170718080202774, 1.0],
  ],
];

describe("between-groups summaries of rates", () => {
  it.each(references)("%s: simultaneous pairwise intervals", (_name, groups, want) => {
    const s = summaries(groups).selection_rate;
    const [difference, dLow, dHigh, ratio, rLow, rHigh] = want as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    expect(s?.maxDifference).toBeCloseTo(difference, 14);
    expect(s?.differenceInterval?.low).toBeCloseTo(dLow, 12);
    expect(s?.differenceInterval?.high).toBeCloseTo(dHigh, 12);
    expect(s?.minRatio).toBeCloseTo(ratio, 14);
    expect(s?.ratioInterval?.low).toBeCloseTo(rLow, 9);
    expect(s?.ratioInterval?.high).toBeCloseTo(rHigh, 9);
  });

  it("never excludes its own estimate at ties (the bootstrap gave [0.03, 0.18] for 0)", () => {
    const s = summaries([
      [30, 100],
      [30, 100],
      [30, 100],
      [30, 100],
    ]);
    for (const id of ["selection_rate", "demographic_parity"] as const) {
      expect(s[id]?.differenceInterval?.low).toBe(0);
      expect(s[id]?.ratioInterval?.high).toBe(1);
    }
  });

  it("has intervals without the bootstrap, and they contain the estimate for any counts", () => {
    const group = fc
      .integer({ min: 1, max: 300 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(fc.array(group, { minLength: 2, maxLength: 6 }), (groups) => {
        const s = summaries(groups, 0).selection_rate;
        if (s?.maxDifference === null || s?.maxDifference === undefined) return;
        const di = s.differenceInterval;
        expect(di).toBeDefined();
        expect(di?.low).toBeLessThanOrEqual(s.maxDifference + 1e-15);
        expect(di?.high).toBeGreaterThanOrEqual(s.maxDifference - 1e-15);
        if (s.minRatio !== null) {
          expect(s.ratioInterval?.low).toBeLessThanOrEqual(s.minRatio * (1 + 1e-12));
          expect(s.ratioInterval?.high).toBeGreaterThanOrEqual(s.minRatio * (1 - 1e-12));
        }
      }),
      { numRuns: 200 },
    );
  });
});
