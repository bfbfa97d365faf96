import type { CellStats } from "./cell.js";
import {
  type CompositeId,
  type DisparityId,
  isMetricId,
  isPriceMetric,
  METRIC_IDS,
  type MetricId,
  type PriceMetricId,
  type RateMetricId,
  type UndefinedReason,
} from "./metric-ids.js";
import { priceMean, priceMedian } from "./price-stats.js";

export interface MetricValue {
  value: number | null;
  /** for rates: the counts the value is made of (intervals and tests need them) */
  numerator?: number;
  denominator?: number;
  reason?: UndefinedReason;
  /** confidence interval of value, added by the inference stage */
  interval?: { low: number; high: number };
}

/** Which optional inputs the audit has: a price-only audit has no decision, and so on. */
export interface InputFlags {
  hasDecision: boolean;
  hasLabel: boolean;
  hasPrice: boolean;
}

export type Input = "decision" | "label" | "price";

export interface MetricContext extends InputFlags {
  /** selected rows over all groups of the attribute (selection_share's denominator) */
  totalSelected: number;
}

/** Which way a metric moves when things get better for the people in a group. */
export type Favourable = "higher" | "lower" | null;

export interface RateDefinition {
  needs: readonly Input[];
  /** direction that benefits people when the decision (selection) is a benefit, e.g. an offer */
  favourable: Favourable;
  /** the rate is numerator / denominator (two functions, so that computing it allocates nothing) */
  numerator: (c: CellStats, ctx: MetricContext) => number;
  denominator: (c: CellStats, ctx: MetricContext) => number;
}

const D = ["decision"] as const;
const L = ["label"] as const;
const DL = ["decision", "label"] as const;

/**
 * One line per metric, as in DESIGN.md §2 (and Aequitas / Fairlearn, see docs/metrics.md).
 * With a label, every audited row is labelled, so selected = tp + fp and n = tp + fp + tn + fn.
 */
export const RATE_DEFINITIONS = {
  selection_rate: {
    needs: D,
    favourable: "higher",
    numerator: (c) => c.selected,
    denominator: (c) => c.n,
  },
  selection_share: {
    needs: D,
    favourable: "higher",
    numerator: (c) => c.selected,
    denominator: (_, ctx) => ctx.totalSelected,
  },
  base_rate: { needs: L, favourable: null, numerator: (c) => c.tp + c.fn, denominator: (c) => c.n },
  tpr: { needs: DL, favourable: "higher", numerator: (c) => c.tp, denominator: (c) => c.tp + c.fn },
  fpr: { needs: DL, favourable: "higher", numerator: (c) => c.fp, denominator: (c) => c.fp + c.tn },
  fnr: { needs: DL, favourable: "lower", numerator: (c) => c.fn, denominator: (c) => c.tp + c.fn },
  tnr: { needs: DL, favourable: "lower", numerator: (c) => c.tn, denominator: (c) => c.fp + c.tn },
  precision: {
    needs: DL,
    favourable: null,
    numerator: (c) => c.tp,
    denominator: (c) => c.tp + c.fp,
  },
  npv: { needs: DL, favourable: null, numerator: (c) => c.tn, denominator: (c) => c.tn + c.fn },
  fdr: { needs: DL, favourable: null, numerator: (c) => c.fp, denominator: (c) => c.tp + c.fp },
  for: { needs: DL, favourable: null, numerator: (c) => c.fn, denominator: (c) => c.tn + c.fn },
  accuracy: { needs: DL, favourable: null, numerator: (c) => c.tp + c.tn, denominator: (c) => c.n },
} as const satisfies Record<RateMetricId, RateDefinition>;

interface PriceDefinition {
  favourable: Favourable;
  value: (c: CellStats) => number | null;
}

/** A lower price is better for the customer, whatever the decision means. */
export const PRICE_DEFINITIONS = {
  price_mean: { favourable: "lower", value: (c) => priceMean(c.price) },
  price_median: { favourable: "lower", value: (c) => priceMedian(c.price) },
} as const satisfies Record<PriceMetricId, PriceDefinition>;

export function favourableDirection(metric: MetricId, decisionIsFavourable: boolean): Favourable {
  if (isPriceMetric(metric)) return PRICE_DEFINITIONS[metric].favourable;
  const base: Favourable = RATE_DEFINITIONS[metric].favourable;
  if (decisionIsFavourable || base === null) return base;
  return base === "higher" ? "lower" : "higher";
}

export function rateValue(metric: RateMetricId, c: CellStats, ctx: MetricContext): MetricValue {
  const def: RateDefinition = RATE_DEFINITIONS[metric];
  const missing = missingInputs([...def.needs], ctx)[0];
  if (missing !== undefined)
    return { value: null, reason: missing === "label" ? "no_label" : "no_decision" };
  const numerator = def.numerator(c, ctx);
  const denominator = def.denominator(c, ctx);
  if (denominator === 0) return { value: null, numerator, denominator, reason: "zero_denominator" };
  return { value: numerator / denominator, numerator, denominator };
}

export function priceValue(metric: PriceMetricId, c: CellStats, ctx: MetricContext): MetricValue {
  if (!ctx.hasPrice) return { value: null, reason: "no_price" };
  const value = PRICE_DEFINITIONS[metric].value(c);
  return value === null ? { value: null, reason: "no_price" } : { value };
}

export function metricValue(metric: MetricId, c: CellStats, ctx: MetricContext): MetricValue {
  return isPriceMetric(metric) ? priceValue(metric, c, ctx) : rateValue(metric, c, ctx);
}

/** Metrics that make sense for this audit's inputs (no label → no label-based rates, …). */
export function applicableMetrics(flags: InputFlags): MetricId[] {
  return METRIC_IDS.filter((m) => missingInputs(requiredInputs(m), flags).length === 0);
}

export function missingInputs(needs: readonly Input[], flags: InputFlags): Input[] {
  const has = { decision: flags.hasDecision, label: flags.hasLabel, price: flags.hasPrice };
  return needs.filter((n) => !has[n]);
}

/** The base metrics each composite is built from (DESIGN.md §2). */
export const COMPOSITE_COMPONENTS = {
  demographic_parity: ["selection_rate"],
  equal_opportunity: ["tpr"],
  equalized_odds: ["tpr", "fpr"],
} as const satisfies Record<CompositeId, readonly RateMetricId[]>;

/** What the audit's inputs must include for a metric or composite to be computed. */
export function requiredInputs(id: DisparityId): Input[] {
  if (isPriceMetric(id)) return ["price"];
  const components: readonly RateMetricId[] = isMetricId(id) ? [id] : COMPOSITE_COMPONENTS[id];
  return [...new Set(components.flatMap((m) => RATE_DEFINITIONS[m].needs))];
}
