import type { AdjustedGapUnavailable } from "../core/measure.js";
import type { DisparityId } from "../core/metric-ids.js";
import type { ColumnRole } from "../io/load-spec.js";
import type { ExclusionProblem } from "../policy/exclusion-limit.js";
import type { Comparison } from "../policy/policy-schema.js";
import type {
  AttributeResult,
  AuditResult,
  FindingResult,
  Notice,
} from "../result/audit-result.js";

/** User-facing prose lives here, in one table per vocabulary, for every human-facing format. */
export const METRIC_INFO = {
  selection_rate: {
    short: "selection rate",
    definition: "share of the group selected (targeted / offered)",
  },
  selection_share: { short: "selection share", definition: "the group's share of all selections" },
  base_rate: { short: "base rate", definition: "share of the group with a positive outcome" },
  tpr: { short: "true positive rate", definition: "share of positives who were selected" },
  fpr: { short: "false positive rate", definition: "share of negatives who were selected" },
  fnr: { short: "false negative rate", definition: "share of positives who were not selected" },
  tnr: { short: "true negative rate", definition: "share of negatives who were not selected" },
  precision: { short: "precision", definition: "share of the selected who had a positive outcome" },
  npv: {
    short: "negative predictive value",
    definition: "share of the not selected who had a negative outcome",
  },
  fdr: {
    short: "false discovery rate",
    definition: "share of the selected who had a negative outcome",
  },
  for: {
    short: "false omission rate",
    definition: "share of the not selected who had a positive outcome",
  },
  accuracy: { short: "accuracy", definition: "share of rows where decision and outcome agree" },
  price_mean: { short: "mean price", definition: "mean offer price over rows with a price" },
  price_median: { short: "median price", definition: "median offer price over rows with a price" },
  demographic_parity: {
    short: "demographic parity",
    definition: "selection rates compared across groups",
  },
  equal_opportunity: {
    short: "equal opportunity",
    definition: "true positive rates compared across groups",
  },
  equalized_odds: {
    short: "equalized odds",
    definition: "true and false positive rates compared across groups (the worse of the two)",
  },
} as const satisfies Record<DisparityId, { short: string; definition: string }>;

export const COMPARISON_WORDS = {
  ratio: "ratio",
  difference: "difference",
  value: "value",
  max_difference: "max − min",
  min_ratio: "min / max",
} as const satisfies Record<Comparison, string>;

export const VERDICT_LABELS = {
  fail: "FAIL",
  warn: "WARN",
  inconclusive: "INCONCLUSIVE",
  pass: "PASS",
} as const;

export const REASON_WORDS = {
  small_group: "group below the minimum size",
  small_reference: "reference group below the minimum size",
  undefined_value: "metric undefined for this group",
  zero_denominator: "denominator is zero",
  zero_reference: "reference value is zero",
  reference_undefined: "metric undefined for the reference group",
  suppressed: "withheld: group too small to publish (small-cell suppression)",
  small_denominator: "too few people behind the rate",
  small_reference_denominator: "too few people behind the reference rate",
  not_significant: "beyond the bound, but not significant",
  interval_crosses_bound: "interval reaches beyond the bound",
  no_interval: "no interval to judge on",
} as const satisfies Record<NonNullable<FindingResult["reason"]>, string>;

/** Why each column was read: the transparency section's "which columns and why". */
export const ROLE_WORDS = {
  id: "joins the model output to the data",
  protected: "protected attribute: defines the groups compared",
  label: "observed outcome: needed for error rates (TPR, FPR…)",
  decision: "the model's decision (selected or not)",
  score: "the model's score, turned into a decision",
  price: "offer price: compared across groups",
  segment: "restricts the audit to one segment",
  consent: "consent to this use: only consenting rows are audited",
  price_factor: "legitimate pricing factor: the price gap is also given adjusted for it",
} as const satisfies Record<ColumnRole, string>;

export const STRATEGY_WORDS = {
  explicit: "named in the configuration",
  largest: "the largest group",
  "most-favourable": "the most favourably treated group",
  overall: "the whole population",
} as const;

export const EXCLUSION_WORDS = {
  no_consent: "no consent",
  no_model_output: "no model output",
  missing_label: "missing label",
  missing_decision: "missing decision",
  missing_score: "missing score",
} as const;

/** Why the audit refuses to report, in words (a problem `checkExclusions` found). */
export function exclusionProblemText(p: ExclusionProblem): string {
  switch (p.kind) {
    case "too_many_exclusions": {
      const why = p.reasons.map(([k, n]) => `${EXCLUSION_WORDS[k]}: ${n}`).join(", ");
      return `${p.excluded} of ${p.inScope} rows (${percent(p.excluded / p.inScope)}) would be excluded (${why}), more than the policy's maxExcludedShare of ${percent(p.maxShare)}: fix the input or raise maxExcludedShare`;
    }
    case "unusable_prices":
      return `${p.unusable} of ${p.audited} audited rows (${percent(p.unusable / p.audited)}) have an unusable price (unparseable: ${p.unparseable}, negative: ${p.negative}), more than the policy's maxExcludedShare of ${percent(p.maxShare)}`;
    case "no_rows":
      return "no row is left to audit after the segment filter, consent and exclusions";
  }
}

function percent(x: number): string {
  return `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
}

/** Numbers as reports show them: ratios and rates to 3 significant decimals, no "-0". */
/** Counts of rows and bytes: whole numbers with thousands separators; null is withheld. */
export function formatCount(n: number | null): string {
  return n === null ? "withheld" : n.toLocaleString("en-US");
}

export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined) return "—";
  if (Number.isInteger(x) && Math.abs(x) >= 1000) return x.toLocaleString("en-US");
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** "ratio ≥ 0.80", "difference within [-0.05, 0.05]" */
export function formatExpected(
  comparison: Comparison,
  expected: { min?: number; max?: number },
): string {
  const what = COMPARISON_WORDS[comparison];
  const { min, max } = expected;
  if (min !== undefined && max !== undefined)
    return `${what} within [${formatNumber(min, 2)}, ${formatNumber(max, 2)}]`;
  if (min !== undefined) return `${what} ≥ ${formatNumber(min, 2)}`;
  if (max === undefined) return "—";
  return `${what} ≤ ${formatNumber(max, 2)}`;
}

/**
 * What qualifies a verdict, said next to it in every output (also `--quiet`'s one line): a run
 * without a single finding checked nothing; a run whose change rules had no baseline did not gate
 * the release.
 */
export function verdictCaveats(result: Pick<AuditResult, "findings" | "notices">): string[] {
  const out: string[] = [];
  if (result.findings.length === 0) out.push("no rule produced a finding, nothing was checked");
  const baseline = result.notices.find((n) => n.code === "no_baseline");
  if (baseline) out.push(`${baseline.data.rules} change rule(s) skipped: no baseline report`);
  const scored = result.notices.find((n) => n.code === "scored_only");
  if (scored)
    out.push(`scored rows only: ${scored.data.rows} row(s) without model output not audited`);
  return out;
}

/** The notices a verdict's caveats come from (JUnit shows each as a skipped test case). */
export const CAVEAT_NOTICES: readonly Notice["code"][] = [
  "no_findings",
  "no_baseline",
  "scored_only",
];

/** Why an adjusted price gap is missing (AdjustedGapUnavailable["reason"]). */
const ADJUSTED_GAP_WORDS = {
  overall_reference:
    "the reference is the whole population, and a group cannot be adjusted against itself",
  no_reference_rows: "the reference group has no priced rows with every pricing factor known",
  one_group: "only one group has priced rows with every pricing factor known",
  too_few_rows: "no more priced rows with every factor known than coefficients to fit",
  collinear: "a group or factor level is a linear combination of the others, or constant",
} as const satisfies Record<AdjustedGapUnavailable["reason"], string>;

export function describeNotice(notice: Notice): string {
  const d = notice.data;
  switch (notice.code) {
    case "threshold_outside_scores":
      return `the threshold ${d.threshold} lies ${d.side} every observed score: check the score's units`;
    case "rows_excluded":
      return `${d.rows} row(s) excluded from the audit (${Object.entries(EXCLUSION_WORDS)
        .filter(([k]) => Number(d[k] ?? 0) > 0)
        .map(([k, w]) => `${w}: ${d[k]}`)
        .join(", ")})`;
    case "unmatched_predictions":
      return `${d.rows} model output row(s) have no matching data row (or lie outside the segment)`;
    case "price_unusable":
      return `${d.rows} price value(s) unusable (unparseable: ${d.unparseable_price}, negative: ${d.negative_price}); those rows count for rates only`;
    case "small_groups":
      return `${d.groups} group(s) are below the minimum group size: their findings are INCONCLUSIVE`;
    case "suppressed_groups":
      return `${d.groups} group(s) withheld: fewer than ${d.k} rows, or withheld so that a small group cannot be recovered by subtraction; their statistics appear in no output`;
    case "identifier_columns":
      return `the input holds ${d.columns} column(s) that look like direct identifiers and were not needed (${d.names}): consider not exporting these`;
    case "scores_outside_unit_interval":
      return `${d.rows} score(s) lie outside [0, 1] although the threshold ${d.threshold} looks like a probability: check the score's units`;
    case "no_findings":
      return `no rule produced a finding (${d.rules} active rule(s), ${d.skipped} of them skipped): this verdict checked nothing`;
    case "adjusted_gap_unavailable":
      return `no adjusted price gap for ${d.attribute}: ${ADJUSTED_GAP_WORDS[String(d.reason) as keyof typeof ADJUSTED_GAP_WORDS] ?? d.reason}${d.column === null || d.column === undefined ? "" : ` (${d.column})`}`;
    case "scored_only":
      return `${d.rows} row(s) without model output were not audited (scored rows only): the verdict describes the scored rows`;
    case "no_baseline":
      return d.file === null || d.file === undefined
        ? `no baseline report given: ${d.rules} change rule(s) skipped`
        : `baseline report ${d.file} not found: ${d.rules} change rule(s) skipped`;
  }
}

/** The release gate's column: "four-fifths: Δ −0.120 from 0.841", "missing now (was 0.841)". */
export function describeChange(change: NonNullable<FindingResult["change"]>, rule: string): string {
  if (change.status === "missing") return `missing now (was ${formatNumber(change.baseline)})`;
  const delta =
    change.change === null ? "—" : `${change.change > 0 ? "+" : ""}${formatNumber(change.change)}`;
  return `${rule}: Δ ${delta} from ${formatNumber(change.baseline)}`;
}

/** "+0.40", "-0.12", "0.00": a gap with its sign. */
export function formatSigned(x: number, digits = 2): string {
  const text = formatNumber(x, digits);
  return x > 0 ? `+${text}` : text;
}

/**
 * "Mean-price gap to Male at equal channel, region (least squares, 3986 rows): Female +0.40
 * [+0.15, +0.66]; …" (the first `cap` groups) — null when the audit fitted no adjusted gap for the attribute. Group
 * names are data: each renderer escapes the sentence for its medium.
 */
export function describeAdjustedGap(
  attribute: AttributeResult,
  cap = Number.POSITIVE_INFINITY,
): string | null {
  const gaps = attribute.groups.flatMap((g) => {
    const a = g.disparities.price_mean?.adjusted;
    return a === undefined ? [] : [{ group: g.group, a }];
  });
  const first = gaps[0]?.a;
  if (first === undefined) return null;
  const factors = [...new Set(first.factors.map((f) => f.split(" = ")[0] ?? f))];
  const values = gaps
    .slice(0, cap)
    .map(
      ({ group, a }) =>
        `${group} ${formatSigned(a.difference)} [${formatSigned(a.low)}, ${formatSigned(a.high)}]`,
    );
  return `Mean-price gap to ${attribute.references.price_mean ?? "the reference"} at equal ${factors.join(", ")} (least squares, ${first.rows} rows): ${values.join("; ")}${gaps.length > cap ? `; … and ${gaps.length - cap} more groups` : ""}`;
}

/** "generated 2026-03-01T12:00:00.000Z · configuration hash 3f…9a · seed 42" */
export function describeRun(run: AuditResult["run"]): string {
  if (run === undefined) return "run not recorded";
  const time =
    run.generatedAt === undefined
      ? "run time not recorded (--no-timestamp)"
      : `generated ${run.generatedAt}`;
  return `${time} · configuration hash ${run.configHash} · seed ${run.seed}`;
}
