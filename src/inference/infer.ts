import type { Disparity } from "../core/disparity.js";
import type { AttributeMeasurement } from "../core/measure.js";
import type { DisparityId } from "../core/metric-ids.js";
import { benjaminiHochbergAdjust, holmAdjust } from "../stats/index.js";
import { withAdjustedGaps } from "./adjusted-gap.js";
import { inferBootstrap } from "./bootstrap.js";
import { inferClosedForm } from "./closed-form.js";
import type { InferenceOptions } from "./options.js";
import { inferRateSummaries } from "./summary-intervals.js";

export interface RunInference {
  attributes: AttributeMeasurement[];
  /** distinct hypotheses in the correction family (m of Holm / Benjamini–Hochberg) */
  comparisons: number;
}

/**
 * A metric and its complement test the same hypothesis on the same 2×2 table (TPR = 1 − FNR,
 * …), and composites alias their base metric; the correction counts each hypothesis once.
 */
const SAME_HYPOTHESIS: Partial<Record<DisparityId, DisparityId>> = {
  fnr: "tpr",
  tnr: "fpr",
  fdr: "precision",
  for: "npv",
  demographic_parity: "selection_rate",
  equal_opportunity: "tpr",
};

/**
 * The statistical stage, pure, between measurement and policy evaluation: intervals and tests of
 * every grouping, then one multiple-comparison adjustment over all groups × metrics × attributes
 * of the run (intersections included), so that the p-values a policy gates on are adjusted for
 * everything the report shows.
 */
export function inferRun(
  measured: readonly AttributeMeasurement[],
  options: InferenceOptions,
): RunInference {
  const attributes = measured.map((m) =>
    withAdjustedGaps(
      inferRateSummaries(inferBootstrap(inferClosedForm(m, options), options), options),
      options.confidence,
    ),
  );

  const keys: string[] = [];
  const pValues: number[] = [];
  const seen = new Map<string, number>();
  const keyOf = (a: number, group: string, id: DisparityId) =>
    JSON.stringify([a, group, SAME_HYPOTHESIS[id] ?? id]);
  attributes.forEach((m, a) => {
    for (const g of m.groups) {
      for (const [id, d] of Object.entries(g.disparities) as [DisparityId, Disparity][]) {
        if (d.pValue === undefined) continue;
        const key = keyOf(a, g.group, id);
        if (seen.has(key)) continue;
        seen.set(key, keys.length);
        keys.push(key);
        pValues.push(d.pValue);
      }
    }
  });
  const adjusted =
    options.correction === "holm" ? holmAdjust(pValues) : benjaminiHochbergAdjust(pValues);

  const out = attributes.map((m, a) => ({
    ...m,
    groups: m.groups.map((g) => {
      const disparities: typeof g.disparities = {};
      for (const [id, d] of Object.entries(g.disparities) as [DisparityId, Disparity][]) {
        const at = seen.get(keyOf(a, g.group, id));
        const p = at === undefined ? null : adjusted[at];
        disparities[id] =
          d.pValue === undefined || p === null || p === undefined ? d : { ...d, pAdjusted: p };
      }
      return { ...g, disparities };
    }),
  }));
  return { attributes: out, comparisons: pValues.length };
}
