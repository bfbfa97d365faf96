import type { ChalkInstance } from "chalk";
import type { AttributeResult, AuditResult, FindingResult } from "./audit-result.js";
import { explainFinding, formatFound } from "./explain.js";
import {
  describeNotice,
  EXCLUSION_WORDS,
  formatExpected,
  formatNumber,
  METRIC_INFO,
  REASON_WORDS,
  STRATEGY_WORDS,
  VERDICT_LABELS,
} from "./words.js";

export interface TerminalOptions {
  color: ChalkInstance;
  /** the verdict line only */
  quiet?: boolean;
}

const WIDTH = 100;
/** Explanations printed under the findings table; the rest are in the HTML and Markdown reports. */
const MAX_EXPLAINED = 8;

/** A cell cut to `max` characters so one long group name cannot push the table past WIDTH. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Data-derived text is inert on a terminal: control characters (ANSI escapes included) go. */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}

export function renderTerminal(result: AuditResult, options: TerminalOptions): string {
  const c = options.color;
  const verdictLine = renderVerdictLine(result, c);
  if (options.quiet) return `${verdictLine}\n`;
  const out: string[] = [];
  out.push(
    c.bold(
      `fairaudit ${result.tool.version} — fairness audit of ${result.inputs.files.map((f) => plain(f.name)).join(" + ")}`,
    ),
  );
  out.push(...renderInputs(result));
  out.push("");
  out.push(...renderFindings(result, c));
  for (const attribute of result.attributes) {
    out.push("");
    out.push(...renderGroups(attribute, result, c));
  }
  if (result.notices.length > 0) {
    out.push("");
    out.push(c.bold("Notices"));
    for (const n of result.notices) out.push(`  - ${describeNotice(n)}`);
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
      .map((r) => `${plain(r.column)} (${r.role})`);
    lines.push(
      ...wrap(
        `Columns read from ${plain(f.name)}: ${cols.join(", ")} — no other column is used`,
        "  ",
      ),
    );
  }
  const p = result.policy;
  lines.push(`Policy: ${plain(p.name)} (${plain(p.source)}); minimum group size ${p.minGroupSize}`);
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
    lines.push("  every finding passed");
    return lines;
  }
  const rows = shown.map((f) => [
    VERDICT_LABELS[f.verdict],
    cut(plain(f.attribute), 14),
    cut(plain(f.group ?? "(all groups)"), 18),
    METRIC_INFO[f.metric].short,
    formatExpected(f.comparison, f.expected),
    formatFound(f),
    f.reason ? REASON_WORDS[f.reason] : f.reference === null ? "" : `vs ${plain(f.reference)}`,
  ]);
  const table = alignTable(
    ["verdict", "attribute", "group", "metric", "expected", "found", "against / why"],
    rows,
  );
  lines.push(table[0] as string);
  shown.forEach((f, i) => {
    const line = table[i + 1] as string;
    lines.push(colourVerdict(f, line, c));
  });
  const explained = shown.filter((f) => f.verdict === "fail" || f.verdict === "warn");
  if (explained.length > 0) lines.push("");
  for (const f of explained.slice(0, MAX_EXPLAINED)) {
    lines.push(
      ...wrap(`  ${VERDICT_LABELS[f.verdict]}: ${plain(explainFinding(f, result))}`, "        "),
    );
  }
  if (explained.length > MAX_EXPLAINED)
    lines.push(
      `  … ${explained.length - MAX_EXPLAINED} more explained in the HTML and Markdown reports`,
    );
  return lines;
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
  const header = ["group", "n"];
  if (hasDecision) header.push("sel. rate", "ratio");
  if (hasDecision && hasLabel) header.push("TPR", "ratio", "FPR");
  if (hasPrice) header.push("mean price", "ratio");
  const rows = attribute.groups.map((g) => {
    const marks = `${g.group === reference ? " (ref)" : ""}${g.small ? " (small)" : ""}`;
    const row = [`${cut(plain(g.group), 28)}${marks}`, String(g.n)];
    if (hasDecision) {
      row.push(
        formatNumber(g.metrics.selection_rate?.value),
        formatNumber(g.disparities.selection_rate?.ratio, 2),
      );
    }
    if (hasDecision && hasLabel) {
      row.push(
        formatNumber(g.metrics.tpr?.value),
        formatNumber(g.disparities.tpr?.ratio, 2),
        formatNumber(g.metrics.fpr?.value),
      );
    }
    if (hasPrice) {
      row.push(
        formatNumber(g.metrics.price_mean?.value, 2),
        formatNumber(g.disparities.price_mean?.ratio, 2),
      );
    }
    return row;
  });
  return [
    `${c.bold(plain(attribute.attribute))} — reference: ${plain(reference)} (${STRATEGY_WORDS[attribute.strategy]})`,
    ...alignTable(header, rows),
  ];
}

/** Columns padded to their widest cell; the last column is truncated to keep within WIDTH. */
export function alignTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map((r) => {
    const line = `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")}`;
    return line.length > WIDTH ? `${line.slice(0, WIDTH - 1)}…` : line;
  });
}

function wrap(text: string, indent: string): string[] {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line !== "" && line.length + 1 + w.length > WIDTH) {
      lines.push(line);
      line = indent + w;
    } else line = line === "" ? w : `${line} ${w}`;
  }
  if (line !== "") lines.push(line);
  return lines;
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
  return `Verdict: ${coloured} — ${fail} failed, ${warn} warning(s), ${inconclusive} inconclusive, ${pass} passed`;
}
