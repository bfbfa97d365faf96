import type { Interval } from "../core/disparity.js";
import type { InconclusiveReason, Verdict } from "./finding.js";
import type { Rule } from "./policy-schema.js";

/** Bound check as data: lower and upper bounds are inclusive. */
export function withinBounds(actual: number, rule: Pick<Rule, "min" | "max">): boolean {
  return (
    (rule.min === undefined || actual >= rule.min) && (rule.max === undefined || actual <= rule.max)
  );
}

/** What a gate judges besides the point estimate. */
export interface Evidence {
  interval?: Interval;
  pAdjusted?: number;
}

/** Every value of the interval satisfies the bound. */
export function intervalWithin(i: Interval, rule: Pick<Rule, "min" | "max">): boolean {
  return (
    (rule.min === undefined || i.low >= rule.min) && (rule.max === undefined || i.high <= rule.max)
  );
}

/** Every value of the interval breaks the bound (on one side). */
export function intervalBeyond(i: Interval, rule: Pick<Rule, "min" | "max">): boolean {
  return (
    (rule.min !== undefined && i.high < rule.min) || (rule.max !== undefined && i.low > rule.max)
  );
}

/**
 * The rule's gate (docs/statistics.md, "Gates"):
 * - point: the bound on the point estimate;
 * - evidence-of-violation: a point estimate beyond the bound fails only when the whole interval
 *   lies beyond it, or the comparison is significant after correction (adjusted p < α); otherwise
 *   it is INCONCLUSIVE (not_significant). A point estimate within the bound passes;
 * - evidence-of-compliance: passes only when the whole interval lies within the bound; a point
 *   estimate beyond the bound fails as under `point`; anything between is INCONCLUSIVE.
 */
export function gate(
  actual: number,
  rule: Pick<Rule, "min" | "max" | "gate" | "severity">,
  evidence: Evidence,
  alpha: number,
): { verdict: Verdict; reason?: InconclusiveReason } {
  const violated = { verdict: rule.severity === "warn" ? ("warn" as const) : ("fail" as const) };
  const within = withinBounds(actual, rule);
  if (rule.gate === "point") return within ? { verdict: "pass" } : violated;
  if (rule.gate === "evidence-of-violation") {
    if (within) return { verdict: "pass" };
    if (evidence.interval && intervalBeyond(evidence.interval, rule)) return violated;
    if (evidence.pAdjusted !== undefined && evidence.pAdjusted < alpha) return violated;
    return {
      verdict: "inconclusive",
      reason:
        evidence.interval === undefined && evidence.pAdjusted === undefined
          ? "no_interval"
          : "not_significant",
    };
  }
  if (!within) return violated;
  if (evidence.interval === undefined) return { verdict: "inconclusive", reason: "no_interval" };
  return intervalWithin(evidence.interval, rule)
    ? { verdict: "pass" }
    : { verdict: "inconclusive", reason: "interval_crosses_bound" };
}
