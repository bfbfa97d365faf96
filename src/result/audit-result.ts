import { z } from "zod";
import { TEST_IDS } from "../core/disparity.js";
import { REFERENCE_STRATEGIES } from "../core/measure.js";
import { DISPARITY_IDS, METRIC_IDS, UNDEFINED_REASONS } from "../core/metric-ids.js";
import { CORRECTIONS, RATE_TEST_CHOICES, RATIO_INTERVAL_METHODS } from "../inference/options.js";
import { COLUMN_ROLES, EXCLUSION_REASONS, PRICE_ISSUES } from "../io/load-spec.js";
import { INCONCLUSIVE_REASONS, VERDICTS } from "../policy/finding.js";
import { COMPARISONS, DIRECTIONS, GATES, SEVERITIES } from "../policy/policy-schema.js";

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

export { TEST_IDS };

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
  /**
   * per interval: does it exclude "no gap" exactly when pValue < α? false: interval and test come
   * from different inferences (e.g. Fisher's exact test beside a score interval)
   */
  agreement: z
    .strictObject({ difference: z.boolean().optional(), ratio: z.boolean().optional() })
    .optional(),
  /** price_mean: the gap at equal legitimate pricing factors (least squares), when declared */
  adjusted: z
    .strictObject({
      difference: z.number(),
      standardError: z.number(),
      low: z.number(),
      high: z.number(),
      rows: z.number(),
      factors: z.array(z.string()),
    })
    .optional(),
  /** price_mean: standardized mean difference (gap / pooled SD) with its interval */
  standardized: z
    .strictObject({ estimate: z.number(), low: z.number(), high: z.number() })
    .optional(),
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

/** Counts of a suppressed group are withheld (null), like its metrics. */
const groupCountsSchema = {
  n: nullableNumber,
  selected: nullableNumber,
  tp: nullableNumber,
  fp: nullableNumber,
  tn: nullableNumber,
  fn: nullableNumber,
};

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
  ...groupCountsSchema,
  /** fewer rows than the policy's minimum group size */
  small: z.boolean(),
  /**
   * statistics withheld: fewer rows than the policy's suppressBelow, or withheld as a complement
   * so that no suppressed value can be recovered by subtraction (docs/security.md)
   */
  suppressed: z.boolean(),
  price: priceSummarySchema.nullable(),
  metrics: z.partialRecord(metricIdSchema, metricValueSchema),
  disparities: z.partialRecord(disparityIdSchema, disparitySchema),
});

const summarySchema = z.strictObject({
  maxDifference: nullableNumber,
  minRatio: nullableNumber,
  groups: z.number(),
  /** bootstrap intervals of maxDifference and minRatio */
  differenceInterval: intervalSchema.optional(),
  ratioInterval: intervalSchema.optional(),
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
  /** per group, rows in scope and the share with consent; null without a consent column */
  consent: z
    .array(
      z.strictObject({
        group: z.string(),
        rows: nullableNumber,
        consented: nullableNumber,
        share: nullableNumber,
        suppressed: z.boolean(),
      }),
    )
    .nullable(),
});

const ruleSchema = z.strictObject({
  id: z.string(),
  metric: disparityIdSchema,
  comparison: z.enum(COMPARISONS),
  min: z.number().optional(),
  max: z.number().optional(),
  severity: z.enum(SEVERITIES),
  gate: z.enum(GATES).optional(),
  attributes: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
});

const boundsSchema = z.strictObject({ min: z.number().optional(), max: z.number().optional() });

/** On release-gate findings: the same finding in the baseline report (src/policy/change-rules.ts). */
const changeSchema = z.strictObject({
  status: z.enum(["compared", "missing"]),
  rule: z.string().optional(),
  direction: z.enum(DIRECTIONS).optional(),
  baseline: nullableNumber,
  /** current − baseline */
  change: nullableNumber,
  /** allowed range of current − baseline */
  allowed: boundsSchema,
});

const changeRuleSchema = z.strictObject({
  id: z.string(),
  direction: z.enum(DIRECTIONS),
  absolute: z.number().optional(),
  relative: z.number().optional(),
  severity: z.enum(SEVERITIES),
  rules: z.array(z.string()).optional(),
  metrics: z.array(disparityIdSchema).optional(),
  attributes: z.array(z.string()).optional(),
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
  /** the interval of actual that the gate judged, where one exists */
  interval: intervalSchema.optional(),
  /** p-value of the comparison after the run's multiple-comparison correction */
  pAdjusted: z.number().optional(),
  n: nullableNumber,
  referenceN: nullableNumber,
  change: changeSchema.optional(),
});

export const NOTICE_CODES = [
  "threshold_outside_scores",
  "rows_excluded",
  "unmatched_predictions",
  "price_unusable",
  "small_groups",
  "suppressed_groups",
  "identifier_columns",
  "scores_outside_unit_interval",
  "no_baseline",
  "no_findings",
  "adjusted_gap_unavailable",
  "scored_only",
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
    consentColumn: z.string().nullable(),
    /** input columns that look like direct identifiers and were not read */
    identifierColumns: z.array(z.strictObject({ file: z.string(), column: z.string() })),
  }),
  policy: z.strictObject({
    name: z.string(),
    source: z.string(),
    minGroupSize: z.number(),
    suppressBelow: z.number(),
    maxExcludedShare: z.number(),
    minDenominator: z.number().optional(),
    confidence: z.number().optional(),
    correction: z.enum(CORRECTIONS).optional(),
    inconclusive: z.enum(["pass", "warn", "fail"]),
    rules: z.array(ruleSchema),
    changes: z.array(changeRuleSchema).optional(),
    skipped: z.array(
      z.strictObject({
        rule: z.string(),
        reason: z.enum([
          "no_decision",
          "no_label",
          "no_price",
          "no_matching_attribute",
          "no_baseline",
        ]),
      }),
    ),
  }),
  /** how intervals and p-values were computed (docs/statistics.md) */
  inference: z
    .strictObject({
      confidence: z.number(),
      correction: z.enum(CORRECTIONS),
      rateTest: z.enum(RATE_TEST_CHOICES),
      /** the interval method of rate ratios */
      ratioInterval: z.enum(RATIO_INTERVAL_METHODS),
      bootstrap: z.strictObject({ resamples: z.number(), seed: z.number() }),
      /** distinct hypotheses in the correction family */
      comparisons: z.number(),
    })
    .optional(),
  /** what makes the run reproducible: same configHash and input sha256s give the same report */
  run: z
    .strictObject({
      /** from SOURCE_DATE_EPOCH when set; absent with --no-timestamp */
      generatedAt: z.string().optional(),
      /** sha256 of the canonical JSON of the effective plan, paths reduced to file names */
      configHash: z.string(),
      seed: z.number(),
    })
    .optional(),
  /** the release gate's baseline report, or why there was none */
  baseline: z
    .strictObject({
      status: z.enum(["compared", "not_given", "not_found"]),
      file: z.string().optional(),
      sha256: z.string().optional(),
      toolVersion: z.string().optional(),
      configHash: z.string().optional(),
      /** baseline findings matched now, missing now, and findings new in this run */
      matched: z.number(),
      missing: z.number(),
      added: z.number(),
    })
    .optional(),
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
