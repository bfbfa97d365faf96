import type { DisparityId } from "../core/metric-ids.js";
import type { Comparison, Direction } from "./policy-schema.js";

export const VERDICTS = ["fail", "warn", "inconclusive", "pass"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const INCONCLUSIVE_REASONS = [
  "small_group",
  "small_reference",
  "undefined_value",
  "zero_denominator",
  "zero_reference",
  "reference_undefined",
  "suppressed",
  "small_denominator",
  "small_reference_denominator",
  "not_significant",
  "interval_crosses_bound",
  "no_interval",
] as const;
export type InconclusiveReason = (typeof INCONCLUSIVE_REASONS)[number];

/**
 * One rule applied to one group (or, for summaries, one attribute). Carries everything a report
 * needs to say "expected ratio ≥ 0.80, found 0.71 (Female vs Male)" without knowing the metric.
 */
export interface Finding {
  rule: string;
  metric: DisparityId;
  comparison: Comparison;
  attribute: string;
  /** null for between-groups summaries */
  group: string | null;
  /** null for "value" comparisons and summaries */
  reference: string | null;
  expected: { min?: number; max?: number };
  actual: number | null;
  verdict: Verdict;
  severity: "warn" | "error";
  reason?: InconclusiveReason;
  /** the interval the gate judged (of actual), where one exists */
  interval?: { low: number; high: number };
  /** the comparison's p-value after the run's multiple-comparison correction */
  pAdjusted?: number;
  /** audited rows of the group (null for summaries) and of the reference */
  n: number | null;
  referenceN: number | null;
  /** set on findings of the release gate: the same finding in the baseline report */
  change?: ChangeInfo;
}

/**
 * "compared": a change rule bounded current − baseline (the finding's `expected` is the bound on
 * the current value that follows); "missing": the baseline has this finding and the run has not.
 */
export interface ChangeInfo {
  status: "compared" | "missing";
  /** the change rule (absent for "missing") */
  rule?: string;
  direction?: Direction;
  baseline: number | null;
  /** current − baseline */
  change: number | null;
  /** allowed range of current − baseline */
  allowed: { min?: number; max?: number };
}

export interface VerdictCounts {
  fail: number;
  warn: number;
  inconclusive: number;
  pass: number;
}

/** Findings sort failures first, then warnings, inconclusive, passes; then by place. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict) ||
    cmp(a.attribute, b.attribute) ||
    cmp(a.group ?? "", b.group ?? "") ||
    cmp(a.rule, b.rule)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
