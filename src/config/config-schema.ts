import { z } from "zod";
import { REFERENCE_STRATEGIES } from "../core/measure.js";
import { CORRECTIONS, RATE_TEST_CHOICES, RATIO_INTERVAL_METHODS } from "../inference/options.js";
import { FORMAT_IDS } from "../report/format-ids.js";

const attributeSchema = z.union([
  z.string().min(1),
  z.strictObject({
    column: z.string().min(1),
    /** the attribute's name in reports and policy scopes (default: the column) */
    name: z.string().min(1).optional(),
    /** ascending numeric edges: [30, 60] → "<30", "30-59", "60+" */
    bins: z
      .array(z.number())
      .min(1)
      .refine(
        (e) => e.every((x, i) => i === 0 || x > (e[i - 1] as number)),
        "bins must be strictly ascending",
      )
      .optional(),
    /** raw value → group label (several values may share a label) */
    map: z.record(z.string(), z.string()).optional(),
    /** the reference group of this attribute */
    reference: z.string().optional(),
  }),
]);

/**
 * The audit configuration: everything the CLI accepts on flags, for repeatable runs.
 * Paths are relative to the config file.
 */
export const configObjectSchema = z.strictObject({
  /** one CSV, or several (e.g. one per day or shard) audited as their concatenation */
  data: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  predictions: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  protected: z.array(attributeSchema).min(1, "name at least one protected attribute"),
  /** add the intersection of all protected attributes */
  intersect: z.boolean().optional(),
  /** explicit intersections, by attribute name */
  intersections: z.array(z.array(z.string()).min(2)).optional(),
  label: z.string().min(1).optional(),
  positive: z.string().optional(),
  decision: z.string().min(1).optional(),
  score: z.string().min(1).optional(),
  threshold: z.number().optional(),
  topK: z.number().int().nonnegative().optional(),
  topPercent: z.number().min(0).max(100).optional(),
  /** "favourable" (an offer: being selected helps) or "adverse" (e.g. a high-risk flag) */
  decisionMeaning: z.enum(["favourable", "adverse"]).optional(),
  price: z.string().min(1).optional(),
  /** legitimate pricing factors: the price gap is also reported adjusted for them (least squares) */
  priceFactors: z
    .strictObject({
      categorical: z.array(z.string().min(1)).optional(),
      numeric: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  /** audit only rows whose value in this column is affirmative (1, true, yes): GDPR purpose limitation */
  consent: z.string().min(1).optional(),
  /** audit one segment only: column → required value */
  where: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** attribute → reference group */
  reference: z.record(z.string(), z.string()).optional(),
  referenceStrategy: z.enum(REFERENCE_STRATEGIES).optional(),
  missingValues: z.array(z.string()).optional(),
  maxGroups: z.number().int().positive().optional(),
  /**
   * audit only the rows that have model output (predictions for a test split): rows without it
   * are out of scope, disclosed next to the verdict, and do not count against maxExcludedShare
   */
  scoredOnly: z.boolean().optional(),
  /** overrides the policy's maxExcludedShare (share of in-scope rows that may be excluded) */
  maxExcludedShare: z.number().min(0).max(1).optional(),
  /** overrides the policy's suppressBelow (groups with fewer rows are withheld from every output) */
  suppressBelow: z.number().int().nonnegative().optional(),
  /** MiB that exact price medians may hold (8 bytes per priced row); past it the audit stops */
  priceMemory: z.number().positive().optional(),
  minGroupSize: z.number().int().nonnegative().optional(),
  /** overrides the policy's minimum denominator of a rate */
  minDenominator: z.number().int().nonnegative().optional(),
  /** overrides the policy's confidence level (default 0.95) */
  confidence: z.number().gt(0).lt(1).optional(),
  /** overrides the policy's multiple-comparison correction (default holm) */
  correction: z.enum(CORRECTIONS).optional(),
  /** the test of a rate against the reference; auto: Fisher when an expected count is < 5, else chi2 */
  rateTest: z.enum(RATE_TEST_CHOICES).optional(),
  /** the interval of a rate ratio: koopman (score, default) or katz (log method, as other tools) */
  ratioInterval: z.enum(RATIO_INTERVAL_METHODS).optional(),
  /** percentile bootstrap for composites, shares, medians and price summaries; resamples 0 turns it off */
  bootstrap: z
    .strictObject({
      resamples: z.number().int().nonnegative().optional(),
      seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
    })
    .optional(),
  /** seed of every random procedure (e.g. bootstrap intervals), recorded in the report */
  seed: z.number().int().nonnegative().optional(),
  /** a preset name or a policy file */
  policy: z.string().min(1).optional(),
  format: z.array(z.enum(FORMAT_IDS)).min(1).optional(),
  out: z.string().min(1).optional(),
  /** worker threads for a large file's final pass (default: the machine's cores) */
  threads: z.number().int().positive().max(64).optional(),
});

/** A config file may leave anything to the command line; the merged whole must be complete. */
export const configFileSchema = configObjectSchema.partial();

export const configSchema = configObjectSchema
  .refine((c) => c.decision === undefined || c.score === undefined, {
    message: "give a decision column or a score column, not both",
    path: ["decision"],
  })
  .refine((c) => c.decision !== undefined || c.score !== undefined || c.price !== undefined, {
    message:
      "nothing to audit: give a decision column, a score (with --threshold, --top-k or --top-percent), or a price",
    path: ["decision"],
  })
  .refine(
    (c) =>
      c.score === undefined ||
      [c.threshold, c.topK, c.topPercent].filter((x) => x !== undefined).length === 1,
    { message: "a score needs exactly one of threshold, topK or topPercent", path: ["score"] },
  )
  .refine(
    (c) =>
      c.score !== undefined ||
      (c.threshold === undefined && c.topK === undefined && c.topPercent === undefined),
    {
      message:
        "threshold, topK and topPercent apply to a score column: give --score, not --decision",
      path: ["threshold"],
    },
  )
  .refine((c) => c.predictions === undefined || c.id !== undefined, {
    message: "a predictions file needs the id column that joins it to the data",
    path: ["id"],
  });

export type AuditConfig = z.infer<typeof configSchema>;
export type AttributeInput = z.infer<typeof attributeSchema>;
