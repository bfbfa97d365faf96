import { UserError } from "../errors.js";
import { type AggregateTable, marginal, tableTotal } from "./aggregate-table.js";
import type { CellStats } from "./cell.js";
import {
  combineSummaries,
  combineWorst,
  compare,
  type Disparity,
  type Summary,
  summarize,
} from "./disparity.js";
import type { DisparityId, MetricId } from "./metric-ids.js";
import {
  applicableMetrics,
  COMPOSITE_COMPONENTS,
  favourableDirection,
  type InputFlags,
  type MetricContext,
  type MetricValue,
  metricValue,
} from "./metrics.js";

export const REFERENCE_STRATEGIES = ["largest", "most-favourable", "overall"] as const;
export type ReferenceStrategy = (typeof REFERENCE_STRATEGIES)[number];

/** The label of the whole population when it is the reference. */
export const OVERALL = "(overall)";

export interface Grouping {
  /** e.g. "gender" or "gender & age" */
  name: string;
  /** positions in the table's attributes */
  indices: readonly number[];
  /** an explicit reference group, else the strategy decides */
  reference?: string;
  strategy: ReferenceStrategy;
}

export interface MeasureOptions extends InputFlags {
  /** true when being selected benefits the person (an offer); false for adverse decisions */
  decisionIsFavourable: boolean;
  /** groups with fewer rows are "small": out of summaries and of the most-favourable choice */
  minGroupSize: number;
}

export interface GroupMeasurement {
  group: string;
  stats: CellStats;
  small: boolean;
  metrics: Partial<Record<MetricId, MetricValue>>;
  disparities: Partial<Record<DisparityId, Disparity>>;
}

export interface AttributeMeasurement {
  attribute: string;
  kind: "single" | "intersection";
  /** how the reference was chosen: named in the config ("explicit") or by a strategy */
  strategy: ReferenceStrategy | "explicit";
  /** the reference group of each compared metric (OVERALL for the population) */
  references: Partial<Record<DisparityId, string>>;
  groups: GroupMeasurement[];
  overall: { stats: CellStats; metrics: Partial<Record<MetricId, MetricValue>> };
  summaries: Partial<Record<DisparityId, Summary>>;
  /** set by the inference stage when pricing factors were declared but the gap has no estimate */
  adjustedGapUnavailable?: AdjustedGapUnavailable;
}

/** Why the adjusted price gap of a grouping cannot be estimated (a notice says so). */
export interface AdjustedGapUnavailable {
  reason: "overall_reference" | "no_reference_rows" | "one_group" | "too_few_rows" | "collinear";
  /** the group or factor column that is (numerically) a combination of the ones before it */
  column?: string;
}

/** Pure: every number of one grouping from the table's accumulators. */
export function measureGrouping(
  table: AggregateTable,
  grouping: Grouping,
  options: MeasureOptions,
): AttributeMeasurement {
  const cells = marginal(table, grouping.indices);
  const overallStats = tableTotal(table);
  const ctx: MetricContext = {
    hasDecision: options.hasDecision,
    hasLabel: options.hasLabel,
    hasPrice: options.hasPrice,
    totalSelected: overallStats.selected,
  };
  const metricIds = applicableMetrics(options);
  const valuesOf = (stats: CellStats) =>
    Object.fromEntries(metricIds.map((m) => [m, metricValue(m, stats, ctx)])) as Record<
      MetricId,
      MetricValue
    >;

  const groups = [...cells.entries()].map(([group, stats]) => ({
    group,
    stats,
    small: stats.n < options.minGroupSize,
    metrics: valuesOf(stats),
  }));
  const overall = { stats: overallStats, metrics: valuesOf(overallStats) };

  if (grouping.reference !== undefined && !cells.has(grouping.reference)) {
    throw new UserError(
      `reference group "${grouping.reference}" does not occur in attribute ${grouping.name} (groups: ${[...cells.keys()].join(", ")})`,
      { key: `reference.${grouping.name}` },
      "unknown_reference",
    );
  }

  const references: Partial<Record<DisparityId, string>> = {};
  const disparities = new Map<string, Partial<Record<DisparityId, Disparity>>>(
    groups.map((g) => [g.group, {}]),
  );
  const summaries: Partial<Record<DisparityId, Summary>> = {};

  for (const metric of metricIds) {
    const reference = chooseReference(grouping, metric, groups, options);
    references[metric] = reference;
    const refValue =
      reference === OVERALL
        ? overall.metrics[metric].value
        : (groups.find((g) => g.group === reference)?.metrics[metric].value ?? null);
    for (const g of groups) {
      const entry = disparities.get(g.group);
      if (entry) entry[metric] = compare(g.metrics[metric].value, refValue, reference);
    }
    summaries[metric] = summarize(
      groups.filter((g) => !g.small).map((g) => g.metrics[metric].value),
    );
  }

  // Demographic parity and equal opportunity are selection-rate and TPR comparisons by another name.
  for (const [composite, base] of [
    ["demographic_parity", COMPOSITE_COMPONENTS.demographic_parity[0]],
    ["equal_opportunity", COMPOSITE_COMPONENTS.equal_opportunity[0]],
  ] as const) {
    if (!metricIds.includes(base)) continue;
    references[composite] = references[base] ?? OVERALL;
    summaries[composite] = summaries[base] ?? summarize([]);
    for (const entry of disparities.values()) {
      const d = entry[base];
      if (d) entry[composite] = d;
    }
  }
  if (metricIds.includes("tpr") && metricIds.includes("fpr")) {
    // Equalized odds compares TPR and FPR against one group: the TPR reference.
    const reference = references.tpr ?? OVERALL;
    references.equalized_odds = reference;
    const refMetrics =
      reference === OVERALL ? overall.metrics : groups.find((g) => g.group === reference)?.metrics;
    for (const g of groups) {
      const entry = disparities.get(g.group);
      if (!entry) continue;
      const tpr = compare(g.metrics.tpr.value, refMetrics?.tpr.value ?? null, reference);
      const fpr = compare(g.metrics.fpr.value, refMetrics?.fpr.value ?? null, reference);
      entry.equalized_odds = combineWorst(tpr, fpr);
    }
    const tprSummary = summaries.tpr;
    const fprSummary = summaries.fpr;
    if (tprSummary && fprSummary)
      summaries.equalized_odds = combineSummaries(tprSummary, fprSummary);
  }

  return {
    attribute: grouping.name,
    kind: grouping.indices.length > 1 ? "intersection" : "single",
    strategy: grouping.reference === undefined ? grouping.strategy : "explicit",
    references,
    groups: groups.map((g) => ({ ...g, disparities: disparities.get(g.group) ?? {} })),
    overall,
    summaries,
  };
}

interface Candidate {
  group: string;
  stats: CellStats;
  small: boolean;
  metrics: Record<MetricId, MetricValue>;
}

function chooseReference(
  grouping: Grouping,
  metric: MetricId,
  groups: readonly Candidate[],
  options: MeasureOptions,
): string {
  if (grouping.reference !== undefined) return grouping.reference;
  if (grouping.strategy === "overall") return OVERALL;
  const largest = largestGroup(groups);
  if (grouping.strategy === "largest") return largest;
  // Most favourable: the four-fifths rule compares each group with the best-treated group.
  const direction = favourableDirection(metric, options.decisionIsFavourable) ?? "higher";
  let best: Candidate | undefined;
  for (const g of groups) {
    const v = g.metrics[metric].value;
    if (g.small || v === null) continue;
    const bestValue = best?.metrics[metric].value;
    if (
      best === undefined ||
      bestValue === null ||
      bestValue === undefined ||
      (direction === "higher" ? v > bestValue : v < bestValue)
    ) {
      best = g;
    }
  }
  return best?.group ?? largest;
}

/** The group with the most rows; ties go to the first label in sort order (groups come sorted). */
function largestGroup(groups: readonly Candidate[]): string {
  let best: Candidate | undefined;
  for (const g of groups) if (best === undefined || g.stats.n > best.stats.n) best = g;
  return best?.group ?? OVERALL;
}
