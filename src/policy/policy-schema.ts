import { z } from "zod";
import { REFERENCE_STRATEGIES, type ReferenceStrategy } from "../core/measure.js";
import { DISPARITY_IDS, isMetricId } from "../core/metric-ids.js";

export const SEVERITIES = ["off", "warn", "error"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * What a rule bounds: the group's own value, its ratio or difference against the reference,
 * or a between-groups summary of the attribute (one finding per attribute).
 */
export const COMPARISONS = ["ratio", "difference", "value", "max_difference", "min_ratio"] as const;
export type Comparison = (typeof COMPARISONS)[number];

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
  attributes?: string[];
  groups?: string[];
}

/** The policy in force after presets and defaults: what the report shows. */
export interface Policy {
  name: string;
  source: string;
  minGroupSize: number;
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
