import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tableFromCells } from "../../src/core/aggregate-table.js";
import type { CellStats } from "../../src/core/cell.js";
import { measureGrouping } from "../../src/core/measure.js";
import { inferRun } from "../../src/inference/infer.js";
import { DEFAULT_INFERENCE, type InferenceOptions } from "../../src/inference/options.js";
import { gate } from "../../src/policy/gates.js";
import { cellOf } from "../helpers/cells.js";

const FLAGS = { hasDecision: true, hasLabel: true, hasPrice: false };

function run(a: CellStats, b: CellStats, options: Partial<InferenceOptions> = {}) {
  const table = tableFromCells(
    ["g"],
    [
      { groups: ["a"], stats: a },
      { groups: ["b"], stats: b },
    ],
  );
  const measured = measureGrouping(
    table,
    { name: "g", indices: [0], reference: "b", strategy: "largest" },
    { ...FLAGS, decisionIsFavourable: true, minGroupSize: 0 },
  );
  const inference: InferenceOptions = {
    ...DEFAULT_INFERENCE,
    bootstrap: { resamples: 200, seed: 7 },
    ...options,
  };
  const group = inferRun([measured], inference).attributes[0]?.groups[0];
  if (!group) throw new Error("no group");
  return group;
}

const counts = fc.record({
  tp: fc.integer({ min: 1, max: 60 }),
  fp: fc.integer({ min: 1, max: 60 }),
  tn: fc.integer({ min: 1, max: 60 }),
  fn: fc.integer({ min: 1, max: 60 }),
});

function times(c: { tp: number; fp: number; tn: number; fn: number }, k: number) {
  return { tp: c.tp * k, fp: c.fp * k, tn: c.tn * k, fn: c.fn * k };
}

const width = (i: { low: number; high: number } | undefined) =>
  i === undefined ? Number.NaN : i.high - i.low;

describe("interval properties", () => {
  it("every interval contains its point estimate", () => {
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const g = run(cellOf(a), cellOf(b));
        for (const id of ["selection_rate", "tpr", "fpr", "precision"] as const) {
          const v = g.metrics[id];
          const d = g.disparities[id];
          if (v?.value == null || !v.interval || !d) return false;
          if (v.interval.low > v.value || v.interval.high < v.value) return false;
          const { differenceInterval: di, ratioInterval: ri } = d;
          if (d.difference === null || !di || di.low > d.difference || di.high < d.difference)
            return false;
          if (
            d.ratio === null ||
            !ri ||
            ri.low > d.ratio * (1 + 1e-12) ||
            ri.high < d.ratio * (1 - 1e-12)
          )
            return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it("a lower confidence never gives a wider interval", () => {
    fc.assert(
      fc.property(counts, counts, fc.double({ min: 0.5, max: 0.98, noNaN: true }), (a, b, c) => {
        const low = run(cellOf(a), cellOf(b), {
          confidence: c,
          bootstrap: { resamples: 0, seed: 1 },
        });
        const high = run(cellOf(a), cellOf(b), {
          confidence: c + 0.01,
          bootstrap: { resamples: 0, seed: 1 },
        });
        const pairs = [
          [low.metrics.tpr?.interval, high.metrics.tpr?.interval],
          [low.disparities.tpr?.differenceInterval, high.disparities.tpr?.differenceInterval],
          [low.disparities.tpr?.ratioInterval, high.disparities.tpr?.ratioInterval],
        ] as const;
        return pairs.every(([l, h]) => width(l) <= width(h) + 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it("duplicating the data k times narrows every interval", () => {
    fc.assert(
      fc.property(counts, counts, fc.integer({ min: 2, max: 5 }), (a, b, k) => {
        const once = run(cellOf(a), cellOf(b), { bootstrap: { resamples: 0, seed: 1 } });
        const many = run(cellOf(times(a, k)), cellOf(times(b, k)), {
          bootstrap: { resamples: 0, seed: 1 },
        });
        const pairs = [
          [once.metrics.selection_rate?.interval, many.metrics.selection_rate?.interval],
          [once.disparities.fpr?.differenceInterval, many.disparities.fpr?.differenceInterval],
          [once.disparities.fpr?.ratioInterval, many.disparities.fpr?.ratioInterval],
        ] as const;
        return pairs.every(([o, m]) => width(m) < width(o));
      }),
      { numRuns: 40 },
    );
  });

  it("the bootstrap is deterministic for a seed and covers equalized odds", () => {
    const a = cellOf({ tp: 40, fp: 10, tn: 30, fn: 20 });
    const b = cellOf({ tp: 50, fp: 20, tn: 40, fn: 10 });
    const first = run(a, b).disparities.equalized_odds;
    expect(run(a, b).disparities.equalized_odds).toEqual(first);
    const di = first?.differenceInterval;
    expect(
      di && first?.difference != null && di.low <= first.difference && first.difference <= di.high,
    ).toBe(true);
  });
});

describe("gates", () => {
  const rule = { min: 0.8, severity: "error" as const };
  const narrow = { interval: { low: 0.6, high: 0.7 } };
  const wide = { interval: { low: 0.6, high: 0.9 } };
  const safe = { interval: { low: 0.85, high: 0.95 } };
  const straddle = { interval: { low: 0.78, high: 0.95 } };

  it("point: the bound on the estimate only", () => {
    expect(gate(0.7, { ...rule, gate: "point" }, wide, 0.05).verdict).toBe("fail");
    expect(gate(0.9, { ...rule, gate: "point" }, straddle, 0.05).verdict).toBe("pass");
  });

  it("evidence-of-violation: fails on an interval beyond the bound or a significant gap", () => {
    const g = { ...rule, gate: "evidence-of-violation" as const };
    expect(gate(0.65, g, narrow, 0.05).verdict).toBe("fail");
    expect(gate(0.75, g, { ...wide, pAdjusted: 0.2 }, 0.05)).toEqual({
      verdict: "inconclusive",
      reason: "not_significant",
    });
    expect(gate(0.75, g, { ...wide, pAdjusted: 0.01 }, 0.05).verdict).toBe("fail");
    expect(gate(0.75, { ...g, severity: "warn" }, narrow, 0.05).verdict).toBe("warn");
    expect(gate(0.9, g, straddle, 0.05).verdict).toBe("pass");
    expect(gate(0.7, g, {}, 0.05)).toEqual({ verdict: "inconclusive", reason: "no_interval" });
  });

  it("evidence-of-compliance: passes only when the whole interval is within the bound", () => {
    const g = { ...rule, gate: "evidence-of-compliance" as const };
    expect(gate(0.9, g, safe, 0.05).verdict).toBe("pass");
    expect(gate(0.9, g, straddle, 0.05)).toEqual({
      verdict: "inconclusive",
      reason: "interval_crosses_bound",
    });
    expect(gate(0.7, g, wide, 0.05).verdict).toBe("fail");
  });
});
