import { DISPARITY_IDS, isMetricId } from "../core/metric-ids.js";
import type { AuditResult } from "../result/audit-result.js";
import { escapeCsv } from "./escape.js";

export const CSV_COLUMNS = [
  "attribute",
  "group",
  "metric",
  "value",
  "reference",
  "difference",
  "ratio",
  "n",
  "numerator",
  "denominator",
  "ci_low",
  "ci_high",
  "diff_ci_low",
  "diff_ci_high",
  "ratio_ci_low",
  "ratio_ci_high",
  "p_value",
  "p_adjusted",
  "test",
  "adjusted_difference",
  "adjusted_ci_low",
  "adjusted_ci_high",
  "adjusted_rows",
  "adjusted_factors",
] as const;

/**
 * The tidy table of DESIGN.md §3: one row per attribute × group × metric; undefined values are
 * empty cells. Composites have no value of their own, only comparisons. ci_* is the interval of
 * value, diff_ci_* and ratio_ci_* those of difference and ratio; p_value and p_adjusted come from
 * `test` (price_mean: Welch, price_median: Mann–Whitney) before and after the run's correction.
 * adjusted_* (price_mean rows only): the gap to the reference at equal declared pricing factors
 * (least squares), its interval, the rows fitted and the factor columns.
 */
export function renderCsv(result: AuditResult): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const attribute of result.attributes) {
    for (const group of attribute.groups) {
      for (const metric of DISPARITY_IDS) {
        const value = isMetricId(metric) ? group.metrics[metric] : undefined;
        const disparity = group.disparities[metric];
        if (value === undefined && disparity === undefined) continue;
        lines.push(
          [
            escapeCsv(attribute.attribute),
            escapeCsv(group.group),
            metric,
            num(value?.value),
            escapeCsv(disparity?.reference ?? attribute.references[metric] ?? ""),
            num(disparity?.difference),
            num(disparity?.ratio),
            num(group.n),
            num(value?.numerator),
            num(value?.denominator),
            num(value?.interval?.low),
            num(value?.interval?.high),
            num(disparity?.differenceInterval?.low),
            num(disparity?.differenceInterval?.high),
            num(disparity?.ratioInterval?.low),
            num(disparity?.ratioInterval?.high),
            num(disparity?.pValue),
            num(disparity?.pAdjusted),
            disparity?.test ?? "",
            num(disparity?.adjusted?.difference),
            num(disparity?.adjusted?.low),
            num(disparity?.adjusted?.high),
            num(disparity?.adjusted?.rows),
            escapeCsv(
              disparity?.adjusted
                ? [...new Set(disparity.adjusted.factors.map((f) => f.split(" = ")[0] ?? f))].join(
                    "; ",
                  )
                : "",
            ),
          ].join(","),
        );
      }
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}

function num(x: number | null | undefined): string {
  return x === null || x === undefined ? "" : String(x);
}
