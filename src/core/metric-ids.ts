/**
 * The metric vocabulary: a public contract shared by JSON, CSV, policy files and docs.
 * Definitions (D = decision, 1 = selected; Y = label, 1 = positive outcome) live in metrics.ts.
 */
export const RATE_METRIC_IDS = [
  "selection_rate",
  "selection_share",
  "base_rate",
  "tpr",
  "fpr",
  "fnr",
  "tnr",
  "precision",
  "npv",
  "fdr",
  "for",
  "accuracy",
] as const;

export const PRICE_METRIC_IDS = ["price_mean", "price_median"] as const;

export const METRIC_IDS = [...RATE_METRIC_IDS, ...PRICE_METRIC_IDS] as const;

/** Composites are named comparisons built from one or two base metrics. */
export const COMPOSITE_IDS = ["demographic_parity", "equal_opportunity", "equalized_odds"] as const;

export const DISPARITY_IDS = [...METRIC_IDS, ...COMPOSITE_IDS] as const;

export type RateMetricId = (typeof RATE_METRIC_IDS)[number];
export type PriceMetricId = (typeof PRICE_METRIC_IDS)[number];
export type MetricId = (typeof METRIC_IDS)[number];
export type CompositeId = (typeof COMPOSITE_IDS)[number];
export type DisparityId = (typeof DISPARITY_IDS)[number];

/** Why a value is undefined. Never silently 0. */
export const UNDEFINED_REASONS = [
  "zero_denominator",
  "no_label",
  "no_decision",
  "no_price",
  "zero_reference",
  "reference_undefined",
  "undefined_value",
  "suppressed",
] as const;
export type UndefinedReason = (typeof UNDEFINED_REASONS)[number];

export function isRateMetric(id: string): id is RateMetricId {
  return (RATE_METRIC_IDS as readonly string[]).includes(id);
}

export function isPriceMetric(id: string): id is PriceMetricId {
  return (PRICE_METRIC_IDS as readonly string[]).includes(id);
}

export function isMetricId(id: string): id is MetricId {
  return (METRIC_IDS as readonly string[]).includes(id);
}
