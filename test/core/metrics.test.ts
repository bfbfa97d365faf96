import { describe, expect, it } from "vitest";
import { RATE_METRIC_IDS } from "../../src/core/metric-ids.js";
import { metricValue, requiredInputs } from "../../src/core/metrics.js";
import { cellOf } from "../helpers/cells.js";

// A hand-computed confusion matrix: tp = 20, fp = 10, tn = 60, fn = 10 (n = 100, 30 selected).
const cell = cellOf({ tp: 20, fp: 10, tn: 60, fn: 10 });
const ctx = { hasDecision: true, hasLabel: true, hasPrice: false, totalSelected: 120 };

describe("rate metrics (DESIGN.md §2), checked by hand", () => {
  const expected = {
    selection_rate: 30 / 100,
    selection_share: 30 / 120,
    base_rate: 30 / 100,
    tpr: 20 / 30,
    fpr: 10 / 70,
    fnr: 10 / 30,
    tnr: 60 / 70,
    precision: 20 / 30,
    npv: 60 / 70,
    fdr: 10 / 30,
    for: 10 / 70,
    accuracy: 80 / 100,
  } as const;
  for (const metric of RATE_METRIC_IDS) {
    it(`${metric} = ${expected[metric].toFixed(4)}`, () => {
      expect(metricValue(metric, cell, ctx).value).toBeCloseTo(expected[metric], 15);
    });
  }

  it("keeps the counts behind each rate", () => {
    expect(metricValue("tpr", cell, ctx)).toEqual({
      value: 20 / 30,
      numerator: 20,
      denominator: 30,
    });
  });

  it("complementary rates add up to 1", () => {
    const v = (m: (typeof RATE_METRIC_IDS)[number]) =>
      metricValue(m, cell, ctx).value ?? Number.NaN;
    expect(v("tpr") + v("fnr")).toBeCloseTo(1, 15);
    expect(v("fpr") + v("tnr")).toBeCloseTo(1, 15);
    expect(v("precision") + v("fdr")).toBeCloseTo(1, 15);
    expect(v("npv") + v("for")).toBeCloseTo(1, 15);
  });
});

describe("undefined rates", () => {
  it("a zero denominator is null with a reason, never 0", () => {
    const noPositives = cellOf({ fp: 3, tn: 7 });
    expect(metricValue("tpr", noPositives, ctx)).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
      reason: "zero_denominator",
    });
    expect(metricValue("fpr", noPositives, ctx).value).toBeCloseTo(0.3, 15);
  });

  it("label-based rates are undefined without a label", () => {
    expect(metricValue("tpr", cell, { ...ctx, hasLabel: false })).toEqual({
      value: null,
      reason: "no_label",
    });
    expect(metricValue("selection_rate", cell, { ...ctx, hasLabel: false }).value).toBe(0.3);
  });

  it("price metrics are undefined without a price column", () => {
    expect(metricValue("price_mean", cell, ctx)).toEqual({ value: null, reason: "no_price" });
  });

  it("knows which inputs each metric and composite needs", () => {
    expect(requiredInputs("selection_rate")).toEqual(["decision"]);
    expect(requiredInputs("demographic_parity")).toEqual(["decision"]);
    expect(requiredInputs("base_rate")).toEqual(["label"]);
    expect(requiredInputs("equalized_odds")).toEqual(["decision", "label"]);
    expect(requiredInputs("price_median")).toEqual(["price"]);
  });
});
