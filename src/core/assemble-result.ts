import type { AuditPlan } from "../config/resolve-plan.js";
import type { LoadResult } from "../io/load-table.js";
import { evaluatePolicy } from "../policy/evaluate-policy.js";
import {
  type AuditResult,
  type Notice,
  type PriceSummary,
  SCHEMA_VERSION,
} from "../report/audit-result.js";
import { TOOL_VERSION } from "../version.js";
import type { CellStats } from "./cell.js";
import { type AttributeMeasurement, measureGrouping } from "./measure.js";
import { priceMean, priceMedian, priceVariance } from "./price-stats.js";

/**
 * Pure: from the accumulators (however they were obtained: rows, shards, a database) and the plan,
 * every measurement, finding and disclosure of the audit.
 */
export function assembleResult(plan: AuditPlan, loaded: LoadResult): AuditResult {
  const options = {
    hasDecision: loaded.hasDecision,
    hasLabel: loaded.hasLabel,
    hasPrice: loaded.hasPrice,
    decisionIsFavourable: plan.decisionMeaning === "favourable",
    minGroupSize: plan.minGroupSize,
  };
  const measured = plan.groupings.map((g) => measureGrouping(loaded.table, g, options));
  const policy = { ...plan.policy, minGroupSize: plan.minGroupSize };
  const evaluation = evaluatePolicy(policy, measured, loaded);
  const decision: AuditResult["inputs"]["decision"] = {
    ...loaded.decision,
    meaning: plan.decisionMeaning,
  };
  const spec = plan.load.decision;
  if (spec?.kind === "top-k") decision.k = spec.k;
  if (spec?.kind === "top-percent") decision.percent = spec.percent;

  return {
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
    },
    policy: {
      name: policy.name,
      source: policy.source,
      minGroupSize: policy.minGroupSize,
      inconclusive: policy.inconclusive,
      rules: policy.rules,
      skipped: evaluation.skipped,
    },
    notices: notices(loaded, measured),
    attributes: measured.map((m) => toAttributeResult(m, loaded.hasPrice)),
    findings: evaluation.findings,
  };
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
  };
}

function notices(loaded: LoadResult, measured: readonly AttributeMeasurement[]): Notice[] {
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
      data: { threshold: d.threshold, min: d.scoreMin, max: d.scoreMax },
    });
  }
  const excluded = Object.values(loaded.tally.excluded).reduce((a, b) => a + b, 0);
  if (excluded > 0)
    out.push({ code: "rows_excluded", data: { rows: excluded, ...loaded.tally.excluded } });
  if (loaded.tally.unmatchedPredictions > 0) {
    out.push({ code: "unmatched_predictions", data: { rows: loaded.tally.unmatchedPredictions } });
  }
  if (loaded.hasPrice) {
    const unusable = loaded.tally.price.unparseable_price + loaded.tally.price.negative_price;
    if (unusable > 0)
      out.push({ code: "price_unusable", data: { rows: unusable, ...loaded.tally.price } });
  }
  const small = measured.flatMap((m) => m.groups.filter((g) => g.small).map(() => m.attribute));
  if (small.length > 0) out.push({ code: "small_groups", data: { groups: small.length } });
  return out;
}
