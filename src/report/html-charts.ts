/**
 * The HTML report's charts: for each grouping, a dot plot per charted metric (with the policy's
 * thresholds and each group's worst verdict), the price ranges, and the data table that is their
 * text alternative.
 */
import type { DisparityId, MetricId } from "../core/metric-ids.js";
import { DISPARITY_IDS } from "../core/metric-ids.js";
import type {
  AttributeResult,
  AuditResult,
  FindingResult,
  GroupResult,
} from "../result/audit-result.js";
import { escapeHtml } from "./escape.js";
import { type DotPlot, type DotRow, renderDotPlot } from "./svg/dot-plot.js";
import { renderRangePlot } from "./svg/range-plot.js";
import {
  describeAdjustedGap,
  formatCount,
  formatNumber,
  METRIC_INFO,
  STRATEGY_WORDS,
  VERDICT_LABELS,
} from "./words.js";

type Verdict = FindingResult["verdict"];

const ORDER: readonly Verdict[] = ["fail", "warn", "inconclusive", "pass"];

/** The base metric a rule's metric is drawn on (composites compare base metrics). */
const BASE_METRIC: Record<DisparityId, MetricId[]> = {
  ...(Object.fromEntries(DISPARITY_IDS.map((m) => [m, [m]])) as Record<DisparityId, MetricId[]>),
  demographic_parity: ["selection_rate"],
  equal_opportunity: ["tpr"],
  equalized_odds: ["tpr", "fpr"],
};

export function chartsSection(result: AuditResult): string {
  const parts = result.attributes.map((a, i) => attributeCharts(a, i, result));
  return `<section id="charts" aria-labelledby="charts-h">
<h2 id="charts-h">Groups compared</h2>
<p class="legend">Dots are groups, lines their confidence intervals; <span class="key-ref">◆</span> marks the reference group, <span class="key-fail">✗</span> a group with a failing or warning finding. The shaded band is the range every policy bound allows; dashed lines are the rules' thresholds.</p>
${parts.join("\n")}
</section>`;
}

function attributeCharts(attribute: AttributeResult, index: number, result: AuditResult): string {
  const figures: string[] = [];
  for (const metric of chartedMetrics(attribute, result)) {
    const plot = dotPlot(attribute, index, metric, result);
    figures.push(figure(renderDotPlot(plot), plot.title));
  }
  if (result.inputs.priceColumn !== null) {
    const rows = attribute.groups
      .filter((g) => g.price !== null && g.price.mean !== null)
      .map((g) => {
        const p = g.price as NonNullable<GroupResult["price"]>;
        return {
          label: g.group,
          reference: g.group === attribute.references.price_mean,
          min: p.min ?? 0,
          max: p.max ?? 0,
          mean: p.mean ?? 0,
          median: p.median,
          sd: p.sd,
          note: `mean ${formatNumber(p.mean, 2)}${p.sd === null ? "" : ` (SD ${formatNumber(p.sd, 2)})`}, median ${formatNumber(p.median, 2)}`,
        };
      });
    if (rows.length > 0) {
      figures.push(
        figure(
          renderRangePlot({
            id: `chart-${index}-price`,
            title: `Prices by group of ${attribute.attribute}`,
            description: `For each group of ${attribute.attribute}: the range of prices (min to max), a bar with end caps at mean ± 1 standard deviation (not the quartiles), a tick at the median, a dot at the mean. ${rows.map((r) => `${r.label}: ${r.note}, min ${formatNumber(r.min, 2)}, max ${formatNumber(r.max, 2)}`).join("; ")}.`,
            rows,
            format: (x) => formatNumber(x, 2),
          }),
          `Prices by group of ${attribute.attribute}`,
          "Thin line: lowest to highest price. Thick bar with end caps: mean ± 1 standard deviation (not the quartiles: this is no box plot). Tick: median. Dot: mean.",
        ),
      );
    }
  }
  const adjusted = describeAdjustedGap(attribute);
  return `<article class="attribute" aria-labelledby="attr-${index}">
<h3 id="attr-${index}">${escapeHtml(attribute.attribute)}</h3>
<p>Reference group: <strong>${escapeHtml(attribute.references.selection_rate ?? "—")}</strong> (${escapeHtml(STRATEGY_WORDS[attribute.strategy])}); ${attribute.groups.length} groups.</p>
${figures.join("\n")}
${adjusted === null ? "" : `<p class="adjusted">${escapeHtml(adjusted)}.</p>`}
${dataTable(attribute, result)}
</article>`;
}

function figure(svg: string, heading: string, caption?: string): string {
  return `<figure><p class="chart-title" aria-hidden="true">${escapeHtml(heading)}</p>${svg}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ""}</figure>`;
}

/** selection rate always; TPR with a label; every base metric a rule bounds. */
function chartedMetrics(attribute: AttributeResult, result: AuditResult): MetricId[] {
  const wanted = new Set<MetricId>(["selection_rate"]);
  if (result.inputs.label !== null) wanted.add("tpr");
  for (const rule of rulesFor(attribute, result))
    for (const m of BASE_METRIC[rule.metric]) wanted.add(m);
  return [...wanted].filter((m) => attribute.groups.some((g) => g.metrics[m]?.value != null));
}

function rulesFor(attribute: AttributeResult, result: AuditResult) {
  return result.policy.rules.filter(
    (r) =>
      r.severity !== "off" &&
      (r.attributes === undefined || r.attributes.includes(attribute.attribute)),
  );
}

function dotPlot(
  attribute: AttributeResult,
  index: number,
  metric: MetricId,
  result: AuditResult,
): DotPlot {
  const isPrice = metric === "price_mean" || metric === "price_median";
  const format = (x: number) => formatNumber(x, 2);
  const reference = attribute.references[metric];
  const refValue = attribute.groups.find((g) => g.group === reference)?.metrics[metric]?.value;
  const thresholds: DotPlot["thresholds"][number][] = [];
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  for (const rule of rulesFor(attribute, result)) {
    if (!BASE_METRIC[rule.metric].includes(metric)) continue;
    const place = (bound: number): number | null => {
      if (rule.comparison === "value") return bound;
      if (refValue == null) return null;
      if (rule.comparison === "ratio") return refValue * bound;
      if (rule.comparison === "difference") return refValue + bound;
      return null;
    };
    const lo = rule.min === undefined ? null : place(rule.min);
    const hi = rule.max === undefined ? null : place(rule.max);
    const word = rule.comparison === "ratio" ? "×" : "";
    if (lo !== null) {
      thresholds.push({ value: lo, label: `${rule.id} ${rule.min}${word}` });
      low = Math.max(low, lo);
    }
    if (hi !== null) {
      thresholds.push({ value: hi, label: `${rule.id} ${rule.max}${word}` });
      high = Math.min(high, hi);
    }
  }
  const rows: DotRow[] = attribute.groups.map((g) => {
    const value = g.metrics[metric];
    const status = worstVerdict(attribute, g.group, metric, result);
    const interval = value?.interval;
    const note = `${formatNumber(value?.value, isPrice ? 2 : 3)}${interval ? ` [${format(interval.low)}, ${format(interval.high)}]` : ""}${status === "none" ? "" : ` · ${VERDICT_LABELS[status]}`}${g.small ? " · small" : ""}`;
    const row: DotRow = {
      label: g.group,
      value: value?.value ?? null,
      reference: g.group === reference,
      status,
      note,
    };
    if (interval) row.interval = interval;
    return row;
  });
  const name = METRIC_INFO[metric].short;
  const plot: DotPlot = {
    id: `chart-${index}-${metric}`,
    title: `${capitalise(name)} by group of ${attribute.attribute}`,
    description: `${capitalise(name)} (${METRIC_INFO[metric].definition}) for each group of ${attribute.attribute}, against the reference group ${reference ?? "—"}. ${rows.map((r) => `${r.label}${r.reference ? " (reference)" : ""}: ${r.note}`).join("; ")}.${Number.isFinite(low) || Number.isFinite(high) ? ` The policy allows ${Number.isFinite(low) ? `at least ${format(low)}` : ""}${Number.isFinite(low) && Number.isFinite(high) ? " and " : ""}${Number.isFinite(high) ? `at most ${format(high)}` : ""}.` : ""}`,
    rows,
    thresholds,
    format,
    zero: !isPrice,
  };
  if (!isPrice) plot.possible = { low: 0, high: 1 };
  if (Number.isFinite(low) || Number.isFinite(high)) {
    plot.band = {
      low: Number.isFinite(low) ? low : 0,
      high: Number.isFinite(high) ? high : Number.MAX_VALUE,
    };
  }
  return plot;
}

function worstVerdict(
  attribute: AttributeResult,
  group: string,
  metric: MetricId,
  result: AuditResult,
): Verdict | "none" {
  const verdicts = result.findings
    .filter(
      (f) =>
        f.attribute === attribute.attribute &&
        f.group === group &&
        BASE_METRIC[f.metric].includes(metric),
    )
    .map((f) => f.verdict);
  return ORDER.find((v) => verdicts.includes(v)) ?? "none";
}

/**
 * Metrics per table of numbers: each cell holds a value, its interval and its ratio, and more
 * than four of them side by side are wider than the page.
 */
const METRICS_PER_TABLE = 4;

/** The charts' text alternative and the numbers behind them, in tables that fit the page. */
function dataTable(attribute: AttributeResult, result: AuditResult): string {
  const metrics = chartedMetrics(attribute, result);
  const parts: MetricId[][] = [];
  for (let i = 0; i < metrics.length; i += METRICS_PER_TABLE)
    parts.push(metrics.slice(i, i + METRICS_PER_TABLE));
  const tables = parts.map((part, i) =>
    numbersTable(attribute, part, parts.length > 1 ? ` (${i + 1} of ${parts.length})` : ""),
  );
  return `<details class="data"><summary>The numbers behind these charts</summary>
${tables.join("\n")}</details>`;
}

function numbersTable(
  attribute: AttributeResult,
  metrics: readonly MetricId[],
  part: string,
): string {
  const head = metrics
    .map((m) => `<th scope="col">${escapeHtml(METRIC_INFO[m].short)}</th>`)
    .join("");
  const rows = attribute.groups.map((g) => {
    const cells = metrics.map((m) => {
      const v = g.metrics[m];
      const digits = m === "price_mean" || m === "price_median" ? 2 : 3;
      const ratio = g.disparities[m]?.ratio;
      return `<td class="num">${formatNumber(v?.value, digits)}${v?.interval ? ` <span class="ci">[${formatNumber(v.interval.low, digits)}, ${formatNumber(v.interval.high, digits)}]</span>` : ""}${ratio != null && g.group !== attribute.references[m] ? ` <span class="ratio">(${formatNumber(ratio, 2)}×)</span>` : ""}</td>`;
    });
    const marks = `${g.group === attribute.references.selection_rate ? " (reference)" : ""}${g.suppressed ? " (withheld)" : g.small ? " (small)" : ""}`;
    return `<tr><th scope="row">${escapeHtml(g.group)}${marks}</th><td class="num">${formatCount(g.n)}</td>${cells.join("")}</tr>`;
  });
  return `<div class="scroll"><table><caption>Groups of ${escapeHtml(attribute.attribute)}${part}: value [interval] (ratio to the reference)</caption>
<thead><tr><th scope="col">Group</th><th scope="col">Rows</th>${head}</tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div>`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
