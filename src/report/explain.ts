import type { DisparityId } from "../core/metric-ids.js";
import type { AuditResult, FindingResult } from "../result/audit-result.js";
import { formatExpected, formatNumber, METRIC_INFO, REASON_WORDS } from "./words.js";

/**
 * One plain-language sentence per finding, built from its data alone, for every human-facing
 * format. The templates live here and nowhere else; renderers escape the sentence for their
 * medium (group names are data and may contain anything).
 */
export function explainFinding(finding: FindingResult, result: AuditResult): string {
  const bound = boundWords(finding);
  const rule = `${finding.rule}: ${bound}`;
  if (finding.verdict === "inconclusive" || finding.actual === null) {
    return `${subject(finding)}: ${METRIC_INFO[finding.metric].short} could not be judged — ${whyInconclusive(finding, result)} (${rule}).`;
  }
  return `${sentence(finding, finding.actual)} (${rule}).`;
}

/** "Group “Female” of sex", or the whole attribute for between-groups summaries. */
function subject(f: FindingResult): string {
  return f.group === null
    ? `Across the groups of ${f.attribute}`
    : `Group “${f.group}” of ${f.attribute}`;
}

function sentence(f: FindingResult, actual: number): string {
  const interval = f.interval
    ? ` (interval ${number(f, f.interval.low)}–${number(f, f.interval.high)})`
    : "";
  const ref = `group “${f.reference ?? "overall"}”`;
  switch (f.comparison) {
    case "ratio":
      return `${subject(f)} ${RATIO_PHRASES[phraseKind(f.metric)](`${number(f, actual)}×${interval}`)} ${ref}`;
    case "difference": {
      const direction = actual >= 0 ? "higher" : "lower";
      return `${subject(f)} had a ${METRIC_INFO[f.metric].short} ${number(f, Math.abs(actual))} ${direction}${interval} than ${ref}`;
    }
    case "value":
      return `${subject(f)} had a ${METRIC_INFO[f.metric].short} of ${number(f, actual)}${interval}`;
    case "max_difference":
      return `${subject(f)}, the ${METRIC_INFO[f.metric].short} of the highest group exceeds the lowest by ${number(f, actual)}${interval}`;
    case "min_ratio":
      return `${subject(f)}, the lowest ${METRIC_INFO[f.metric].short} is ${number(f, actual)}×${interval} the highest`;
  }
}

type PhraseKind = "selection" | "opportunity" | "price" | "other";

function phraseKind(metric: DisparityId): PhraseKind {
  if (metric === "selection_rate" || metric === "demographic_parity") return "selection";
  if (metric === "tpr" || metric === "equal_opportunity") return "opportunity";
  if (metric === "price_mean" || metric === "price_median") return "price";
  return "other";
}

const RATIO_PHRASES = {
  selection: (x: string) => `was selected at ${x} the rate of`,
  opportunity: (x: string) => `had its positive cases selected at ${x} the rate of`,
  price: (x: string) => `was offered prices at ${x} the level of`,
  other: (x: string) => `had ${x} the value of`,
} as const satisfies Record<PhraseKind, (x: string) => string>;

/** "at least 0.8×", "between 0.95× and 1.05×", "at most 0.05" */
export function boundWords(f: Pick<FindingResult, "comparison" | "expected">): string {
  const times = f.comparison === "ratio" || f.comparison === "min_ratio" ? "×" : "";
  const show = (x: number) => `${trim(x)}${times}`;
  const { min, max } = f.expected;
  if (min !== undefined && max !== undefined) return `between ${show(min)} and ${show(max)}`;
  if (min !== undefined) return `at least ${show(min)}`;
  return `at most ${show(max ?? Number.NaN)}`;
}

function whyInconclusive(f: FindingResult, result: AuditResult): string {
  const why = f.reason ? REASON_WORDS[f.reason] : "no value";
  if (f.reason === "small_group" && f.n !== null)
    return `${why} (${f.n} rows, minimum ${result.policy.minGroupSize})`;
  if (f.reason === "small_reference" && f.referenceN !== null)
    return `${why} (${f.referenceN} rows, minimum ${result.policy.minGroupSize})`;
  return why;
}

/**
 * Ratios to 2 decimals (as bounds are written), prices to cents, rates and gaps to 3 — one more
 * digit when rounding would make a value look equal to the bound it crossed (1.053 vs 1.05).
 */
function number(f: Pick<FindingResult, "metric" | "comparison" | "expected">, x: number): string {
  const twoDigits =
    f.comparison === "ratio" ||
    f.comparison === "min_ratio" ||
    f.metric === "price_mean" ||
    f.metric === "price_median";
  const digits = twoDigits ? 2 : 3;
  const shown = formatNumber(x, digits);
  const bounds = [f.expected.min, f.expected.max].filter((b) => b !== undefined && b !== x);
  return bounds.some((b) => formatNumber(b, digits) === shown)
    ? formatNumber(x, digits + 1)
    : shown;
}

/** "0.71 [0.65, 0.77]", "0.71" without an interval, "—" when undefined. */
export function formatFound(f: FindingResult, withInterval = true): string {
  if (f.actual === null) return "—";
  const interval =
    f.interval && withInterval
      ? ` [${number(f, f.interval.low)}, ${number(f, f.interval.high)}]`
      : "";
  return `${number(f, f.actual)}${interval}`;
}

/** "group Female vs Male", "group Female", "all groups" */
export function formatWhere(f: FindingResult): string {
  if (f.group === null) return "all groups";
  return f.reference === null ? `group ${f.group}` : `group ${f.group} vs ${f.reference}`;
}

/** "expected ratio ≥ 0.80, found 0.71 [0.65, 0.77] (group Female vs Male)" */
export function findingHeadline(f: FindingResult): string {
  const found =
    f.verdict === "inconclusive"
      ? `inconclusive: ${f.reason ? REASON_WORDS[f.reason] : "no value"}`
      : `found ${formatFound(f)}`;
  return `expected ${formatExpected(f.comparison, f.expected)}, ${found} (${formatWhere(f)})`;
}

/** 0.8 → "0.8", 1.25 → "1.25": bounds as people write them. */
function trim(x: number): string {
  return String(Number(x.toFixed(4)));
}
