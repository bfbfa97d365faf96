import type { UndefinedReason } from "./metric-ids.js";

export interface AdjustedGapValue {
  difference: number;
  standardError: number;
  low: number;
  high: number;
  rows: number;
  factors: string[];
}

/** A group's metric against the reference: difference = m(g) − m(r), ratio = m(g) / m(r). */
export interface Disparity {
  reference: string;
  /** price_mean only: the gap at equal legitimate pricing factors (src/inference/adjusted-gap.ts) */
  adjusted?: AdjustedGapValue;
  difference: number | null;
  ratio: number | null;
  reason?: UndefinedReason;
  /** added by the inference stage (src/inference/): intervals, the test and its p-values */
  differenceInterval?: Interval;
  ratioInterval?: Interval;
  test?: TestId;
  pValue?: number;
  pAdjusted?: number;
  /**
   * Whether each interval excludes "no gap" (difference 0, ratio 1) exactly when the unadjusted
   * test's p is below α. false where the interval and the p-value come from different inferences
   * (Fisher's exact test beside a score interval, Katz's or Newcombe's interval beside the
   * chi-square test at the margin), so a report can say which is which.
   */
  agreement?: IntervalTestAgreement;
  /** price_mean only: standardized mean difference (gap / pooled SD) with its interval */
  standardized?: IntervalEstimate;
}

export interface Interval {
  low: number;
  high: number;
}

export interface IntervalTestAgreement {
  difference?: boolean;
  ratio?: boolean;
}

export interface IntervalEstimate extends Interval {
  estimate: number;
}

/** Which test produced a p-value (docs/statistics.md). */
export const TEST_IDS = ["fisher", "chi2", "chi2_yates", "welch", "mann_whitney"] as const;
export type TestId = (typeof TEST_IDS)[number];

export function compare(
  value: number | null,
  referenceValue: number | null,
  reference: string,
): Disparity {
  if (value === null)
    return { reference, difference: null, ratio: null, reason: "undefined_value" };
  if (referenceValue === null) {
    return { reference, difference: null, ratio: null, reason: "reference_undefined" };
  }
  const difference = value - referenceValue;
  if (referenceValue === 0) return { reference, difference, ratio: null, reason: "zero_reference" };
  return { reference, difference, ratio: value / referenceValue };
}

/**
 * Equalized odds against the reference, from the TPR and FPR disparities: the difference with the
 * larger magnitude (sign kept) and the ratio furthest from 1 on the log scale (so 0.5 and 2 are
 * equally far). Undefined when either component is.
 */
export function combineWorst(a: Disparity, b: Disparity): Disparity {
  const reason = a.reason ?? b.reason;
  const difference =
    a.difference === null || b.difference === null
      ? null
      : Math.abs(a.difference) >= Math.abs(b.difference)
        ? a.difference
        : b.difference;
  const ratio =
    a.ratio === null || b.ratio === null
      ? null
      : Math.abs(Math.log(a.ratio)) >= Math.abs(Math.log(b.ratio))
        ? a.ratio
        : b.ratio;
  const out: Disparity = { reference: a.reference, difference, ratio };
  if ((difference === null || ratio === null) && reason !== undefined) out.reason = reason;
  return out;
}

/** Between-groups summary (Fairlearn's `between_groups`): max − min and min / max. */
export interface Summary {
  maxDifference: number | null;
  minRatio: number | null;
  /** groups whose values entered the summary */
  groups: number;
  /** bootstrap intervals, added by the inference stage */
  differenceInterval?: Interval;
  ratioInterval?: Interval;
}

export function summarize(values: readonly (number | null)[]): Summary {
  return summarizeEach(values.length, (i) => values[i] ?? null);
}

/** `summarize` of the values valueAt(0 … count − 1), for a hot loop that has them in no array. */
export function summarizeEach(count: number, valueAt: (i: number) => number | null): Summary {
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let groups = 0;
  for (let i = 0; i < count; i++) {
    const v = valueAt(i);
    if (v === null) continue;
    max = Math.max(max, v);
    min = Math.min(min, v);
    groups++;
  }
  if (groups === 0) return { maxDifference: null, minRatio: null, groups: 0 };
  return { maxDifference: max - min, minRatio: max === 0 ? null : min / max, groups };
}

/** Fairlearn's equalized_odds_difference / _ratio: the worse of the TPR and FPR summaries. */
export function combineSummaries(a: Summary, b: Summary): Summary {
  return {
    maxDifference:
      a.maxDifference === null || b.maxDifference === null
        ? null
        : Math.max(a.maxDifference, b.maxDifference),
    minRatio: a.minRatio === null || b.minRatio === null ? null : Math.min(a.minRatio, b.minRatio),
    groups: Math.min(a.groups, b.groups),
  };
}
