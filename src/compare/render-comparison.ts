import type { ChalkInstance } from "chalk";
import { escapeCsv, escapeMarkdown, escapeTerminal } from "../report/escape.js";
import { type Column, DEFAULT_WIDTH, layoutTable, wrap } from "../report/terminal-text.js";
import { formatExpected, formatNumber, METRIC_INFO, VERDICT_LABELS } from "../report/words.js";
import {
  type ComparisonRow,
  isChanged,
  type ReportComparison,
  type VerdictMove,
} from "./compare-reports.js";

export const COMPARE_FORMAT_IDS = ["terminal", "json", "csv", "markdown"] as const;
export type CompareFormatId = (typeof COMPARE_FORMAT_IDS)[number];

export interface CompareContext {
  color: ChalkInstance;
  /** names of the two reports, as given */
  oldName: string;
  newName: string;
  /** terminal cells per line (default 100) */
  width?: number;
}

type CompareRenderer = (comparison: ReportComparison, context: CompareContext) => string;

/** Every format of `fairaudit compare`: one signature, returns a string; only the shell writes. */
export const COMPARE_RENDERERS = {
  terminal: renderComparisonTerminal,
  json: (comparison) => `${JSON.stringify(comparison, null, 2)}\n`,
  csv: renderComparisonCsv,
  markdown: renderComparisonMarkdown,
} as const satisfies Record<CompareFormatId, CompareRenderer>;

const MOVE_WORDS = {
  worse: "worse",
  better: "better",
  same: "same",
  added: "new",
  removed: "missing now",
} as const satisfies Record<VerdictMove, string>;

function ruleName(r: ComparisonRow): string {
  return r.changeRule === null ? r.rule : `${r.changeRule} (${r.rule})`;
}

function verdictMove(r: ComparisonRow): string {
  if (r.move === "added" || r.move === "removed")
    return `${MOVE_WORDS[r.move]}: ${VERDICT_LABELS[(r.new ?? r.old)?.verdict ?? "fail"]}`;
  const a = r.old ? VERDICT_LABELS[r.old.verdict] : "—";
  const b = r.new ? VERDICT_LABELS[r.new.verdict] : "—";
  return a === b ? a : `${a} → ${b}`;
}

function signed(x: number | null): string {
  if (x === null) return "—";
  return `${x > 0 ? "+" : ""}${formatNumber(x)}`;
}

function summaryLine(c: ReportComparison): string {
  const s = c.summary;
  return `${s.worse} worse, ${s.better} better, ${s.added} new, ${s.removed} missing now, ${s.same} same verdict`;
}

function verdictLine(c: ReportComparison): string {
  const a = VERDICT_LABELS[c.old.verdict];
  const b = VERDICT_LABELS[c.new.verdict];
  return a === b ? `Verdict: ${a} (unchanged)` : `Verdict: ${a} → ${b}`;
}

function configLine(c: ReportComparison): string | null {
  if (c.sameConfig === null) return null;
  return c.sameConfig
    ? "Same effective configuration (config hash)."
    : "The effective configuration differs (config hash): policy or settings changed.";
}

const COMPARE_COLUMNS: readonly Column[] = [
  { header: "verdict", kind: "fixed", head: true },
  { header: "attribute", kind: "label", head: true },
  { header: "group", kind: "label", head: true },
  { header: "metric", kind: "fixed", head: true },
  { header: "old", kind: "fixed" },
  { header: "new", kind: "fixed" },
  { header: "change", kind: "fixed" },
  { header: "rule", kind: "note", name: "rule" },
];

function renderComparisonTerminal(c: ReportComparison, context: CompareContext): string {
  const color = context.color;
  const width = context.width ?? DEFAULT_WIDTH;
  const changed = c.rows.filter(isChanged);
  const out = [
    ...wrap(
      `fairaudit compare — ${escapeTerminal(context.oldName)} → ${escapeTerminal(context.newName)}`,
      "  ",
      width,
    ).map((l) => color.bold(l)),
    ...wrap(`Findings: ${summaryLine(c)}`, "  ", width),
  ];
  const config = configLine(c);
  if (config !== null) out.push(...wrap(config, "  ", width));
  out.push("");
  if (changed.length === 0) out.push("  no finding changed");
  else {
    const layout = layoutTable(
      COMPARE_COLUMNS,
      changed.map((r) => [
        verdictMove(r),
        escapeTerminal(r.attribute),
        escapeTerminal(r.group ?? "(all groups)"),
        METRIC_INFO[r.metric].short,
        formatNumber(r.old?.value),
        formatNumber(r.new?.value),
        signed(r.change),
        escapeTerminal(ruleName(r)),
      ]),
      width,
    );
    out.push(...layout.header);
    changed.forEach((r, i) => {
      for (const line of layout.rows[i] ?? [])
        out.push(
          r.move === "worse" || r.move === "removed"
            ? color.red(line)
            : r.move === "better"
              ? color.green(line)
              : line,
        );
    });
    const same = c.rows.length - changed.length;
    if (same > 0) out.push(`  (${same} unchanged finding(s) not shown)`);
  }
  out.push("");
  out.push(...wrap(verdictLine(c), "  ", width).map((l) => color.bold(l)));
  return `${out.join("\n")}\n`;
}

const CSV_COLUMNS = [
  "attribute",
  "group",
  "metric",
  "comparison",
  "rule",
  "change_rule",
  "old_value",
  "new_value",
  "change",
  "old_verdict",
  "new_verdict",
  "move",
] as const;

function renderComparisonCsv(c: ReportComparison): string {
  const num = (x: number | null | undefined) => (x === null || x === undefined ? "" : String(x));
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of c.rows) {
    lines.push(
      [
        escapeCsv(r.attribute),
        escapeCsv(r.group ?? ""),
        r.metric,
        r.comparison,
        escapeCsv(r.rule),
        escapeCsv(r.changeRule ?? ""),
        num(r.old?.value),
        num(r.new?.value),
        num(r.change),
        r.old?.verdict ?? "",
        r.new?.verdict ?? "",
        r.move,
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

function renderComparisonMarkdown(c: ReportComparison, context: CompareContext): string {
  const changed = c.rows.filter(isChanged);
  const out = [
    `### fairaudit: ${escapeMarkdown(context.oldName)} → ${escapeMarkdown(context.newName)}`,
    "",
    `**${verdictLine(c)}** — ${summaryLine(c)}.`,
  ];
  const config = configLine(c);
  if (config !== null) out.push("", config);
  out.push("");
  if (changed.length === 0) out.push("No finding changed.");
  else {
    out.push(
      "| verdict | attribute | group | metric | rule | bound | old | new | change |",
      "|---|---|---|---|---|---|--:|--:|--:|",
    );
    for (const r of changed) {
      const move =
        r.move === "worse" || r.move === "removed" ? `**${verdictMove(r)}**` : verdictMove(r);
      out.push(
        `| ${move} | ${escapeMarkdown(r.attribute)} | ${escapeMarkdown(r.group ?? "(all groups)")} | ${METRIC_INFO[r.metric].short} | ${escapeMarkdown(ruleName(r))} | ${formatExpected(r.comparison, r.expected)} | ${formatNumber(r.old?.value)} | ${formatNumber(r.new?.value)} | ${signed(r.change)} |`,
      );
    }
    const same = c.rows.length - changed.length;
    if (same > 0) out.push("", `${same} unchanged finding(s) not shown.`);
  }
  out.push(
    "",
    `<sub>fairaudit ${escapeMarkdown(c.old.toolVersion)} → ${escapeMarkdown(c.new.toolVersion)}</sub>`,
  );
  return `${out.join("\n")}\n`;
}
