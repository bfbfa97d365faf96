import type { Interval, Summary } from "../core/disparity.js";
import type { AttributeMeasurement } from "../core/measure.js";
import { isRateMetric, type RateMetricId } from "../core/metric-ids.js";
import { koopmanRatioInterval, newcombeDifferenceInterval } from "../stats/index.js";
import type { InferenceOptions } from "./options.js";

/**
 * Intervals of the between-groups summaries of rates (max − min and min / max, and equalized
 * odds' worse of the TPR and FPR summaries) from simultaneous intervals over the pairs of groups.
 *
 * With G groups in the summary there are m = G(G − 1)/2 pairs; each pair's difference (Newcombe)
 * and ratio (Koopman) interval at level 1 − α/m covers its true value, and by Bonferroni all of
 * them do at once with probability ≥ 1 − α. Then
 *   max − min = max over ordered pairs (p_i − p_j) ∈ [max(0, max L_ij), max U_ij]
 *   min / max = min over ordered pairs (p_i / p_j) ∈ [min l_ij, min(1, min h_ij)]
 * Each pair's interval contains its estimate, so these contain the summary's estimate — also at
 * ties, where the percentile bootstrap of a max or min is inconsistent (four groups at 30/100: max
 * − min 0 with a bootstrap interval [0.03, 0.18]). Conservative by construction (Bonferroni).
 *
 * Selection-share summaries stay with the bootstrap: shares of one total are not independent
 * binomial rates. Pure; returns a new measurement.
 */
export function inferRateSummaries(
  m: AttributeMeasurement,
  options: InferenceOptions,
): AttributeMeasurement {
  const summaries = { ...m.summaries };
  const alpha = 1 - options.confidence;
  const members = m.groups.filter((g) => !g.small);
  const countsOf = (id: RateMetricId): [number, number][] =>
    members.flatMap((g) => {
      const v = g.metrics[id];
      return v?.value === null ||
        v?.value === undefined ||
        v.numerator === undefined ||
        v.denominator === undefined
        ? []
        : [[v.numerator, v.denominator] as [number, number]];
    });
  for (const id of Object.keys(m.summaries).filter(isRateMetric)) {
    if (id === "selection_share") continue;
    const s = summaries[id];
    if (s === undefined) continue;
    const counts = countsOf(id);
    summaries[id] = withIntervals(s, pairBounds(counts, alpha / pairCount(counts.length)));
  }
  const eo = summaries.equalized_odds;
  if (eo !== undefined && summaries.tpr !== undefined && summaries.fpr !== undefined) {
    const tpr = countsOf("tpr");
    const fpr = countsOf("fpr");
    const level = alpha / (pairCount(tpr.length) + pairCount(fpr.length));
    summaries.equalized_odds = withIntervals(
      eo,
      combineBounds(pairBounds(tpr, level), pairBounds(fpr, level)),
    );
  }
  if (summaries.demographic_parity && summaries.selection_rate)
    summaries.demographic_parity = summaries.selection_rate;
  if (summaries.equal_opportunity && summaries.tpr) summaries.equal_opportunity = summaries.tpr;
  return { ...m, summaries };
}

function pairCount(groups: number): number {
  return (groups * (groups - 1)) / 2;
}

interface SummaryBounds {
  difference: Interval | null;
  ratio: Interval | null;
}

/**
 * Bounds of max − min and min / max from every pair's interval at level 1 − `alpha`. A pair
 * whose ratio interval is unavailable (both rates 0) bounds nothing: [0, ∞].
 */
export function pairBounds(counts: readonly [number, number][], alpha: number): SummaryBounds {
  if (counts.length < 2 || !(alpha > 0 && alpha < 1)) return { difference: null, ratio: null };
  const confidence = 1 - alpha;
  let differenceLow = 0;
  let differenceHigh = 0;
  let ratioLow = 1;
  let ratioHigh = 1;
  let anyPositive = false;
  for (let i = 0; i < counts.length; i++) {
    const [xi, ni] = counts[i] as [number, number];
    if (xi > 0) anyPositive = true;
    for (let j = i + 1; j < counts.length; j++) {
      const [xj, nj] = counts[j] as [number, number];
      const d = newcombeDifferenceInterval(xi, ni, xj, nj, confidence);
      if (d !== null) {
        // p_i − p_j ∈ [low, high] and p_j − p_i ∈ [−high, −low]
        differenceLow = Math.max(differenceLow, d.low, -d.high);
        differenceHigh = Math.max(differenceHigh, d.high, -d.low);
      }
      const r = koopmanRatioInterval(xi, ni, xj, nj, confidence);
      if (r.value === null) {
        ratioLow = 0;
        continue;
      }
      // p_i / p_j ∈ [low, high] and p_j / p_i ∈ [1/high, 1/low]
      ratioLow = Math.min(ratioLow, r.value.low, 1 / r.value.high);
      ratioHigh = Math.min(ratioHigh, r.value.high, 1 / r.value.low);
    }
  }
  return {
    difference: { low: differenceLow, high: differenceHigh },
    // min / max is undefined when every rate is 0
    ratio: anyPositive ? { low: ratioLow, high: ratioHigh } : null,
  };
}

/** Equalized odds: the larger max − min and the smaller min / max of the TPR and FPR summaries. */
function combineBounds(a: SummaryBounds, b: SummaryBounds): SummaryBounds {
  return {
    difference:
      a.difference === null || b.difference === null
        ? null
        : {
            low: Math.max(a.difference.low, b.difference.low),
            high: Math.max(a.difference.high, b.difference.high),
          },
    ratio:
      a.ratio === null || b.ratio === null
        ? null
        : { low: Math.min(a.ratio.low, b.ratio.low), high: Math.min(a.ratio.high, b.ratio.high) },
  };
}

function withIntervals(s: Summary, bounds: SummaryBounds): Summary {
  const { differenceInterval: _d, ratioInterval: _r, ...rest } = s;
  const out: Summary = { ...rest };
  if (bounds.difference !== null && s.maxDifference !== null)
    out.differenceInterval = bounds.difference;
  if (bounds.ratio !== null && s.minRatio !== null) out.ratioInterval = bounds.ratio;
  return out;
}
