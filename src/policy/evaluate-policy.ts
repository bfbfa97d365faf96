import type { AttributeMeasurement, GroupMeasurement } from "../core/measure.js";
import { isMetricId } from "../core/metric-ids.js";
import { type InputFlags, missingInputs, requiredInputs } from "../core/metrics.js";
import {
  compareFindings,
  type Finding,
  type InconclusiveReason,
  type Verdict,
  type VerdictCounts,
} from "./finding.js";
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

/** Bound check as data: lower and upper bounds are inclusive. */
export function withinBounds(actual: number, rule: Pick<Rule, "min" | "max">): boolean {
  return (
    (rule.min === undefined || actual >= rule.min) && (rule.max === undefined || actual <= rule.max)
  );
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
    for (const attribute of scoped)
      findings.push(...evaluateRule(rule, attribute, policy.minGroupSize));
  }
  findings.sort(compareFindings);
  const counts: VerdictCounts = { fail: 0, warn: 0, inconclusive: 0, pass: 0 };
  for (const f of findings) counts[f.verdict]++;
  const escalate = policy.inconclusive;
  const verdict =
    counts.fail > 0 || (escalate === "fail" && counts.inconclusive > 0)
      ? "fail"
      : counts.warn > 0 || (escalate === "warn" && counts.inconclusive > 0)
        ? "warn"
        : "pass";
  return { findings, skipped, counts, verdict };
}

function missingInput(rule: Rule, inputs: InputFlags): SkippedRule["reason"] | null {
  const missing = missingInputs(requiredInputs(rule.metric), inputs)[0];
  return missing === undefined ? null : `no_${missing}`;
}

function evaluateRule(
  rule: Rule,
  attribute: AttributeMeasurement,
  minGroupSize: number,
): Finding[] {
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
    const { actual, reason } = actualOf(rule, group);
    const small: InconclusiveReason | undefined =
      group.stats.n < minGroupSize
        ? "small_group"
        : rule.comparison !== "value" && referenceN !== null && referenceN < minGroupSize
          ? "small_reference"
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
      ),
    );
  }
  return out;
}

function actualOf(
  rule: Rule,
  group: GroupMeasurement,
): { actual: number | null; reason?: InconclusiveReason } {
  if (rule.comparison === "value") {
    const m = isMetricId(rule.metric) ? group.metrics[rule.metric] : undefined;
    const actual = m?.value ?? null;
    return actual === null ? { actual, reason: toReason(m?.reason) } : { actual };
  }
  const d = group.disparities[rule.metric];
  const actual = d ? (rule.comparison === "ratio" ? d.ratio : d.difference) : null;
  return actual === null ? { actual, reason: toReason(d?.reason) } : { actual };
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
): Finding {
  let verdict: Verdict;
  if (reason !== undefined || partial.actual === null) verdict = "inconclusive";
  else if (withinBounds(partial.actual, rule)) verdict = "pass";
  else verdict = rule.severity === "warn" ? "warn" : "fail";
  const finding: Finding = { ...partial, verdict };
  if (verdict === "inconclusive") finding.reason = reason ?? "undefined_value";
  return finding;
}
