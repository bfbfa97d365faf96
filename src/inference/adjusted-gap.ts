import type { AdjustedGapValue, Disparity } from "../core/disparity.js";
import {
  categoricalColumn,
  describeFeature,
  type FactorMoments,
  featuresOf,
  INTERCEPT,
  moment,
  PRICE_FEATURE,
  shiftOf,
  shiftTo,
} from "../core/factor-moments.js";
import {
  type AdjustedGapUnavailable,
  type AttributeMeasurement,
  OVERALL,
} from "../core/measure.js";
import { olsFromMoments } from "../stats/index.js";

/**
 * Least squares of price on an intercept, one indicator per group other than the reference, and
 * the declared pricing factors (categorical ones as indicators, their most frequent level left
 * out; numeric ones as they are): the coefficient of a group's indicator is its price gap to the
 * reference at equal factors — the "adjusted" disparity a pricing analyst asks for. X'X and X'y
 * come from the per-cell moments (src/core/factor-moments.ts), so the fit is exact and the same
 * from rows, threads or shards. Classical standard errors; t interval on n − p df. The cells'
 * moments are brought to one shift first and the fit is solved on centred, scaled
 * cross-products (olsFromMoments with `intercept`), so prices near 1e12 keep their digits and a
 * factor's size does not make it look collinear. When the gap cannot be estimated, the
 * measurement says why (`adjustedGapUnavailable`), for a notice in every report.
 */
export function withAdjustedGaps(
  m: AttributeMeasurement,
  confidence: number,
): AttributeMeasurement {
  const requested = m.groups.some((g) => g.stats.factors !== undefined);
  if (!requested) return m;
  const unavailableBecause = (reason: AdjustedGapUnavailable["reason"], column?: string) => {
    const why: AdjustedGapUnavailable = { reason };
    if (column !== undefined) why.column = column;
    return { ...m, adjustedGapUnavailable: why };
  };
  const reference = m.references.price_mean;
  if (reference === undefined) return m;
  if (reference === OVERALL) return unavailableBecause("overall_reference");
  const moments = new Map<string, FactorMoments>();
  const first = m.groups.find((g) => g.stats.factors)?.stats.factors;
  for (const g of m.groups)
    if (g.stats.factors && first && moment(g.stats.factors, INTERCEPT, INTERCEPT) > 0)
      // One shift for all cells (the first cell's), so their moments add.
      moments.set(
        g.group,
        shiftTo(g.stats.factors, (f) => shiftOf(first, f)),
      );
  if (!moments.has(reference)) return unavailableBecause("no_reference_rows");
  if (moments.size < 2) return unavailableBecause("one_group");

  const all = [...moments.values()];
  const total = (a: string, b: string) => all.reduce((sum, f) => sum + moment(f, a, b), 0);
  // Drop the most frequent level of each categorical factor: the intercept stands for it.
  const features = featuresOf(all);
  const base = new Map<string, { feature: string; rows: number }>();
  for (const f of features) {
    const column = categoricalColumn(f);
    if (column === null) continue;
    const rows = total(INTERCEPT, f);
    const best = base.get(column);
    if (best === undefined || rows > best.rows) base.set(column, { feature: f, rows });
  }
  const kept = features.filter((f) => ![...base.values()].some((b) => b.feature === f));
  const groups = [...moments.keys()].filter((g) => g !== reference);

  // Columns: intercept, group indicators, factor features.
  type Column = { group: string } | { feature: string };
  const columns: Column[] = [
    { feature: INTERCEPT },
    ...groups.map((group) => ({ group })),
    ...kept.map((feature) => ({ feature })),
  ];
  const cross = (a: Column, b: Column): number => {
    if ("group" in a && "group" in b)
      return a.group === b.group ? groupMoment(a.group, INTERCEPT, INTERCEPT) : 0;
    if ("group" in a) return groupMoment(a.group, INTERCEPT, (b as { feature: string }).feature);
    if ("group" in b) return groupMoment(b.group, INTERCEPT, a.feature);
    return total(a.feature, b.feature);
  };
  const groupMoment = (group: string, a: string, b: string) =>
    moment(moments.get(group) as FactorMoments, a, b);
  const withPrice = (c: Column): number =>
    "group" in c ? groupMoment(c.group, INTERCEPT, PRICE_FEATURE) : total(c.feature, PRICE_FEATURE);

  const fit = olsFromMoments(
    {
      xtx: columns.map((a) => columns.map((b) => cross(a, b))),
      xty: columns.map(withPrice),
      yty: total(PRICE_FEATURE, PRICE_FEATURE),
      n: total(INTERCEPT, INTERCEPT),
      intercept: true,
    },
    confidence,
  );
  if (fit.value === null) {
    const at = fit.singularColumn;
    if (at === undefined) return unavailableBecause("too_few_rows");
    const column = columns[at];
    return unavailableBecause(
      "collinear",
      column === undefined
        ? undefined
        : "group" in column
          ? column.group
          : describeFeature(column.feature),
    );
  }
  const named = kept.map(describeFeature);
  const rows = total(INTERCEPT, INTERCEPT);
  const gaps = new Map<string, AdjustedGapValue>();
  groups.forEach((group, i) => {
    const at = i + 1;
    const interval = fit.value.intervals[at];
    const coefficient = fit.value.coefficients[at];
    const se = fit.value.standardErrors[at];
    if (interval === undefined || coefficient === undefined || se === undefined) return;
    gaps.set(group, {
      difference: coefficient,
      standardError: se,
      low: interval.low,
      high: interval.high,
      rows,
      factors: named,
    });
  });
  return {
    ...m,
    groups: m.groups.map((g) => {
      const gap = gaps.get(g.group);
      const d = g.disparities.price_mean;
      if (gap === undefined || d === undefined) return g;
      const adjusted: Disparity = { ...d, adjusted: gap };
      return { ...g, disparities: { ...g.disparities, price_mean: adjusted } };
    }),
  };
}
