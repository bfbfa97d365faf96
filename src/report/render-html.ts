import type { DisparityId } from "../core/metric-ids.js";
import { DISPARITY_IDS } from "../core/metric-ids.js";
import type { AuditResult } from "../result/audit-result.js";
import { escapeHtml } from "./escape.js";
import { explainFinding, formatFound } from "./explain.js";
import { chartsSection } from "./html-charts.js";
import {
  describeNotice,
  describeRun,
  EXCLUSION_WORDS,
  formatCount,
  formatExpected,
  formatNumber,
  METRIC_INFO,
  ROLE_WORDS,
  STRATEGY_WORDS,
  VERDICT_LABELS,
} from "./words.js";

/** Shape and word for each verdict: colour only repeats them. */
const VERDICT_SYMBOLS = { fail: "✗", warn: "!", inconclusive: "?", pass: "✓" } as const;

/**
 * One self-contained HTML file: inline CSS and SVG, no script, no external resource (a CSP
 * forbids any), readable from an email attachment and printable.
 */
export function renderHtml(result: AuditResult): string {
  const c = result.counts;
  const title = `fairaudit report — ${VERDICT_LABELS[result.verdict]}`;
  const body = [
    "<header>",
    `<h1>Fairness audit of ${escapeHtml(result.inputs.files.map((f) => f.name).join(" + "))}</h1>`,
    `<p class="verdict ${result.verdict}" role="status"><span class="symbol" aria-hidden="true">${VERDICT_SYMBOLS[result.verdict]}</span> Verdict: <strong>${VERDICT_LABELS[result.verdict]}</strong> — ${c.fail} failed, ${c.warn} warning(s), ${c.inconclusive} inconclusive, ${c.pass} passed</p>`,
    `<p class="meta">${formatCount(result.inputs.rows.audited)} rows audited · policy ${escapeHtml(result.policy.name)} · fairaudit ${escapeHtml(result.tool.version)}</p>`,
    `<p class="meta run">${escapeHtml(describeRun(result.run))}</p>`,
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
<meta name="generator" content="fairaudit ${escapeHtml(result.tool.version)}">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function findingsSection(result: AuditResult): string {
  // The plain-language sentence has a row of its own under its finding, across the whole
  // table: as a column it pushed the table past the page and was cut at its right edge.
  const rows = result.findings.map(
    (f) => `<tr class="${f.verdict} finding">
<td class="verdict-cell"><span class="badge ${f.verdict}"><span aria-hidden="true">${VERDICT_SYMBOLS[f.verdict]}</span> ${VERDICT_LABELS[f.verdict]}</span></td>
<td class="rule">${breakable(f.rule)}</td><td class="label">${escapeHtml(f.attribute)}</td><td class="label">${escapeHtml(f.group ?? "all groups")}</td><td class="label">${escapeHtml(f.reference ?? "—")}</td>
<td>${escapeHtml(formatExpected(f.comparison, f.expected))}</td><td class="num">${escapeHtml(formatFound(f))}</td></tr>
<tr class="${f.verdict} explain-row"><td colspan="7" class="explain">${escapeHtml(explainFinding(f, result))}</td></tr>`,
  );
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
<p>Failures first, each with what it means in plain words below it. Intervals in brackets are confidence intervals where the audit computed them.</p>
${
  result.findings.length === 0
    ? "<p>No rule applied to this audit.</p>"
    : `<div class="scroll"><table class="findings">
<thead><tr><th scope="col">Verdict</th><th scope="col">Rule</th><th scope="col">Attribute</th><th scope="col">Group</th><th scope="col">Against</th><th scope="col">Expected</th><th scope="col">Found</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`
}
${result.notices.length > 0 ? `<h3>Notices</h3><ul>${result.notices.map((n) => `<li>${escapeHtml(describeNotice(n))}</li>`).join("")}</ul>` : ""}
</section>`;
}

/** A rule id with a line-break opportunity after each _ . / : (ids are words joined by them). */
function breakable(id: string): string {
  return escapeHtml(id).replace(/([_./:])/g, "$1<wbr>");
}

function transparencySection(result: AuditResult): string {
  const { inputs, policy } = result;
  const files = inputs.files.map((f) => {
    const sha = f.sha256;
    return `<tr><td>${escapeHtml(f.name)}</td><td>${f.role === "data" ? "data" : "model output"}</td><td class="num">${formatCount(f.rows)}</td><td class="num">${formatCount(f.bytes)}</td><td class="hash">${sha ? escapeHtml(sha) : "not recorded"}</td></tr>`;
  });
  const columns = inputs.columnsRead.map(
    (c) =>
      `<tr><td>${escapeHtml(c.file)}</td><td>${escapeHtml(c.column)}</td><td>${escapeHtml(c.role)}</td><td>${escapeHtml(ROLE_WORDS[c.role])}</td></tr>`,
  );
  const excluded = Object.entries(inputs.rows.excluded).map(
    ([k, n]) =>
      `<tr><td>${escapeHtml(EXCLUSION_WORDS[k as keyof typeof EXCLUSION_WORDS] ?? k)}</td><td class="num">${formatCount(n)}</td></tr>`,
  );
  const references = result.attributes.map((a) => {
    const distinct = [...new Set(Object.values(a.references))];
    const text =
      distinct.length <= 1
        ? escapeHtml(distinct[0] ?? "—")
        : Object.entries(a.references)
            .map(([m, g]) => `${escapeHtml(METRIC_INFO[m as DisparityId].short)}: ${escapeHtml(g)}`)
            .join("; ");
    return `<li><strong>${escapeHtml(a.attribute)}</strong>: ${text} (${escapeHtml(STRATEGY_WORDS[a.strategy])})</li>`;
  });
  const rules = policy.rules.map(
    (r) =>
      `<tr><td>${escapeHtml(r.id)}</td><td>${escapeHtml(METRIC_INFO[r.metric].short)}</td><td>${escapeHtml(formatExpected(r.comparison, r))}</td><td>${escapeHtml(r.severity)}</td><td>${escapeHtml(r.attributes?.join(", ") ?? "all")}</td></tr>`,
  );
  const skipped = policy.skipped.map(
    (s) => `<li>${escapeHtml(s.rule)}: skipped (${escapeHtml(s.reason.replaceAll("_", " "))})</li>`,
  );
  const d = inputs.decision;
  const decision =
    d.kind === "none"
      ? "none (prices only)"
      : `${escapeHtml(d.column)} (${d.kind === "column" ? "a 0/1 decision column" : d.kind === "threshold" ? `score ≥ ${formatNumber(d.threshold)}` : d.kind === "top-k" ? `the top ${d.k} scores (cut-off ${formatNumber(d.threshold)})` : `the top ${d.percent}% of scores (cut-off ${formatNumber(d.threshold)})`}); being selected is ${d.meaning}`;
  const definitions = DISPARITY_IDS.map(
    (m) =>
      `<dt><code>${m}</code> — ${escapeHtml(METRIC_INFO[m].short)}</dt><dd>${escapeHtml(METRIC_INFO[m].definition)}</dd>`,
  );
  return `<section id="transparency" aria-labelledby="transparency-h">
<h2 id="transparency-h">How this was computed</h2>
<h3>Files</h3>
<div class="scroll"><table><thead><tr><th scope="col">File</th><th scope="col">Role</th><th scope="col">Rows</th><th scope="col">Bytes</th><th scope="col">SHA-256</th></tr></thead><tbody>${files.join("")}</tbody></table></div>
<h3>Run</h3>
<p class="run">${escapeHtml(describeRun(result.run))}. The same configuration hash and input SHA-256s give the same report.</p>
<h3>Columns read, and why</h3>
<p>No other column is read; no row-level value appears in this report.</p>
<div class="scroll"><table><thead><tr><th scope="col">File</th><th scope="col">Column</th><th scope="col">Role</th><th scope="col">Why</th></tr></thead><tbody>${columns.join("")}</tbody></table></div>
<h3>Rows</h3>
<p>${formatCount(inputs.rows.read)} read, ${formatCount(inputs.rows.outsideSegment)} outside the segment${inputs.segment.length > 0 ? ` (${inputs.segment.map((s) => `${escapeHtml(s.column)} = ${escapeHtml(s.value)}`).join(", ")})` : ""}, ${formatCount(inputs.rows.audited)} audited. Decision: ${decision}.${inputs.label ? ` Outcome: ${escapeHtml(inputs.label.column)}${inputs.label.positive ? ` (positive: ${escapeHtml(inputs.label.positive)})` : ""}.` : " No outcome column: error-rate metrics were not computed."}</p>
<table><caption>Rows excluded, by reason</caption><thead><tr><th scope="col">Reason</th><th scope="col">Rows</th></tr></thead><tbody>${excluded.join("")}</tbody></table>
<h3>Reference groups</h3>
<ul>${references.join("")}</ul>
<h3>Policy</h3>
<p>${escapeHtml(policy.name)} (${escapeHtml(policy.source)}). Groups under ${policy.minGroupSize} rows are INCONCLUSIVE, which counts as ${escapeHtml(policy.inconclusive)} for the verdict.</p>
<div class="scroll"><table><thead><tr><th scope="col">Rule</th><th scope="col">Metric</th><th scope="col">Bound</th><th scope="col">Severity</th><th scope="col">Attributes</th></tr></thead><tbody>${rules.join("")}</tbody></table></div>
${skipped.length > 0 ? `<ul>${skipped.join("")}</ul>` : ""}
<h3>Metric definitions</h3>
<p>Disparities compare a group with its reference: the ratio is group ÷ reference, the difference group − reference.</p>
<dl class="definitions">${definitions.join("")}</dl>
<p class="meta">fairaudit ${escapeHtml(result.tool.version)} · report schema ${escapeHtml(result.schemaVersion)}</p>
</section>`;
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
.findings{width:100%}
.findings td{max-width:16em}
.findings td.label{overflow-wrap:anywhere}
.findings tr.finding td{border-bottom:none}
.findings td.explain{max-width:none;padding:0 8px 8px 32px}
th{background:#f3f3f3}
caption{text-align:left;font-weight:600;padding:4px 0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ci,.ratio{color:var(--muted)}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;overflow-wrap:anywhere}
.run{overflow-wrap:anywhere}
.scroll{overflow-x:auto}
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
svg .spread line{stroke:var(--ref);stroke-width:4}
svg .spread line+line{stroke-width:2}
.data th{max-width:16em;overflow-wrap:anywhere}
svg .median{stroke:var(--ink);stroke-width:2.5}
svg .mean{fill:var(--fail)}
.key-ref{color:var(--ref)}.key-fail{color:var(--fail);font-weight:700}
dl.definitions{display:grid;grid-template-columns:minmax(200px,max-content) 1fr;gap:4px 16px}
dl.definitions dt{font-weight:600}dl.definitions dd{margin:0}
a{color:var(--ref)}
@media print{body{font-size:11pt}header,main{max-width:none;padding:0}nav{display:none}details{display:block}details>*{display:block}figure,tr,.attribute h3{break-inside:avoid}h2{break-after:avoid}.scroll{overflow:visible}}
`;
