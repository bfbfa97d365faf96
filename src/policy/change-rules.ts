import { UserError } from "../errors.js";
import { compareFindings, type Finding, type InconclusiveReason, type Verdict } from "./finding.js";
import { findingKey, isRuleFinding } from "./finding-key.js";
import { type ChangeRule, type ChangeRuleInput, changeRuleSchema } from "./policy-schema.js";

/** Applies change-rule defaults and gives every change rule a unique id. */
export function finishChangeRules(inputs: readonly ChangeRuleInput[], file: string): ChangeRule[] {
  const seen = new Set<string>();
  return inputs.map((input, i) => {
    const parsed = changeRuleSchema.parse(input);
    const id = parsed.id ?? `change-${i + 1}`;
    if (seen.has(id))
      throw new UserError(
        `duplicate change rule id "${id}"`,
        { file, key: `changes[${i}].id` },
        "invalid_policy",
      );
    seen.add(id);
    const rule: ChangeRule = { id, direction: parsed.direction, severity: parsed.severity };
    if (parsed.absolute !== undefined) rule.absolute = parsed.absolute;
    if (parsed.relative !== undefined) rule.relative = parsed.relative;
    if (parsed.rules) rule.rules = parsed.rules;
    if (parsed.metrics) rule.metrics = parsed.metrics;
    if (parsed.attributes) rule.attributes = parsed.attributes;
    return rule;
  });
}

/**
 * Pure: the release gate. Every current finding in a change rule's scope that the baseline also
 * has (same findingKey) becomes a change finding; every rule finding of the baseline that the
 * current run lacks becomes a FAIL of its own (a group or rule that vanished is not a pass).
 * Findings only in the current run have nothing to compare with and add nothing.
 */
export function evaluateChanges(
  baseline: readonly Finding[],
  current: readonly Finding[],
  rules: readonly ChangeRule[],
): Finding[] {
  const before = new Map(baseline.filter(isRuleFinding).map((f) => [findingKey(f), f]));
  const now = current.filter(isRuleFinding);
  const nowKeys = new Set(now.map(findingKey));
  const out: Finding[] = [];
  for (const rule of rules) {
    if (rule.severity === "off") continue;
    for (const f of now) {
      if (!inScope(rule, f)) continue;
      const old = before.get(findingKey(f));
      if (old !== undefined) out.push(changeFinding(rule, old, f));
    }
  }
  for (const [key, old] of before) {
    if (!nowKeys.has(key)) out.push(missingFinding(old));
  }
  return out.sort(compareFindings);
}

function inScope(rule: ChangeRule, f: Finding): boolean {
  return (
    (rule.rules === undefined || rule.rules.includes(f.rule)) &&
    (rule.metrics === undefined || rule.metrics.includes(f.metric)) &&
    (rule.attributes === undefined || rule.attributes.includes(f.attribute))
  );
}

/**
 * The allowed range of current − baseline. Slack s: higher-is-better allows a change ≥ −s,
 * lower-is-better a change ≤ s; with absolute and relative slack, the stricter bound holds
 * (both must pass, as in TFMA). Relative slack scales with |baseline|.
 */
export function allowedChange(
  rule: Pick<ChangeRule, "direction" | "absolute" | "relative">,
  baseline: number,
): { min?: number; max?: number } | "zero_baseline" {
  const slacks: number[] = [];
  if (rule.absolute !== undefined) slacks.push(rule.absolute);
  if (rule.relative !== undefined && baseline !== 0)
    slacks.push(rule.relative * Math.abs(baseline));
  if (slacks.length === 0) return "zero_baseline";
  const slack = Math.min(...slacks);
  return rule.direction === "higher-is-better" ? { min: -slack } : { max: slack };
}

function changeFinding(rule: ChangeRule, old: Finding, f: Finding): Finding {
  const severity = rule.severity === "warn" ? "warn" : "error";
  const base: Finding = {
    ...withoutVerdict(f),
    severity,
    expected: {},
    verdict: "inconclusive",
    change: {
      status: "compared",
      rule: rule.id,
      direction: rule.direction,
      baseline: old.actual,
      change: null,
      allowed: {},
    },
  };
  const inconclusive = (reason: InconclusiveReason): Finding => ({ ...base, reason });
  if (old.actual === null || f.actual === null) return inconclusive("undefined_value");
  const change = f.actual - old.actual;
  const allowed = allowedChange(rule, old.actual);
  const info = { ...(base.change as NonNullable<Finding["change"]>), change };
  if (allowed === "zero_baseline")
    return { ...base, change: info, reason: "zero_reference", verdict: "inconclusive" };
  info.allowed = allowed;
  const expected: Finding["expected"] = {};
  if (allowed.min !== undefined) expected.min = old.actual + allowed.min;
  if (allowed.max !== undefined) expected.max = old.actual + allowed.max;
  // A group too small now is as uncertain for its change as for its own bound.
  if (f.reason !== undefined) return { ...base, change: info, expected, reason: f.reason };
  const ok =
    (allowed.min === undefined || change >= allowed.min) &&
    (allowed.max === undefined || change <= allowed.max);
  const verdict: Verdict = ok ? "pass" : severity === "warn" ? "warn" : "fail";
  return { ...base, change: info, expected, verdict };
}

function missingFinding(old: Finding): Finding {
  return {
    ...withoutVerdict(old),
    actual: null,
    n: null,
    referenceN: null,
    severity: "error",
    verdict: "fail",
    change: { status: "missing", baseline: old.actual, change: null, allowed: {} },
  };
}

function withoutVerdict(f: Finding): Omit<Finding, "verdict" | "reason"> {
  const { verdict: _verdict, reason: _reason, ...rest } = f;
  return rest;
}
