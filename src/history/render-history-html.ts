import { escapeHtml } from "../report/escape.js";
import { formatExpected, formatNumber, METRIC_INFO, VERDICT_LABELS } from "../report/words.js";
import { describeDrift, type HistoryTrends, type TrendSeries } from "./trends.js";

const W = 420;
const H = 170;
const PAD = { left: 48, right: 12, top: 14, bottom: 30 };
const VERDICT_COLOURS = {
  pass: "#2e7d32",
  warn: "#ef6c00",
  fail: "#c62828",
  inconclusive: "#757575",
};

/**
 * A self-contained page (no script, no external resource): small multiples in a grid, one line
 * chart per metric and group, the allowed range shaded, each run's point coloured by its
 * verdict, dates on the time axis, and the runs where the configuration changed marked.
 */
export function renderHistoryHtml(t: HistoryTrends, context: { readonly name: string }): string {
  const charts = t.series.map((s) => chart(s, t)).join("\n");
  const first = t.runs[0]?.time ?? "—";
  const last = t.runs[t.runs.length - 1]?.time ?? "—";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>fairaudit history — ${escapeHtml(context.name)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#212121}
h1{font-size:1.3rem} h2{font-size:1rem;margin:1.5rem 0 .25rem}
.drift{color:#ef6c00;font-weight:600} .meta{color:#616161}
svg{display:block;background:#fafafa;border:1px solid #e0e0e0;width:100%;height:auto}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:8px 20px}
.grid section{min-width:0} .grid h2{font-size:.9rem;overflow-wrap:anywhere}
.config{stroke:#6a1b9a;stroke-dasharray:2 2} .config-label{fill:#6a1b9a}
</style>
</head>
<body>
<h1>fairaudit history — ${escapeHtml(context.name)}</h1>
<p class="meta">${t.runs.length} run(s) from ${escapeHtml(first)} to ${escapeHtml(last)}. ${t.drifting} finding(s) drifting toward their bound over the last ${t.driftRuns} runs.${t.configChanged ? " The configuration changed within these runs." : ""}</p>
<div class="grid">
${charts}
</div>
</body>
</html>
`;
}

function chart(s: TrendSeries, t: HistoryTrends): string {
  const expected: { min?: number; max?: number } = {};
  if (s.min !== undefined) expected.min = s.min;
  if (s.max !== undefined) expected.max = s.max;
  const vals = s.points.flatMap((p) => (p?.value === null || p === null ? [] : [p.value]));
  const all = [
    ...vals,
    ...(s.min === undefined ? [] : [s.min]),
    ...(s.max === undefined ? [] : [s.max]),
  ];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  const span = hi - lo || Math.abs(hi) || 1;
  lo -= span * 0.1;
  hi += span * 0.1;
  const n = s.points.length;
  const x = (i: number) => PAD.left + (n <= 1 ? 0.5 : i / (n - 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const r = (v: number) => v.toFixed(1);
  const bandTop = y(s.max ?? hi);
  const bandBottom = y(s.min ?? lo);
  const band = `<rect x="${PAD.left}" y="${r(bandTop)}" width="${W - PAD.left - PAD.right}" height="${r(Math.max(0, bandBottom - bandTop))}" fill="#e8f5e9"/>`;
  const lines = [s.min, s.max]
    .filter((b): b is number => b !== undefined)
    .map(
      (b) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${r(y(b))}" y2="${r(y(b))}" stroke="#66bb6a" stroke-dasharray="4 3"/><text x="${W - PAD.right - 2}" y="${r(y(b) - 3)}" font-size="10" text-anchor="end" fill="#388e3c">${escapeHtml(formatNumber(b))}</text>`,
    )
    .join("");
  const segments: string[] = [];
  let current: string[] = [];
  s.points.forEach((p, i) => {
    if (p === null || p.value === null) {
      if (current.length > 1) segments.push(current.join(" "));
      current = [];
    } else current.push(`${r(x(i))},${r(y(p.value))}`);
  });
  if (current.length > 1) segments.push(current.join(" "));
  const path = segments
    .map((pts) => `<polyline points="${pts}" fill="none" stroke="#1565c0" stroke-width="1.5"/>`)
    .join("");
  const dots = s.points
    .map((p, i) => {
      if (p === null || p.value === null) return "";
      const run = t.runs[i];
      const tip = `${run?.time ?? ""}: ${formatNumber(p.value)} ${VERDICT_LABELS[p.verdict]}`;
      return `<circle cx="${r(x(i))}" cy="${r(y(p.value))}" r="3" fill="${VERDICT_COLOURS[p.verdict]}"><title>${escapeHtml(tip)}</title></circle>`;
    })
    .join("");
  // three values on the y axis (bottom, middle, top) and up to four dated runs on the x axis
  const yTicks = [lo, (lo + hi) / 2, hi]
    .map(
      (v) =>
        `<line x1="${PAD.left - 3}" x2="${PAD.left}" y1="${r(y(v))}" y2="${r(y(v))}" stroke="#9e9e9e"/><text x="${PAD.left - 5}" y="${r(y(v) + 3)}" font-size="10" text-anchor="end">${escapeHtml(formatNumber(v))}</text>`,
    )
    .join("");
  const dated = [...new Set([0, Math.round((n - 1) / 3), Math.round((2 * (n - 1)) / 3), n - 1])]
    .filter((i) => i >= 0 && i < n)
    .map((i, k, all) => {
      const anchor =
        all.length === 1 ? "middle" : k === 0 ? "start" : k === all.length - 1 ? "end" : "middle";
      return `<text x="${r(x(i))}" y="${H - 10}" font-size="10" text-anchor="${anchor}">${escapeHtml(shortDate(t.runs[i]?.time ?? ""))}</text>`;
    })
    .join("");
  // a dashed line before each run whose configuration hash differs from the run before it
  const changes = t.runs
    .map((run, i) => (i > 0 && run.configHash !== t.runs[i - 1]?.configHash ? i : -1))
    .filter((i) => i > 0)
    .map(
      (i) =>
        `<line class="config" x1="${r((x(i) + x(i - 1)) / 2)}" x2="${r((x(i) + x(i - 1)) / 2)}" y1="${PAD.top}" y2="${H - PAD.bottom}"><title>configuration changed before the run of ${escapeHtml(t.runs[i]?.time ?? "")}</title></line><text class="config-label" x="${r((x(i) + x(i - 1)) / 2 + 2)}" y="${PAD.top - 3}" font-size="9">config changed</text>`,
    )
    .join("");
  const axis = `${yTicks}${dated}${changes}`;
  const title = `${s.attribute} = ${s.group ?? "(all groups)"} — ${METRIC_INFO[s.metric].short}, ${formatExpected(s.comparison, expected)} (${s.rule})`;
  const drift = s.drift ? ` <span class="drift">${escapeHtml(describeDrift(s.drift))}</span>` : "";
  return `<section>
<h2>${escapeHtml(title)}${drift}</h2>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}">${band}${lines}${path}${dots}${axis}</svg>
</section>`;
}

/** "2026-03-01T12:00:00.000Z" → "2026-03-01": the day is what a trend over runs needs. */
function shortDate(time: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(time);
  return m?.[1] ?? time;
}
