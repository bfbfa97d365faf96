import { z } from "zod";
import { REFERENCE_STRATEGIES, type ReferenceStrategy } from "../core/measure.js";
import { DISPARITY_IDS, isMetricId } from "../core/metric-ids.js";
import { CORRECTIONS, type Correction } from "../inference/options.js";

export const SEVERITIES = ["off", "warn", "error"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * What a rule bounds: the group's own value, its ratio or difference against the reference,
 * or a between-groups summary of the attribute (one finding per attribute).
 */
export const COMPARISONS = ["ratio", "difference", "value", "max_difference", "min_ratio"] as const;
export type Comparison = (typeof COMPARISONS)[number];

/**
 * How a rule's bound is judged (docs/statistics.md, "Gates"): on the point estimate; FAIL only on
 * evidence of a violation; or PASS only on evidence of compliance.
 */
export const GATES = ["point", "evidence-of-violation", "evidence-of-compliance"] as const;
export type Gate = (typeof GATES)[number];

export const PRESET_IDS = ["default", "four-fifths", "aequitas"] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export const ruleSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    metric: z.enum(DISPARITY_IDS),
    comparison: z.enum(COMPARISONS).default("ratio"),
    min: z.number().optional(),
    max: z.number().optional(),
    severity: z.enum(SEVERITIES).default("error"),
    gate: z.enum(GATES).default("point"),
    attributes: z.array(z.string()).min(1).optional(),
    groups: z.array(z.string()).min(1).optional(),
  })
  .refine((r) => r.min !== undefined || r.max !== undefined, {
    message: "a rule needs a bound: min, max or both",
  })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: "min must not exceed max",
  })
  .refine((r) => r.comparison !== "value" || isMetricId(r.metric), {
    message: 'comparison "value" needs a base metric (a composite has no value of its own)',
  });

/** Which way a finding's value should move between releases. */
export const DIRECTIONS = ["higher-is-better", "lower-is-better"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * A change rule, after TensorFlow Model Analysis' GenericChangeThreshold: slack is how much a
 * value may move the wrong way (positive: regression tolerated up to it; negative: an
 * improvement of at least its size is required). Absolute and relative slack both apply when
 * both are given. Scopes select the tracked findings by rule id, metric and attribute.
 */
export const changeRuleSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    direction: z.enum(DIRECTIONS),
    absolute: z.number().optional(),
    relative: z.number().optional(),
    severity: z.enum(SEVERITIES).default("error"),
    rules: z.array(z.string()).min(1).optional(),
    metrics: z.array(z.enum(DISPARITY_IDS)).min(1).optional(),
    attributes: z.array(z.string()).min(1).optional(),
  })
  .refine((r) => r.absolute !== undefined || r.relative !== undefined, {
    message: "a change rule needs a slack: absolute, relative or both",
  });

export type ChangeRuleInput = z.input<typeof changeRuleSchema>;

export interface ChangeRule {
  id: string;
  direction: Direction;
  absolute?: number;
  relative?: number;
  severity: Severity;
  rules?: string[];
  metrics?: (typeof DISPARITY_IDS)[number][];
  attributes?: string[];
}

export const policySchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  extends: z.union([z.enum(PRESET_IDS), z.array(z.enum(PRESET_IDS))]).optional(),
  /** groups with fewer audited rows get INCONCLUSIVE findings */
  minGroupSize: z.number().int().nonnegative().optional(),
  /** statistics of groups with fewer audited rows are withheld from every output */
  suppressBelow: z.number().int().nonnegative().optional(),
  /** a larger share of rows excluded for data problems stops the audit (exit 2) */
  maxExcludedShare: z.number().min(0).max(1).optional(),
  /** rates whose denominator (rows, positives for TPR, negatives for FPR, …) is smaller are INCONCLUSIVE */
  minDenominator: z.number().int().nonnegative().optional(),
  /** level of the intervals the gates judge on, and 1 − α of significance (default 0.95) */
  confidence: z.number().gt(0).lt(1).optional(),
  /** correction of p-values for multiple comparisons across the run (default holm) */
  correction: z.enum(CORRECTIONS).optional(),
  /** how INCONCLUSIVE findings count toward the overall verdict */
  inconclusive: z.enum(["pass", "warn", "fail"]).optional(),
  /** reference strategy this policy is defined against, unless the audit config names one */
  referenceStrategy: z.enum(REFERENCE_STRATEGIES).optional(),
  rules: z.array(ruleSchema).default([]),
  /** release gate: how far each finding may move against the same finding of a baseline report */
  changes: z.array(changeRuleSchema).optional(),
});

export type RuleInput = z.input<typeof ruleSchema>;
export type PolicyInput = z.input<typeof policySchema>;

export interface Rule {
  id: string;
  metric: (typeof DISPARITY_IDS)[number];
  comparison: Comparison;
  min?: number;
  max?: number;
  severity: Severity;
  gate: Gate;
  attributes?: string[];
  groups?: string[];
}

/** The policy in force after presets and defaults: what the report shows. */
export interface Policy {
  name: string;
  source: string;
  minGroupSize: number;
  suppressBelow: number;
  maxExcludedShare: number;
  minDenominator: number;
  confidence: number;
  correction: Correction;
  inconclusive: "pass" | "warn" | "fail";
  referenceStrategy?: ReferenceStrategy;
  rules: Rule[];
  changes?: ChangeRule[];
}

/**
 * 30 rows: below it a rate's 95% Wilson interval is wider than ±0.15 around 0.5, too wide to
 * tell a four-fifths violation from noise in most campaigns (docs/policy.md).
 */
export const DEFAULT_MIN_GROUP_SIZE = 30;

/**
 * Small-cell suppression threshold k = 10: the common floor of statistical disclosure control
 * (e.g. Eurostat's and the UK ONS's frequency rules use minimum cell sizes between 3 and 10; we
 * take the cautious end because an audit's intersections are fine-grained). See docs/security.md.
 */
export const DEFAULT_SUPPRESS_BELOW = 10;

/**
 * At most 5% of the rows in scope may be excluded for data problems (missing label, decision,
 * score or model output; unusable prices, counted separately). Beyond that, who was dropped can
 * move a group's rate by more than the default policy's tolerances, so the audit refuses to
 * report rather than describe a different population. Consent and segment are not data problems.
 */
export const DEFAULT_MAX_EXCLUDED_SHARE = 0.05;

/**
 * 20: a rate estimated from fewer than 20 people (e.g. a TPR over 19 positives) has a 95% Wilson
 * interval about ±0.2 wide around 0.5 — wider than the gap between a 0.8 ratio and parity at
 * typical rates — and below it the expected counts of a 2×2 table fall under Cochran's 5 for
 * any rate outside [0.25, 0.75] (docs/statistics.md, "Minimum sizes").
 */
export const DEFAULT_MIN_DENOMINATOR = 20;
