import type { DisparityId, MetricId } from "../core/metric-ids.js";
import { DISPARITY_IDS } from "../core/metric-ids.js";
import type { AttributeResult, AuditResult, FindingResult, GroupResult } from "./audit-result.js";
import { explainFinding, formatFound } from "./explain.js";
import { type DotPlot, type DotRow, renderDotPlot } from "./svg/dot-plot.js";
import { esc } from "./svg/markup.js";
import { renderRangePlot } from "./svg/range-plot.js";
import {
  describeNotice,
  EXCLUSION_WORDS,
  formatExpected,
  formatNumber,
  METRIC_INFO,
  ROLE_WORDS,
  STRATEGY_WORDS,
  VERDICT_LABELS,
} from "./words.js";

type Verdict = FindingResult["verdict"];

/** Shape and word for each verdict: colour only repeats them. */
const VERDICT_SYMBOLS = { fail: "✗", warn: "!", inconclusive: "?", pass: "✓" } as const;
const ORDER: readonly Verdict[] = ["fail", "warn", "inconclusive", "pass"];

/** The base metric a rule's metric is drawn on (composites compare base metrics). */
const BASE_METRIC: Record<DisparityId, MetricId[]> = {
  ...(Object.fromEntries(DISPARITY_IDS.map((m) => [m, [m]])) as Record<DisparityId, MetricId[]>),
  demographic_parity: ["selection_rate"],
  equal_opportunity: ["tpr"],
  equalized_odds: ["tpr", "fpr"],
};

/**
 * One self-contained HTML file: inline CSS and SVG, no script, no external resource (a CSP
 * forbids any), readable from an email attachment and printable.
 */
export function renderHtml(result: AuditResult): string {
  const c = result.counts;
  const title = `fairaudit report — ${VERDICT_LABELS[result.verdict]}`;
  const body = [
    "<header>",
    `<h1>Fairness audit of ${esc(result.inputs.files.map((f) => f.name).join(" + "))}</h1>`,
    `<p class="verdict ${result.verdict}" role="status"><span class="symbol" aria-hidden="true">${VERDICT_SYMBOLS[result.verdict]}</span> Verdict: <strong>${VERDICT_LABELS[result.verdict]}</strong> — ${c.fail} failed, ${c.warn} warning(s), ${c.inconclusive} inconclusive, ${c.pass} passed</p>`,
    `<p class="meta">${count(result.inputs.rows.audited)} rows audited · policy ${esc(result.policy.name)} · fairaudit ${esc(result.tool.version)}</p>`,
    `<nav aria-label="Sections"><a href="#findings">Findings</a> · <a href="#charts">Charts</a> · <a href="#transparency">How this was computed</a></nav>`,
    "</header>",
    "<main>",
    findingsSection(result),
    chartsSection(result),
    transparencySection(result),
    "</main>",
  ].join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fairaudit ${esc(result.tool.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function findingsSection(result: AuditResult): string {
  const rows = result.findings.map(
    (f) => `<tr class="${f.verdict}">
<td class="verdict-cell"><span class="badge ${f.verdict}"><span aria-hidden="true">${VERDICT_SYMBOLS[f.verdict]}</span> ${VERDICT_LABELS[f.verdict]}</span></td>
<td>${esc(f.rule)}</td><td>${esc(f.attribute)}</td><td>${esc(f.group ?? "all groups")}</td><td>${esc(f.reference ?? "—")}</td>
<td>${esc(formatExpected(f.comparison, f.expected))}</td><td class="num">${esc(formatFound(f))}</td>
<td class="explain">${esc(explainFinding(f, result))}</td></tr>`,
  );
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
<p>Failures first. Intervals in brackets are confidence intervals where the audit computed them.</p>
${
  result.findings.length === 0
    ? "<p>No rule applied to this audit.</p>"
    : `<div class="scroll"><table class="findings">
<thead><tr><th scope="col">Verdict</th><th scope="col">Rule</th><th scope="col">Attribute</th><th scope="col">Group</th><th scope="col">Against</th><th scope="col">Expected</th><th scope="col">Found</th><th scope="col">In plain words</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`
}
${result.notices.length > 0 ? `<h3>Notices</h3><ul>${result.notices.map((n) => `<li>${esc(describeNotice(n))}</li>`).join("")}</ul>` : ""}
</section>`;
}

function chartsSection(result: AuditResult): string {
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
          note: `mean ${formatNumber(p.mean, 2)}, median ${formatNumber(p.median, 2)}`,
        };
      });
    if (rows.length > 0) {
      figures.push(
        figure(
          renderRangePlot({
            id: `chart-${index}-price`,
            title: `Prices by group of ${attribute.attribute}`,
            description: `For each group of ${attribute.attribute}: the range of prices (min to max), a box of mean ± 1 standard deviation, a tick at the median, a dot at the mean. ${rows.map((r) => `${r.label}: ${r.note}, min ${formatNumber(r.min, 2)}, max ${formatNumber(r.max, 2)}`).join("; ")}.`,
            rows,
            format: (x) => formatNumber(x, 2),
          }),
          `Prices by group of ${attribute.attribute}`,
          "Line from min to max, box mean ± 1 SD, tick at the median, dot at the mean.",
        ),
      );
    }
  }
  return `<article class="attribute" aria-labelledby="attr-${index}">
<h3 id="attr-${index}">${esc(attribute.attribute)}</h3>
<p>Reference group: <strong>${esc(attribute.references.selection_rate ?? "—")}</strong> (${esc(STRATEGY_WORDS[attribute.strategy])}); ${attribute.groups.length} groups.</p>
${figures.join("\n")}
${dataTable(attribute, result)}
</article>`;
}

function figure(svg: string, heading: string, caption?: string): string {
  return `<figure><p class="chart-title" aria-hidden="true">${esc(heading)}</p>${svg}${caption ? `<figcaption>${esc(caption)}</figcaption>` : ""}</figure>`;
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

/** The charts' text alternative and the numbers behind them. */
function dataTable(attribute: AttributeResult, result: AuditResult): string {
  const metrics = chartedMetrics(attribute, result);
  const head = metrics.map((m) => `<th scope="col">${esc(METRIC_INFO[m].short)}</th>`).join("");
  const rows = attribute.groups.map((g) => {
    const cells = metrics.map((m) => {
      const v = g.metrics[m];
      const digits = m === "price_mean" || m === "price_median" ? 2 : 3;
      const ratio = g.disparities[m]?.ratio;
      return `<td class="num">${formatNumber(v?.value, digits)}${v?.interval ? ` <span class="ci">[${formatNumber(v.interval.low, digits)}, ${formatNumber(v.interval.high, digits)}]</span>` : ""}${ratio != null && g.group !== attribute.references[m] ? ` <span class="ratio">(${formatNumber(ratio, 2)}×)</span>` : ""}</td>`;
    });
    const marks = `${g.group === attribute.references.selection_rate ? " (reference)" : ""}${g.suppressed ? " (withheld)" : g.small ? " (small)" : ""}`;
    return `<tr><th scope="row">${esc(g.group)}${marks}</th><td class="num">${count(g.n)}</td>${cells.join("")}</tr>`;
  });
  return `<details class="data"><summary>The numbers behind these charts</summary>
<div class="scroll"><table><caption>Groups of ${esc(attribute.attribute)}: value [interval] (ratio to the reference)</caption>
<thead><tr><th scope="col">Group</th><th scope="col">Rows</th>${head}</tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div></details>`;
}

function transparencySection(result: AuditResult): string {
  const { inputs, policy } = result;
  const files = inputs.files.map((f) => {
    const sha = f.sha256;
    return `<tr><td>${esc(f.name)}</td><td>${f.role === "data" ? "data" : "model output"}</td><td class="num">${count(f.rows)}</td><td class="num">${count(f.bytes)}</td><td class="hash">${sha ? esc(sha) : "not recorded"}</td></tr>`;
  });
  const columns = inputs.columnsRead.map(
    (c) =>
      `<tr><td>${esc(c.file)}</td><td>${esc(c.column)}</td><td>${esc(c.role)}</td><td>${esc(ROLE_WORDS[c.role])}</td></tr>`,
  );
  const excluded = Object.entries(inputs.rows.excluded).map(
    ([k, n]) =>
      `<tr><td>${esc(EXCLUSION_WORDS[k as keyof typeof EXCLUSION_WORDS] ?? k)}</td><td class="num">${count(n)}</td></tr>`,
  );
  const references = result.attributes.map((a) => {
    const distinct = [...new Set(Object.values(a.references))];
    const text =
      distinct.length <= 1
        ? esc(distinct[0] ?? "—")
        : Object.entries(a.references)
            .map(([m, g]) => `${esc(METRIC_INFO[m as DisparityId].short)}: ${esc(g)}`)
            .join("; ");
    return `<li><strong>${esc(a.attribute)}</strong>: ${text} (${esc(STRATEGY_WORDS[a.strategy])})</li>`;
  });
  const rules = policy.rules.map(
    (r) =>
      `<tr><td>${esc(r.id)}</td><td>${esc(METRIC_INFO[r.metric].short)}</td><td>${esc(formatExpected(r.comparison, r))}</td><td>${esc(r.severity)}</td><td>${esc(r.attributes?.join(", ") ?? "all")}</td></tr>`,
  );
  const skipped = policy.skipped.map(
    (s) => `<li>${esc(s.rule)}: skipped (${esc(s.reason.replaceAll("_", " "))})</li>`,
  );
  const d = inputs.decision;
  const decision =
    d.kind === "none"
      ? "none (prices only)"
      : `${esc(d.column)} (${d.kind === "column" ? "a 0/1 decision column" : d.kind === "threshold" ? `score ≥ ${formatNumber(d.threshold)}` : d.kind === "top-k" ? `the top ${d.k} scores (cut-off ${formatNumber(d.threshold)})` : `the top ${d.percent}% of scores (cut-off ${formatNumber(d.threshold)})`}); being selected is ${d.meaning}`;
  const definitions = DISPARITY_IDS.map(
    (m) =>
      `<dt><code>${m}</code> — ${esc(METRIC_INFO[m].short)}</dt><dd>${esc(METRIC_INFO[m].definition)}</dd>`,
  );
  return `<section id="transparency" aria-labelledby="transparency-h">
<h2 id="transparency-h">How this was computed</h2>
<h3>Files</h3>
<div class="scroll"><table><thead><tr><th scope="col">File</th><th scope="col">Role</th><th scope="col">Rows</th><th scope="col">Bytes</th><th scope="col">SHA-256</th></tr></thead><tbody>${files.join("")}</tbody></table></div>
<h3>Columns read, and why</h3>
<p>No other column is read; no row-level value appears in this report.</p>
<div class="scroll"><table><thead><tr><th scope="col">File</th><th scope="col">Column</th><th scope="col">Role</th><th scope="col">Why</th></tr></thead><tbody>${columns.join("")}</tbody></table></div>
<h3>Rows</h3>
<p>${count(inputs.rows.read)} read, ${count(inputs.rows.outsideSegment)} outside the segment${inputs.segment.length > 0 ? ` (${inputs.segment.map((s) => `${esc(s.column)} = ${esc(s.value)}`).join(", ")})` : ""}, ${count(inputs.rows.audited)} audited. Decision: ${decision}.${inputs.label ? ` Outcome: ${esc(inputs.label.column)}${inputs.label.positive ? ` (positive: ${esc(inputs.label.positive)})` : ""}.` : " No outcome column: error-rate metrics were not computed."}</p>
<table><caption>Rows excluded, by reason</caption><thead><tr><th scope="col">Reason</th><th scope="col">Rows</th></tr></thead><tbody>${excluded.join("")}</tbody></table>
<h3>Reference groups</h3>
<ul>${references.join("")}</ul>
<h3>Policy</h3>
<p>${esc(policy.name)} (${esc(policy.source)}). Groups under ${policy.minGroupSize} rows are INCONCLUSIVE, which counts as ${esc(policy.inconclusive)} for the verdict.</p>
<div class="scroll"><table><thead><tr><th scope="col">Rule</th><th scope="col">Metric</th><th scope="col">Bound</th><th scope="col">Severity</th><th scope="col">Attributes</th></tr></thead><tbody>${rules.join("")}</tbody></table></div>
${skipped.length > 0 ? `<ul>${skipped.join("")}</ul>` : ""}
<h3>Metric definitions</h3>
<p>Disparities compare a group with its reference: the ratio is group ÷ reference, the difference group − reference.</p>
<dl class="definitions">${definitions.join("")}</dl>
<p class="meta">fairaudit ${esc(result.tool.version)} · report schema ${esc(result.schemaVersion)}</p>
</section>`;
}

/** Counts of rows and bytes: whole numbers with thousands separators. */
function count(n: number | null): string {
  return n === null ? "withheld" : n.toLocaleString("en-US");
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Contrast: every text colour is at least 4.5:1 on its background (WCAG 2.1 AA). */
const CSS = `
:root{--ink:#1b1b1b;--muted:#4a4a4a;--line:#c9c9c9;--fail:#a4001d;--warn:#7a4d00;--inc:#3d4a5c;--pass:#1d6b34;--band:#e3f0e6;--ref:#0b4f8a}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
header,main{max-width:1100px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:1.6rem;margin:0 0 8px;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin:32px 0 8px;border-bottom:2px solid var(--ink);padding-bottom:4px}
h3{font-size:1.1rem;margin:20px 0 6px;overflow-wrap:anywhere}
.meta,.legend,figcaption{color:var(--muted)}
.verdict{font-size:1.2rem;padding:10px 14px;border:2px solid;border-left-width:10px;margin:8px 0}
.verdict.fail{color:var(--fail)}.verdict.warn{color:var(--warn)}.verdict.pass{color:var(--pass)}
.symbol{font-weight:700}
table{border-collapse:collapse;margin:8px 0;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
.findings td{max-width:16em}.findings td.explain{max-width:none}
th{background:#f3f3f3}
caption{text-align:left;font-weight:600;padding:4px 0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ci,.ratio{color:var(--muted)}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
.findings .explain{min-width:320px}
.badge{font-weight:700;white-space:nowrap}
.badge.fail{color:var(--fail)}.badge.warn{color:var(--warn)}.badge.inconclusive{color:var(--inc)}.badge.pass{color:var(--pass)}
tr.fail td{background:#fdf2f3}tr.warn td{background:#fdf8ee}
figure{margin:12px 0 20px}
.chart-title{font-weight:600;margin:0 0 2px}
svg.chart{max-width:860px;display:block;font:12px system-ui,sans-serif}
svg .label,svg .note{fill:var(--ink)}
svg .tick,svg .threshold-label{fill:var(--muted);font-size:11px}
svg .grid{stroke:#e4e4e4}
svg .band{fill:var(--band)}
svg .threshold{stroke:var(--muted);stroke-dasharray:4 3}
svg .whisker{stroke:var(--ink);stroke-width:1.5;fill:none}
svg .mark{fill:var(--ink)}
svg .mark.reference{fill:var(--ref)}
svg .mark.cross{stroke:var(--fail);stroke-width:3;fill:none}
svg .warn .mark.cross{stroke:var(--warn)}
svg .fail .note{fill:var(--fail);font-weight:700}
svg .warn .note{fill:var(--warn);font-weight:700}
svg .range{stroke:var(--ink);stroke-width:1.5}
svg .spread{fill:#d6e2ef;stroke:var(--ref)}
svg .median{stroke:var(--ink);stroke-width:2.5}
svg .mean{fill:var(--fail)}
.key-ref{color:var(--ref)}.key-fail{color:var(--fail);font-weight:700}
dl.definitions{display:grid;grid-template-columns:minmax(200px,max-content) 1fr;gap:4px 16px}
dl.definitions dt{font-weight:600}dl.definitions dd{margin:0}
a{color:var(--ref)}
@media print{body{font-size:11pt}header,main{max-width:none;padding:0}nav{display:none}details{display:block}details>*{display:block}figure,tr,.attribute h3{break-inside:avoid}h2{break-after:avoid}.scroll{overflow:visible}}
`;
