import type { ChalkInstance } from "chalk";
import type { AttributeResult, AuditResult, FindingResult } from "../result/audit-result.js";
import { escapeTerminal } from "./escape.js";
import { explainFinding, formatFound } from "./explain.js";
import { alignTable, cut, WIDTH, wrap } from "./terminal-text.js";
import {
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
}

/** Explanations printed under the findings table; the rest are in the HTML and Markdown reports. */
const MAX_EXPLAINED = 8;

export function renderTerminal(result: AuditResult, options: TerminalOptions): string {
  const c = options.color;
  const verdictLine = renderVerdictLine(result, c);
  if (options.quiet) return `${verdictLine}\n`;
  const out: string[] = [];
  out.push(
    c.bold(
      `fairaudit ${result.tool.version} — fairness audit of ${result.inputs.files.map((f) => escapeTerminal(f.name)).join(" + ")}`,
    ),
  );
  out.push(...renderInputs(result));
  out.push("");
  out.push(...renderFindings(result, c));
  for (const attribute of result.attributes) {
    out.push("");
    out.push(...renderGroups(attribute, result, c));
  }
  if (result.inference !== undefined && result.attributes.length > 0) {
    out.push("");
    out.push(...wrap(legend(result), "  "));
  }
  if (result.notices.length > 0) {
    out.push("");
    out.push(c.bold("Notices"));
    for (const n of result.notices) out.push(`  - ${escapeTerminal(describeNotice(n))}`);
  }
  out.push("");
  out.push(verdictLine);
  return `${out.join("\n")}\n`;
}

function renderInputs(result: AuditResult): string[] {
  const { rows, files, columnsRead } = result.inputs;
  const excluded = Object.entries(rows.excluded).filter(([, n]) => n > 0);
  const excludedText =
    excluded.length === 0
      ? "0 excluded"
      : `${excluded.reduce((a, [, n]) => a + n, 0)} excluded (${excluded
          .map(([k, n]) => `${EXCLUSION_WORDS[k as keyof typeof EXCLUSION_WORDS]}: ${n}`)
          .join(", ")})`;
  const lines = [
    `Rows: ${rows.read} read, ${rows.outsideSegment > 0 ? `${rows.outsideSegment} outside the segment, ` : ""}${excludedText}, ${rows.audited} audited`,
  ];
  for (const f of files) {
    const cols = columnsRead
      .filter((r) => r.file === f.name)
      .map((r) => `${escapeTerminal(r.column)} (${r.role})`);
    lines.push(
      ...wrap(
        `Columns read from ${escapeTerminal(f.name)}: ${cols.join(", ")} — no other column is used`,
        "  ",
      ),
    );
  }
  const p = result.policy;
  lines.push(
    `Policy: ${escapeTerminal(p.name)} (${escapeTerminal(p.source)}); minimum group size ${p.minGroupSize}`,
  );
  return lines;
}

function renderFindings(result: AuditResult, c: ChalkInstance): string[] {
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
    cut(escapeTerminal(f.attribute), 14),
    cut(escapeTerminal(f.group ?? "(all groups)"), 18),
    METRIC_INFO[f.metric].short,
    formatExpected(f.comparison, f.expected),
    // the interval goes on the finding's second line, with the p-value
    formatFound(f, false),
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
  // The last column moves to a line of its own when the row would not fit the width.
  const table = alignTable(
    ["verdict", "attribute", "group", "metric", "expected", "found"],
    rows.map((r) => r.slice(0, -1)),
  );
  const width = Math.max(...table.map((l) => l.length));
  const fits = (i: number) => width + 2 + (rows[i]?.[6] ?? "").length <= WIDTH;
  const all = shown.every((_, i) => fits(i));
  lines.push(all ? `${(table[0] as string).padEnd(width)}  against / why` : (table[0] as string));
  shown.forEach((f, i) => {
    const last = rows[i]?.[6] ?? "";
    const row = table[i + 1] as string;
    if (all) lines.push(colourVerdict(f, `${row.padEnd(width)}  ${last}`, c));
    else {
      lines.push(colourVerdict(f, row, c));
      if (last !== "") lines.push(colourVerdict(f, `      ${last}`.slice(0, WIDTH), c));
    }
  });
  const explained = shown.filter((f) => f.verdict === "fail" || f.verdict === "warn");
  if (explained.length > 0) lines.push("");
  for (const f of explained.slice(0, MAX_EXPLAINED)) {
    lines.push(
      ...wrap(
        `  ${VERDICT_LABELS[f.verdict]}: ${escapeTerminal(explainFinding(f, result))}`,
        "        ",
      ),
    );
  }
  if (explained.length > MAX_EXPLAINED)
    lines.push(
      `  … ${explained.length - MAX_EXPLAINED} more explained in the HTML and Markdown reports`,
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

function renderGroups(attribute: AttributeResult, result: AuditResult, c: ChalkInstance): string[] {
  const hasDecision = result.inputs.decision.kind !== "none";
  const hasLabel = result.inputs.label !== null;
  const hasPrice = result.inputs.priceColumn !== null;
  const reference = attribute.references.selection_rate ?? attribute.references.price_mean ?? "";
  const alpha = 1 - (result.inference?.confidence ?? 0.95);
  const label = (g: AttributeResult["groups"][number]) =>
    `${cut(escapeTerminal(g.group), 28)}${g.group === reference ? " (ref)" : ""}${g.suppressed ? " (withheld)" : g.small ? " (small)" : ""}`;
  const lines = [
    `${c.bold(escapeTerminal(attribute.attribute))} — reference: ${escapeTerminal(reference)} (${STRATEGY_WORDS[attribute.strategy]})`,
  ];
  if (hasDecision || hasLabel) {
    const header = ["group", "n"];
    if (hasDecision) header.push("sel. rate", "ratio");
    if (hasDecision && hasLabel) header.push("TPR", "ratio", "FPR");
    const rows = attribute.groups.map((g) => {
      const row = [label(g), g.n === null ? "—" : String(g.n)];
      if (hasDecision) {
        row.push(
          formatNumber(g.metrics.selection_rate?.value),
          formatRatio(g.disparities.selection_rate, alpha),
        );
      }
      if (hasDecision && hasLabel) {
        row.push(
          formatNumber(g.metrics.tpr?.value),
          formatRatio(g.disparities.tpr, alpha),
          formatNumber(g.metrics.fpr?.value),
        );
      }
      return row;
    });
    if (hasDecision) lines.push(...alignTable(header, rows));
  }
  if (hasPrice) {
    // Prices in a table of their own, so intervals fit within the width.
    const header = ["group", "priced", "mean price", "ratio", "median price", "ratio"];
    const rows = attribute.groups.map((g) => [
      label(g),
      String(g.price?.count ?? 0),
      formatNumber(g.metrics.price_mean?.value, 2),
      formatRatio(g.disparities.price_mean, alpha),
      formatNumber(g.metrics.price_median?.value, 2),
      formatRatio(g.disparities.price_median, alpha),
    ]);
    lines.push(...alignTable(header, rows));
    const adjusted = attribute.groups.flatMap((g) => {
      const a = g.disparities.price_mean?.adjusted;
      return a === undefined
        ? []
        : [
            `${escapeTerminal(g.group)} ${signed(a.difference)} [${signed(a.low)}, ${signed(a.high)}]`,
          ];
    });
    const first = attribute.groups.find((g) => g.disparities.price_mean?.adjusted)?.disparities
      .price_mean?.adjusted;
    if (first !== undefined) {
      lines.push(
        ...wrap(
          `mean-price gap to ${escapeTerminal(attribute.references.price_mean ?? "")} at equal ${[...new Set(first.factors.map((f) => escapeTerminal(f.split(" = ")[0] ?? f)))].join(", ")} (least squares, ${first.rows} rows): ${adjusted.join("; ")}`,
          "    ",
        ),
      );
    }
  }
  if (attribute.consent) {
    const shares = attribute.consent.map(
      (s) =>
        `${escapeTerminal(s.group)} ${s.share === null ? "withheld" : formatNumber(s.share, 2)}`,
    );
    lines.push(...wrap(`  consented share: ${shares.join(", ")}`, "    "));
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

function signed(x: number): string {
  const text = formatNumber(x, 2);
  return x > 0 ? `+${text}` : text;
}
