import type { ChalkInstance } from "chalk";
import { escapeCsv, escapeMarkdown, escapeTerminal } from "../report/escape.js";
import { type Column, DEFAULT_WIDTH, layoutTable, wrap } from "../report/terminal-text.js";
import { formatExpected, formatNumber, METRIC_INFO, VERDICT_LABELS } from "../report/words.js";
import { renderHistoryHtml } from "./render-history-html.js";
import { describeDrift, type HistoryTrends, type TrendSeries } from "./trends.js";

export const HISTORY_FORMAT_IDS = ["terminal", "json", "csv", "markdown", "html"] as const;
export type HistoryFormatId = (typeof HISTORY_FORMAT_IDS)[number];

export interface HistoryContext {
  color: ChalkInstance;
  /** the history file's name, as given */
  name: string;
  /** terminal cells per line (default 100) */
  width?: number;
}

type HistoryRenderer = (trends: HistoryTrends, context: HistoryContext) => string;

/** Every format of `fairaudit history`: one signature, returns a string; only the shell writes. */
export const HISTORY_RENDERERS = {
  terminal: renderHistoryTerminal,
  json: (trends) => `${JSON.stringify(trends, null, 2)}\n`,
  csv: renderHistoryCsv,
  markdown: renderHistoryMarkdown,
  html: renderHistoryHtml,
} as const satisfies Record<HistoryFormatId, HistoryRenderer>;

const BARS = "▁▂▃▄▅▆▇█";

/** A sparkline of the values (a gap where a run lacks the finding), scaled to their range. */
export function sparkline(values: readonly (number | null)[]): string {
  const defined = values.filter((v): v is number => v !== null);
  if (defined.length === 0) return "";
  const lo = Math.min(...defined);
  const hi = Math.max(...defined);
  return values
    .map((v) => {
      if (v === null) return " ";
      const at = hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1));
      return BARS[at] as string;
    })
    .join("");
}

function values(s: TrendSeries): (number | null)[] {
  return s.points.map((p) => p?.value ?? null);
}

function bound(s: TrendSeries): string {
  const expected: { min?: number; max?: number } = {};
  if (s.min !== undefined) expected.min = s.min;
  if (s.max !== undefined) expected.max = s.max;
  return formatExpected(s.comparison, expected);
}

function header(t: HistoryTrends): string {
  const first = t.runs[0]?.time ?? "—";
  const last = t.runs[t.runs.length - 1]?.time ?? "—";
  return `${t.runs.length} run(s) from ${first} to ${last}; ${t.drifting} finding(s) drifting toward their bound over the last ${t.driftRuns} runs`;
}

const SPARK_WIDTH = 24;

const HISTORY_COLUMNS: readonly Column[] = [
  { header: "attribute", kind: "label", head: true },
  { header: "group", kind: "label", head: true },
  { header: "metric", kind: "fixed", head: true },
  { header: "bound", kind: "fixed" },
  { header: "trend", kind: "fixed" },
  { header: "latest", kind: "fixed" },
  { header: "verdict", kind: "fixed" },
  { header: "rule", kind: "note", name: "rule" },
  { header: "drift", kind: "note", name: "" },
];

function renderHistoryTerminal(t: HistoryTrends, context: HistoryContext): string {
  const c = context.color;
  const width = context.width ?? DEFAULT_WIDTH;
  const out = [
    ...wrap(`fairaudit history — ${escapeTerminal(context.name)}`, "  ", width).map((l) =>
      c.bold(l),
    ),
    ...wrap(header(t), "  ", width),
  ];
  if (t.configChanged)
    out.push(...wrap("The configuration changed within these runs (config hash).", "  ", width));
  out.push("");
  const rows = t.series.map((s) => [
    escapeTerminal(s.attribute),
    escapeTerminal(s.group ?? "(all groups)"),
    METRIC_INFO[s.metric].short,
    bound(s),
    sparkline(values(s).slice(-SPARK_WIDTH)),
    formatNumber(s.latest?.value),
    s.latest ? VERDICT_LABELS[s.latest.verdict] : "—",
    escapeTerminal(s.rule),
    s.drift ? describeDrift(s.drift) : "",
  ]);
  const layout = layoutTable(HISTORY_COLUMNS, rows, width);
  out.push(...layout.header);
  t.series.forEach((s, i) => {
    for (const line of layout.rows[i] ?? [])
      out.push(
        s.latest?.verdict === "fail"
          ? c.red(line)
          : s.drift || s.latest?.verdict === "warn"
            ? c.yellow(line)
            : line,
      );
  });
  return `${out.join("\n")}\n`;
}

const CSV_COLUMNS = [
  "time",
  "run_verdict",
  "rule",
  "attribute",
  "group",
  "metric",
  "comparison",
  "value",
  "verdict",
] as const;

/** Tidy: one row per run × finding, ready for a spreadsheet or a plotting library. */
function renderHistoryCsv(t: HistoryTrends): string {
  const lines = [CSV_COLUMNS.join(",")];
  t.runs.forEach((run, i) => {
    for (const s of t.series) {
      const p = s.points[i];
      if (p === null || p === undefined) continue;
      lines.push(
        [
          escapeCsv(run.time),
          run.verdict,
          escapeCsv(s.rule),
          escapeCsv(s.attribute),
          escapeCsv(s.group ?? ""),
          s.metric,
          s.comparison,
          p.value === null ? "" : String(p.value),
          p.verdict,
        ].join(","),
      );
    }
  });
  return `${lines.join("\r\n")}\r\n`;
}

function renderHistoryMarkdown(t: HistoryTrends, context: HistoryContext): string {
  const out = [
    `### fairaudit history: ${escapeMarkdown(context.name)}`,
    "",
    escapeMarkdown(header(t)),
    "",
  ];
  if (t.configChanged) out.push("The configuration changed within these runs (config hash).", "");
  out.push(
    "| attribute | group | metric | rule | bound | trend | latest | verdict | drift |",
    "|---|---|---|---|---|---|--:|---|---|",
  );
  for (const s of t.series) {
    out.push(
      `| ${escapeMarkdown(s.attribute)} | ${escapeMarkdown(s.group ?? "(all groups)")} | ${METRIC_INFO[s.metric].short} | ${escapeMarkdown(s.rule)} | ${bound(s)} | ${sparkline(values(s).slice(-SPARK_WIDTH))} | ${formatNumber(s.latest?.value)} | ${s.latest ? VERDICT_LABELS[s.latest.verdict] : "—"} | ${s.drift ? `**${describeDrift(s.drift)}**` : ""} |`,
    );
  }
  return `${out.join("\n")}\n`;
}
