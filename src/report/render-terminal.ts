import type { ChalkInstance } from "chalk";
import type { AttributeResult, AuditResult, FindingResult } from "../result/audit-result.js";
import { escapeTerminal } from "./escape.js";
import { explainFinding, formatFound } from "./explain.js";
import { type Column, DEFAULT_WIDTH, layoutTable, tableLines, wrap } from "./terminal-text.js";
import {
  describeAdjustedGap,
  describeChange,
  describeNotice,
  EXCLUSION_WORDS,
  formatExpected,
  formatNumber,
  METRIC_INFO,
  REASON_WORDS,
  STRATEGY_WORDS,
  VERDICT_LABELS,
  verdictCaveats,
} from "./words.js";

type GroupDisparity = AttributeResult["groups"][number]["disparities"]["selection_rate"];

export interface TerminalOptions {
  color: ChalkInstance;
  /** the verdict line only */
  quiet?: boolean;
  /** terminal cells per line (default 100) */
  width?: number;
}

const FINDING_COLUMNS: readonly Column[] = [
  { header: "verdict", kind: "fixed", head: true },
  { header: "attribute", kind: "label", head: true },
  { header: "group", kind: "label", head: true },
  { header: "metric", kind: "fixed", head: true },
  { header: "expected", kind: "fixed" },
  { header: "found", kind: "fixed" },
  { header: "rule", kind: "note", name: "rule" },
  { header: "against / why", kind: "note", name: "" },
];

/** Explanations printed under the findings table; the rest are in the HTML and Markdown reports. */
const MAX_EXPLAINED = 8;

export function renderTerminal(result: AuditResult, options: TerminalOptions): string {
  const c = options.color;
  const width = options.width ?? DEFAULT_WIDTH;
  // The verdict stays one line whatever the width: scripts and CI logs look for it by its start.
  const verdictLine = renderVerdictLine(result, c);
  if (options.quiet) return `${verdictLine}\n`;
  const out: string[] = [];
  out.push(
    ...wrap(
      `fairaudit ${result.tool.version} — fairness audit of ${result.inputs.files.map((f) => escapeTerminal(f.name)).join(" + ")}`,
      "  ",
      width,
    ).map((l) => c.bold(l)),
  );
  out.push(...renderInputs(result, width));
  out.push("");
  out.push(...renderFindings(result, c, width));
  for (const attribute of result.attributes) {
    out.push("");
    out.push(...renderGroups(attribute, result, c, width));
  }
  if (result.inference !== undefined && result.attributes.length > 0) {
    out.push("");
    out.push(...wrap(legend(result), "  ", width));
  }
  if (result.notices.length > 0) {
    out.push("");
    out.push(c.bold("Notices"));
    for (const n of result.notices)
      out.push(...wrap(`  - ${escapeTerminal(describeNotice(n))}`, "    ", width));
  }
  out.push("");
  out.push(verdictLine);
  return `${out.join("\n")}\n`;
}

function renderInputs(result: AuditResult, width: number): string[] {
  const { rows, files, columnsRead } = result.inputs;
  const excluded = Object.entries(rows.excluded).filter(([, n]) => n > 0);
  const excludedText =
    excluded.length === 0
      ? "0 excluded"
      : `${excluded.reduce((a, [, n]) => a + n, 0)} excluded (${excluded
          .map(([k, n]) => `${EXCLUSION_WORDS[k as keyof typeof EXCLUSION_WORDS]}: ${n}`)
          .join(", ")})`;
  const lines = wrap(
    `Rows: ${rows.read} read, ${rows.outsideSegment > 0 ? `${rows.outsideSegment} outside the segment, ` : ""}${excludedText}, ${rows.audited} audited`,
    "  ",
    width,
  );
  for (const f of files) {
    const cols = columnsRead
      .filter((r) => r.file === f.name)
      .map((r) => `${escapeTerminal(r.column)} (${r.role})`);
    lines.push(
      ...wrap(
        `Columns read from ${escapeTerminal(f.name)}: ${cols.join(", ")} — no other column is used`,
        "  ",
        width,
      ),
    );
  }
  const p = result.policy;
  lines.push(
    ...wrap(
      `Policy: ${escapeTerminal(p.name)} (${escapeTerminal(p.source)}); minimum group size ${p.minGroupSize}`,
      "  ",
      width,
    ),
  );
  return lines;
}

function renderFindings(result: AuditResult, c: ChalkInstance, width: number): string[] {
  const shown = result.findings.filter((f) => f.verdict !== "pass");
  const lines = [
    c.bold(
      `Findings: ${result.counts.fail} failed, ${result.counts.warn} warnings, ${result.counts.inconclusive} inconclusive, ${result.counts.pass} passed`,
    ),
  ];
  if (shown.length === 0) {
    lines.push(
      result.findings.length === 0 ? "  no rule applied to this audit" : "  every finding passed",
    );
    return lines;
  }
  const rows = shown.map((f) => [
    VERDICT_LABELS[f.verdict],
    escapeTerminal(f.attribute),
    escapeTerminal(f.group ?? "(all groups)"),
    METRIC_INFO[f.metric].short,
    formatExpected(f.comparison, f.expected),
    // the interval goes with the reference and the p-value
    formatFound(f, false),
    // two rules on one metric and group (an error and a watch) differ only here
    escapeTerminal(f.rule),
    f.change
      ? describeChange(f.change, escapeTerminal(f.rule))
      : [
          f.reason
            ? REASON_WORDS[f.reason]
            : f.reference === null
              ? ""
              : `vs ${escapeTerminal(f.reference)}`,
          evidenceWords(f),
        ]
          .filter((s) => s !== "")
          .join("; "),
  ]);
  const layout = layoutTable(FINDING_COLUMNS, rows, width);
  lines.push(...layout.header);
  shown.forEach((f, i) => {
    for (const line of layout.rows[i] ?? []) lines.push(colourVerdict(f, line, c));
  });
  const explained = shown.filter((f) => f.verdict === "fail" || f.verdict === "warn");
  if (explained.length > 0) lines.push("");
  for (const f of explained.slice(0, MAX_EXPLAINED)) {
    lines.push(
      ...wrap(
        `  ${VERDICT_LABELS[f.verdict]}: ${escapeTerminal(explainFinding(f, result))}`,
        "        ",
        width,
      ),
    );
  }
  if (explained.length > MAX_EXPLAINED)
    lines.push(
      ...wrap(
        `  … ${explained.length - MAX_EXPLAINED} more explained in the HTML and Markdown reports`,
        "    ",
        width,
      ),
    );
  return lines;
}

/** "interval [0.78, 0.95], adjusted p 0.003" */
function evidenceWords(f: FindingResult): string {
  const parts: string[] = [];
  if (f.interval)
    parts.push(`interval [${formatNumber(f.interval.low)}, ${formatNumber(f.interval.high)}]`);
  if (f.pAdjusted !== undefined) parts.push(`adjusted p ${formatP(f.pAdjusted)}`);
  return parts.join(", ");
}

export function formatP(p: number): string {
  return p < 0.001 ? "< 0.001" : formatNumber(p, 3);
}

function colourVerdict(f: FindingResult, line: string, c: ChalkInstance): string {
  if (f.verdict === "fail") return c.red(line);
  if (f.verdict === "warn") return c.yellow(line);
  if (f.verdict === "inconclusive") return c.dim(line);
  return line;
}

function renderGroups(
  attribute: AttributeResult,
  result: AuditResult,
  c: ChalkInstance,
  width: number,
): string[] {
  const hasDecision = result.inputs.decision.kind !== "none";
  const hasLabel = result.inputs.label !== null;
  const hasPrice = result.inputs.priceColumn !== null;
  const reference = attribute.references.selection_rate ?? attribute.references.price_mean ?? "";
  const alpha = 1 - (result.inference?.confidence ?? 0.95);
  const label = (g: AttributeResult["groups"][number]) =>
    `${escapeTerminal(g.group)}${g.group === reference ? " (ref)" : ""}${g.suppressed ? " (withheld)" : g.small ? " (small)" : ""}`;
  const lines = wrap(
    `${c.bold(escapeTerminal(attribute.attribute))} — reference: ${escapeTerminal(reference)} (${STRATEGY_WORDS[attribute.strategy]})`,
    "  ",
    width,
  );
  const groupColumn: Column = { header: "group", kind: "label" };
  if (hasDecision) {
    const columns: Column[] = [groupColumn, { header: "n", kind: "fixed" }];
    columns.push(
      { header: "sel. rate", kind: "fixed" },
      { header: "ratio", kind: "fixed", name: "sel. ratio" },
    );
    if (hasLabel)
      columns.push(
        { header: "TPR", kind: "fixed" },
        { header: "ratio", kind: "fixed", name: "TPR ratio" },
        { header: "FPR", kind: "fixed" },
      );
    const rows = attribute.groups.map((g) => {
      const row = [label(g), g.n === null ? "—" : String(g.n)];
      row.push(
        formatNumber(g.metrics.selection_rate?.value),
        formatRatio(g.disparities.selection_rate, alpha),
      );
      if (hasLabel) {
        row.push(
          formatNumber(g.metrics.tpr?.value),
          formatRatio(g.disparities.tpr, alpha),
          formatNumber(g.metrics.fpr?.value),
        );
      }
      return row;
    });
    lines.push(...tableLines(layoutTable(columns, rows, width)));
  }
  if (hasPrice) {
    // Prices in a table of their own, so intervals fit within the width.
    const columns: Column[] = [
      groupColumn,
      { header: "priced", kind: "fixed" },
      { header: "mean price", kind: "fixed" },
      { header: "ratio", kind: "fixed", name: "mean ratio" },
      { header: "median price", kind: "fixed" },
      { header: "ratio", kind: "fixed", name: "median ratio" },
    ];
    const rows = attribute.groups.map((g) => [
      label(g),
      String(g.price?.count ?? 0),
      formatNumber(g.metrics.price_mean?.value, 2),
      formatRatio(g.disparities.price_mean, alpha),
      formatNumber(g.metrics.price_median?.value, 2),
      formatRatio(g.disparities.price_median, alpha),
    ]);
    lines.push(...tableLines(layoutTable(columns, rows, width)));
    const adjusted = describeAdjustedGap(attribute);
    if (adjusted !== null) lines.push(...wrap(escapeTerminal(adjusted), "    ", width));
  }
  if (attribute.consent) {
    const shares = attribute.consent.map(
      (s) =>
        `${escapeTerminal(s.group)} ${s.share === null ? "withheld" : formatNumber(s.share, 2)}`,
    );
    lines.push(...wrap(`  consented share: ${shares.join(", ")}`, "    ", width));
  }
  return lines;
}

/**
 * "0.86 [0.80, 0.93]*": ratio, its interval, * when significant after correction, † when the
 * interval and the unadjusted test disagree (they come from different inferences).
 */
export function formatRatio(d: GroupDisparity | undefined, alpha: number): string {
  if (d === undefined || d.ratio === null) return "—";
  const interval = d.ratioInterval
    ? ` [${formatNumber(d.ratioInterval.low, 2)}, ${formatNumber(d.ratioInterval.high, 2)}]`
    : "";
  const mark = d.pAdjusted !== undefined && d.pAdjusted < alpha ? "*" : "";
  const disagrees = d.agreement?.ratio === false ? "†" : "";
  return `${formatNumber(d.ratio, 2)}${interval}${mark}${disagrees}`;
}

function legend(result: AuditResult): string {
  const i = result.inference;
  if (i === undefined) return "";
  const level = `${Math.round(i.confidence * 1000) / 10}%`;
  const correction = i.correction === "holm" ? "Holm" : "Benjamini–Hochberg";
  const alpha = formatNumber(1 - i.confidence, 2);
  const marked = result.attributes.some((a) =>
    a.groups.some((g) => Object.values(g.disparities).some((d) => d?.agreement?.ratio === false)),
  );
  const dagger = marked
    ? `; †: the interval and the unadjusted p disagree at ${alpha} (e.g. Fisher's exact test, used for small counts, beside a score interval)`
    : "";
  return `[low, high]: ${level} intervals, each unadjusted; *: differs from the reference, adjusted p < ${alpha} (${correction}, ${i.comparisons} comparisons), so an interval can exclude 1 without a *${dagger}`;
}

export function renderVerdictLine(result: AuditResult, c: ChalkInstance): string {
  const { fail, warn, inconclusive, pass } = result.counts;
  const label = VERDICT_LABELS[result.verdict];
  const coloured =
    result.verdict === "fail"
      ? c.red.bold(label)
      : result.verdict === "warn"
        ? c.yellow.bold(label)
        : c.green.bold(label);
  const caveats = verdictCaveats(result);
  const note = caveats.length === 0 ? "" : ` (${caveats.join("; ")})`;
  return `Verdict: ${coloured} — ${fail} failed, ${warn} warning(s), ${inconclusive} inconclusive, ${pass} passed${note}`;
}
