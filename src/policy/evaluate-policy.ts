import type { AttributeMeasurement, GroupMeasurement } from "../core/measure.js";
import { isMetricId, isRateMetric, type RateMetricId } from "../core/metric-ids.js";
import {
  COMPOSITE_COMPONENTS,
  type InputFlags,
  missingInputs,
  requiredInputs,
} from "../core/metrics.js";
import {
  compareFindings,
  type Finding,
  type InconclusiveReason,
  type VerdictCounts,
} from "./finding.js";
import { type Evidence, gate } from "./gates.js";
import type { Policy, Rule } from "./policy-schema.js";

export interface SkippedRule {
  rule: string;
  reason: "no_decision" | "no_label" | "no_price" | "no_matching_attribute";
}

export interface Evaluation {
  findings: Finding[];
  skipped: SkippedRule[];
  counts: VerdictCounts;
  verdict: "pass" | "warn" | "fail";
}

/** Pure: every active rule × attribute × group becomes a finding. */
export function evaluatePolicy(
  policy: Policy,
  attributes: readonly AttributeMeasurement[],
  inputs: InputFlags,
): Evaluation {
  const findings: Finding[] = [];
  const skipped: SkippedRule[] = [];
  for (const rule of policy.rules) {
    if (rule.severity === "off") continue;
    const missing = missingInput(rule, inputs);
    if (missing) {
      skipped.push({ rule: rule.id, reason: missing });
      continue;
    }
    const scoped = attributes.filter(
      (a) => rule.attributes === undefined || rule.attributes.includes(a.attribute),
    );
    if (scoped.length === 0) {
      skipped.push({ rule: rule.id, reason: "no_matching_attribute" });
      continue;
    }
    for (const attribute of scoped) findings.push(...evaluateRule(rule, attribute, policy));
  }
  findings.sort(compareFindings);
  return { findings, skipped, ...tallyFindings(findings, policy.inconclusive) };
}

/** Counts by verdict and the overall verdict; INCONCLUSIVE escalates as the policy says. */
export function tallyFindings(
  findings: readonly Finding[],
  escalate: Policy["inconclusive"],
): { counts: VerdictCounts; verdict: Evaluation["verdict"] } {
  const counts: VerdictCounts = { fail: 0, warn: 0, inconclusive: 0, pass: 0 };
  for (const f of findings) counts[f.verdict]++;
  return { counts, verdict: overallVerdict(counts, escalate) };
}

/** The run's verdict from its findings' verdicts; INCONCLUSIVE counts as the policy says. */
export function overallVerdict(
  counts: VerdictCounts,
  escalate: Policy["inconclusive"],
): Evaluation["verdict"] {
  return counts.fail > 0 || (escalate === "fail" && counts.inconclusive > 0)
    ? "fail"
    : counts.warn > 0 || (escalate === "warn" && counts.inconclusive > 0)
      ? "warn"
      : "pass";
}

function missingInput(rule: Rule, inputs: InputFlags): SkippedRule["reason"] | null {
  const missing = missingInputs(requiredInputs(rule.metric), inputs)[0];
  return missing === undefined ? null : `no_${missing}`;
}

type Limits = Pick<Policy, "minGroupSize" | "minDenominator" | "confidence">;

function evaluateRule(rule: Rule, attribute: AttributeMeasurement, limits: Limits): Finding[] {
  const { minGroupSize } = limits;
  const expected: Finding["expected"] = {};
  if (rule.min !== undefined) expected.min = rule.min;
  if (rule.max !== undefined) expected.max = rule.max;
  const severity = rule.severity === "warn" ? "warn" : "error";
  const base = {
    rule: rule.id,
    metric: rule.metric,
    comparison: rule.comparison,
    attribute: attribute.attribute,
    expected,
    severity,
  } as const;

  if (rule.comparison === "max_difference" || rule.comparison === "min_ratio") {
    const summary = attribute.summaries[rule.metric];
    const actual = summary
      ? rule.comparison === "max_difference"
        ? summary.maxDifference
        : summary.minRatio
      : null;
    const interval =
      rule.comparison === "max_difference" ? summary?.differenceInterval : summary?.ratioInterval;
    // A summary needs at least two groups large enough to compare.
    const reason: InconclusiveReason | undefined =
      summary === undefined || summary.groups < 2
        ? "small_group"
        : actual === null
          ? "undefined_value"
          : undefined;
    return [
      finish(
        { ...base, group: null, reference: null, actual, n: null, referenceN: null },
        rule,
        reason,
        interval ? { interval } : {},
        limits,
      ),
    ];
  }

  const reference = attribute.references[rule.metric] ?? null;
  const referenceGroup = attribute.groups.find((g) => g.group === reference);
  const referenceN = referenceGroup
    ? referenceGroup.stats.n
    : reference === null
      ? null
      : attribute.overall.stats.n;
  const out: Finding[] = [];
  for (const group of attribute.groups) {
    if (rule.groups !== undefined && !rule.groups.includes(group.group)) continue;
    if (rule.comparison !== "value" && group.group === reference) continue;
    const { actual, reason, evidence } = actualOf(rule, group);
    const compared = rule.comparison !== "value";
    const small: InconclusiveReason | undefined =
      group.stats.n < minGroupSize
        ? "small_group"
        : compared && referenceN !== null && referenceN < minGroupSize
          ? "small_reference"
          : smallestDenominator(rule, group) < limits.minDenominator
            ? "small_denominator"
            : compared && referenceDenominator(rule, attribute, reference) < limits.minDenominator
              ? "small_reference_denominator"
              : undefined;
    out.push(
      finish(
        {
          ...base,
          group: group.group,
          reference: rule.comparison === "value" ? null : reference,
          actual,
          n: group.stats.n,
          referenceN: rule.comparison === "value" ? null : referenceN,
        },
        rule,
        small ?? reason,
        evidence,
        limits,
      ),
    );
  }
  return out;
}

function actualOf(
  rule: Rule,
  group: GroupMeasurement,
): { actual: number | null; reason?: InconclusiveReason; evidence: Evidence } {
  if (rule.comparison === "value") {
    const m = isMetricId(rule.metric) ? group.metrics[rule.metric] : undefined;
    const actual = m?.value ?? null;
    const evidence: Evidence = m?.interval ? { interval: m.interval } : {};
    return actual === null
      ? { actual, reason: toReason(m?.reason), evidence }
      : { actual, evidence };
  }
  const d = group.disparities[rule.metric];
  const ratio = rule.comparison === "ratio";
  const actual = d ? (ratio ? d.ratio : d.difference) : null;
  const evidence: Evidence = {};
  const interval = ratio ? d?.ratioInterval : d?.differenceInterval;
  if (interval) evidence.interval = interval;
  if (d?.pAdjusted !== undefined) evidence.pAdjusted = d.pAdjusted;
  return actual === null ? { actual, reason: toReason(d?.reason), evidence } : { actual, evidence };
}

/** The rate metrics a rule's metric is made of (none for prices). */
function rateComponents(rule: Rule): readonly RateMetricId[] {
  if (isRateMetric(rule.metric)) return [rule.metric];
  if (isMetricId(rule.metric)) return [];
  return COMPOSITE_COMPONENTS[rule.metric];
}

/** The smallest denominator among the rates the rule looks at (Infinity for prices). */
function smallestDenominator(rule: Rule, group: Pick<GroupMeasurement, "metrics">): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (const m of rateComponents(rule)) {
    const d = group.metrics[m]?.denominator;
    if (d !== undefined && m !== "selection_share") smallest = Math.min(smallest, d);
  }
  return smallest;
}

function referenceDenominator(
  rule: Rule,
  attribute: AttributeMeasurement,
  reference: string | null,
): number {
  if (reference === null) return Number.POSITIVE_INFINITY;
  const group = attribute.groups.find((g) => g.group === reference) ?? attribute.overall;
  return smallestDenominator(rule, group);
}

function toReason(reason: string | undefined): InconclusiveReason {
  return reason === "zero_denominator" ||
    reason === "zero_reference" ||
    reason === "reference_undefined"
    ? reason
    : "undefined_value";
}

function finish(
  partial: Omit<Finding, "verdict" | "reason">,
  rule: Rule,
  reason: InconclusiveReason | undefined,
  evidence: Evidence,
  limits: Pick<Policy, "confidence">,
): Finding {
  const judged =
    reason !== undefined || partial.actual === null
      ? { verdict: "inconclusive" as const, reason: reason ?? "undefined_value" }
      : gate(partial.actual, rule, evidence, 1 - limits.confidence);
  const finding: Finding = { ...partial, verdict: judged.verdict };
  if (judged.reason !== undefined) finding.reason = judged.reason;
  if (evidence.interval) finding.interval = evidence.interval;
  if (evidence.pAdjusted !== undefined) finding.pAdjusted = evidence.pAdjusted;
  return finding;
}
