import { INTERSECTION_SEPARATOR } from "../core/aggregate-table.js";
import type { CellStats } from "../core/cell.js";
import type { Grouping } from "../core/measure.js";
import { type AttributeMeasurement, measureGrouping } from "../core/measure.js";
import { priceMean, priceMedian, priceVariance } from "../core/price-stats.js";
import { inferRun } from "../inference/infer.js";
import type { InferenceOptions } from "../inference/options.js";
import type { LoadSpec } from "../io/load-spec.js";
import type { LoadResult } from "../io/load-table.js";
import { evaluatePolicy } from "../policy/evaluate-policy.js";
import type { Policy } from "../policy/policy-schema.js";
import { consentShares, suppressConsent } from "../privacy/consent.js";
import { TOOL_VERSION } from "../version.js";
import {
  type AuditResult,
  type Notice,
  type PriceSummary,
  SCHEMA_VERSION,
} from "./audit-result.js";
import { checkGroups } from "./check-groups.js";
import { applySuppression, chooseSuppressed, type TableCells } from "./suppress.js";

/**
 * What assembling a result needs of the audit plan, declared here so that result/ does not
 * depend on config/ (config's AuditPlan extends it).
 */
export interface ResultPlan {
  load: LoadSpec;
  groupings: Grouping[];
  decisionMeaning: "favourable" | "adverse";
  policy: Policy;
  minGroupSize: number;
  minDenominator: number;
  inference: InferenceOptions;
  /** rows without model output are out of scope (disclosed), not excluded */
  scoredOnly: boolean;
}

/**
 * Pure: from the accumulators (however they were obtained: rows, shards, a database) and the plan,
 * every measurement, finding and disclosure of the audit.
 */
export function assembleResult(plan: ResultPlan, loaded: LoadResult): AuditResult {
  checkGroups(plan.policy, plan.groupings, loaded.table);
  const options = {
    hasDecision: loaded.hasDecision,
    hasLabel: loaded.hasLabel,
    hasPrice: loaded.hasPrice,
    decisionIsFavourable: plan.decisionMeaning === "favourable",
    minGroupSize: plan.minGroupSize,
  };
  const inference = inferRun(
    plan.groupings.map((g) => measureGrouping(loaded.table, g, options)),
    plan.inference,
  );
  const measured = inference.attributes;
  const policy = {
    ...plan.policy,
    minGroupSize: plan.minGroupSize,
    minDenominator: plan.minDenominator,
    confidence: plan.inference.confidence,
    correction: plan.inference.correction,
  };
  const evaluation = evaluatePolicy(policy, measured, loaded);
  // The observed score extremes are single people's values: they stay out of the result.
  const { scoreMin: _min, scoreMax: _max, ...decisionInfo } = loaded.decision;
  const decision: AuditResult["inputs"]["decision"] = {
    ...decisionInfo,
    meaning: plan.decisionMeaning,
  };
  const spec = plan.load.decision;
  if (spec?.kind === "top-k") decision.k = spec.k;
  if (spec?.kind === "top-percent") decision.percent = spec.percent;

  const k = plan.policy.suppressBelow;
  const withheld = chooseSuppressed(tablesOf(plan, loaded), k);
  const result: AuditResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "fairaudit", version: TOOL_VERSION },
    verdict: evaluation.verdict,
    counts: evaluation.counts,
    inputs: {
      files: loaded.files,
      rows: {
        read: loaded.tally.rowsRead,
        outsideSegment: loaded.tally.outsideSegment,
        excluded: loaded.tally.excluded,
        audited: loaded.tally.audited,
      },
      price: loaded.hasPrice ? loaded.tally.price : null,
      unmatchedPredictions: loaded.tally.unmatchedPredictions,
      columnsRead: loaded.columnsRead,
      segment: [...plan.load.where],
      label: plan.load.label ?? null,
      decision,
      priceColumn: plan.load.price ?? null,
      consentColumn: plan.load.consent ?? null,
      identifierColumns: loaded.identifierColumns,
    },
    policy: {
      name: policy.name,
      source: policy.source,
      minGroupSize: policy.minGroupSize,
      suppressBelow: policy.suppressBelow,
      maxExcludedShare: policy.maxExcludedShare,
      minDenominator: policy.minDenominator,
      confidence: policy.confidence,
      correction: policy.correction,
      inconclusive: policy.inconclusive,
      rules: policy.rules,
      skipped: evaluation.skipped,
    },
    inference: { ...plan.inference, comparisons: inference.comparisons },
    notices: [
      ...notices(loaded, measured, plan.scoredOnly),
      ...(evaluation.findings.length === 0
        ? [
            {
              code: "no_findings" as const,
              data: {
                rules: policy.rules.filter((r) => r.severity !== "off").length,
                skipped: evaluation.skipped.length,
              },
            },
          ]
        : []),
    ],
    attributes: measured.map((m, i) => {
      const attribute = toAttributeResult(m, loaded.hasPrice);
      const indices = plan.groupings[i]?.indices ?? [];
      attribute.consent = loaded.consent
        ? suppressConsent(
            consentShares(loaded.consent.cells, indices),
            withheld.get(m.attribute) ?? new Set(),
            k,
          )
        : null;
      return attribute;
    }),
    findings: evaluation.findings,
  };
  return applySuppression(result, withheld);
}

/** Every published grouping with its groups' attribute tuples, for complementary suppression. */
function tablesOf(plan: ResultPlan, loaded: LoadResult): TableCells[] {
  return plan.groupings.map((g) => {
    const groups = new Map<string, { group: string; tuple: string[]; n: number }>();
    for (const cell of loaded.table.cells.values()) {
      const tuple = g.indices.map((i) => cell.groups[i] ?? "");
      const group = tuple.join(INTERSECTION_SEPARATOR);
      const entry = groups.get(group) ?? { group, tuple, n: 0 };
      entry.n += cell.stats.n;
      groups.set(group, entry);
    }
    return { attribute: g.name, dims: g.indices, groups: [...groups.values()] };
  });
}

function counts(stats: CellStats) {
  return {
    n: stats.n,
    selected: stats.selected,
    tp: stats.tp,
    fp: stats.fp,
    tn: stats.tn,
    fn: stats.fn,
  };
}

function priceSummary(stats: CellStats, hasPrice: boolean): PriceSummary | null {
  if (!hasPrice) return null;
  const p = stats.price;
  const variance = priceVariance(p);
  return {
    count: p.count,
    missing: p.missing,
    mean: priceMean(p),
    median: priceMedian(p),
    sd: variance === null ? null : Math.sqrt(variance),
    min: p.count === 0 ? null : p.min,
    max: p.count === 0 ? null : p.max,
  };
}

function toAttributeResult(
  m: AttributeMeasurement,
  hasPrice: boolean,
): AuditResult["attributes"][number] {
  return {
    attribute: m.attribute,
    kind: m.kind,
    strategy: m.strategy,
    references: m.references,
    groups: m.groups.map((g) => ({
      group: g.group,
      ...counts(g.stats),
      small: g.small,
      suppressed: false,
      price: priceSummary(g.stats, hasPrice),
      metrics: g.metrics,
      disparities: g.disparities,
    })),
    overall: {
      ...counts(m.overall.stats),
      price: priceSummary(m.overall.stats, hasPrice),
      metrics: m.overall.metrics,
    },
    summaries: m.summaries,
    consent: null,
  };
}

function notices(
  loaded: LoadResult,
  measured: readonly AttributeMeasurement[],
  scoredOnly: boolean,
): Notice[] {
  const out: Notice[] = [];
  const d = loaded.decision;
  if (
    d.threshold !== undefined &&
    d.kind === "threshold" &&
    d.scoreMin !== undefined &&
    d.scoreMax !== undefined &&
    (d.threshold < d.scoreMin || d.threshold > d.scoreMax)
  ) {
    out.push({
      code: "threshold_outside_scores",
      data: { threshold: d.threshold, side: d.threshold < d.scoreMin ? "below" : "above" },
    });
  }
  // Scores may be deciles or points (DESIGN §3): outside [0, 1] is only odd next to a threshold
  // that looks like a probability, and then it is disclosed, not refused.
  if (
    d.kind === "threshold" &&
    d.threshold !== undefined &&
    d.threshold > 0 &&
    d.threshold < 1 &&
    loaded.tally.scoresOutsideUnitInterval > 0
  ) {
    out.push({
      code: "scores_outside_unit_interval",
      data: { rows: loaded.tally.scoresOutsideUnitInterval, threshold: d.threshold },
    });
  }
  const unscored = scoredOnly ? loaded.tally.excluded.no_model_output : 0;
  if (unscored > 0) out.push({ code: "scored_only", data: { rows: unscored } });
  const excludedBy = {
    ...loaded.tally.excluded,
    no_model_output: loaded.tally.excluded.no_model_output - unscored,
  };
  const excluded = Object.values(excludedBy).reduce((a, b) => a + b, 0);
  if (excluded > 0) out.push({ code: "rows_excluded", data: { rows: excluded, ...excludedBy } });
  if (loaded.tally.unmatchedPredictions > 0) {
    out.push({ code: "unmatched_predictions", data: { rows: loaded.tally.unmatchedPredictions } });
  }
  if (loaded.hasPrice) {
    const unusable = loaded.tally.price.unparseable_price + loaded.tally.price.negative_price;
    if (unusable > 0)
      out.push({ code: "price_unusable", data: { rows: unusable, ...loaded.tally.price } });
  }
  if (loaded.identifierColumns.length > 0) {
    // A column of the same name in several files (one per day, say) is one thing to stop exporting.
    const names = [...new Set(loaded.identifierColumns.map((c) => c.column))];
    out.push({
      code: "identifier_columns",
      data: { columns: names.length, names: names.join(", ") },
    });
  }
  for (const m of measured) {
    const why = m.adjustedGapUnavailable;
    if (why === undefined) continue;
    out.push({
      code: "adjusted_gap_unavailable",
      data: { attribute: m.attribute, reason: why.reason, column: why.column ?? null },
    });
  }
  const small = measured.flatMap((m) => m.groups.filter((g) => g.small).map(() => m.attribute));
  if (small.length > 0) out.push({ code: "small_groups", data: { groups: small.length } });
  return out;
}
