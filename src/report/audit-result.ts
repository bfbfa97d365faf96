import { z } from "zod";
import { REFERENCE_STRATEGIES } from "../core/measure.js";
import { DISPARITY_IDS, METRIC_IDS, UNDEFINED_REASONS } from "../core/metric-ids.js";
import { COLUMN_ROLES, EXCLUSION_REASONS, PRICE_ISSUES } from "../io/load-spec.js";
import { INCONCLUSIVE_REASONS, VERDICTS } from "../policy/finding.js";
import { COMPARISONS, SEVERITIES } from "../policy/policy-schema.js";

/**
 * The audit result: the one data structure every report renders. Its JSON form is the public,
 * versioned report format (schema/report.schema.json is generated from this zod schema).
 * Bump the major version on any change that can break a consumer.
 */
export const SCHEMA_VERSION = "1.0.0";

const nullableNumber = z.number().nullable();
const metricIdSchema = z.enum(METRIC_IDS);
const disparityIdSchema = z.enum(DISPARITY_IDS);

const intervalSchema = z.strictObject({ low: z.number(), high: z.number() });

/** Which test produced a p-value (docs/statistics.md). */
export const TEST_IDS = ["fisher", "chi2", "chi2_yates", "welch", "mann_whitney"] as const;

const metricValueSchema = z.strictObject({
  value: nullableNumber,
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  reason: z.enum(UNDEFINED_REASONS).optional(),
  /** confidence interval of value */
  interval: intervalSchema.optional(),
});

const disparitySchema = z.strictObject({
  reference: z.string(),
  difference: nullableNumber,
  ratio: nullableNumber,
  reason: z.enum(UNDEFINED_REASONS).optional(),
  differenceInterval: intervalSchema.optional(),
  ratioInterval: intervalSchema.optional(),
  test: z.enum(TEST_IDS).optional(),
  pValue: z.number().optional(),
  /** after the run's correction for multiple comparisons */
  pAdjusted: z.number().optional(),
});

const priceSummarySchema = z.strictObject({
  count: z.number(),
  missing: z.number(),
  mean: nullableNumber,
  median: nullableNumber,
  sd: nullableNumber,
  min: nullableNumber,
  max: nullableNumber,
});

const countsSchema = {
  n: z.number(),
  selected: z.number(),
  tp: z.number(),
  fp: z.number(),
  tn: z.number(),
  fn: z.number(),
};

const groupSchema = z.strictObject({
  group: z.string(),
  ...countsSchema,
  /** fewer rows than the policy's minimum group size */
  small: z.boolean(),
  price: priceSummarySchema.nullable(),
  metrics: z.partialRecord(metricIdSchema, metricValueSchema),
  disparities: z.partialRecord(disparityIdSchema, disparitySchema),
});

const summarySchema = z.strictObject({
  maxDifference: nullableNumber,
  minRatio: nullableNumber,
  groups: z.number(),
});

const attributeSchema = z.strictObject({
  attribute: z.string(),
  kind: z.enum(["single", "intersection"]),
  strategy: z.enum([...REFERENCE_STRATEGIES, "explicit"]),
  references: z.partialRecord(disparityIdSchema, z.string()),
  groups: z.array(groupSchema),
  overall: z.strictObject({
    ...countsSchema,
    price: priceSummarySchema.nullable(),
    metrics: z.partialRecord(metricIdSchema, metricValueSchema),
  }),
  summaries: z.partialRecord(disparityIdSchema, summarySchema),
});

const ruleSchema = z.strictObject({
  id: z.string(),
  metric: disparityIdSchema,
  comparison: z.enum(COMPARISONS),
  min: z.number().optional(),
  max: z.number().optional(),
  severity: z.enum(SEVERITIES),
  attributes: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
});

const findingSchema = z.strictObject({
  rule: z.string(),
  metric: disparityIdSchema,
  comparison: z.enum(COMPARISONS),
  attribute: z.string(),
  group: z.string().nullable(),
  reference: z.string().nullable(),
  expected: z.strictObject({ min: z.number().optional(), max: z.number().optional() }),
  actual: nullableNumber,
  verdict: z.enum(VERDICTS),
  severity: z.enum(["warn", "error"]),
  reason: z.enum(INCONCLUSIVE_REASONS).optional(),
  /** confidence interval of actual, where one exists */
  interval: intervalSchema.optional(),
  n: nullableNumber,
  referenceN: nullableNumber,
});

export const NOTICE_CODES = [
  "threshold_outside_scores",
  "rows_excluded",
  "unmatched_predictions",
  "price_unusable",
  "small_groups",
] as const;

const noticeSchema = z.strictObject({
  code: z.enum(NOTICE_CODES),
  /** numbers and names the renderer needs to phrase the notice */
  data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});

export const auditResultSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal("fairaudit"), version: z.string() }),
  verdict: z.enum(["pass", "warn", "fail"]),
  counts: z.strictObject({
    fail: z.number(),
    warn: z.number(),
    inconclusive: z.number(),
    pass: z.number(),
  }),
  inputs: z.strictObject({
    files: z.array(
      z.strictObject({
        role: z.enum(["data", "predictions"]),
        name: z.string(),
        bytes: z.number(),
        rows: z.number(),
        sha256: z.string().optional(),
      }),
    ),
    rows: z.strictObject({
      read: z.number(),
      outsideSegment: z.number(),
      excluded: z.record(z.enum(EXCLUSION_REASONS), z.number()),
      audited: z.number(),
    }),
    price: z.record(z.enum(PRICE_ISSUES), z.number()).nullable(),
    unmatchedPredictions: z.number(),
    columnsRead: z.array(
      z.strictObject({ file: z.string(), column: z.string(), role: z.enum(COLUMN_ROLES) }),
    ),
    segment: z.array(z.strictObject({ column: z.string(), value: z.string() })),
    label: z.strictObject({ column: z.string(), positive: z.string().optional() }).nullable(),
    decision: z.strictObject({
      kind: z.enum(["none", "column", "threshold", "top-k", "top-percent"]),
      column: z.string(),
      meaning: z.enum(["favourable", "adverse"]),
      threshold: z.number().optional(),
      k: z.number().optional(),
      percent: z.number().optional(),
      scoreMin: z.number().optional(),
      scoreMax: z.number().optional(),
    }),
    priceColumn: z.string().nullable(),
  }),
  policy: z.strictObject({
    name: z.string(),
    source: z.string(),
    minGroupSize: z.number(),
    inconclusive: z.enum(["pass", "warn", "fail"]),
    rules: z.array(ruleSchema),
    skipped: z.array(
      z.strictObject({
        rule: z.string(),
        reason: z.enum(["no_decision", "no_label", "no_price", "no_matching_attribute"]),
      }),
    ),
  }),
  notices: z.array(noticeSchema),
  attributes: z.array(attributeSchema),
  findings: z.array(findingSchema),
});

export type AuditResult = z.infer<typeof auditResultSchema>;
export type AttributeResult = AuditResult["attributes"][number];
export type GroupResult = AttributeResult["groups"][number];
export type FindingResult = AuditResult["findings"][number];
export type Notice = AuditResult["notices"][number];
export type PriceSummary = z.infer<typeof priceSummarySchema>;
