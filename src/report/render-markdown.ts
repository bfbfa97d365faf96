import type { AttributeResult, AuditResult, FindingResult } from "../result/audit-result.js";
import { escapeMarkdown } from "./escape.js";
import { explainFinding, formatFound } from "./explain.js";
import {
  describeAdjustedGap,
  describeNotice,
  describeRun,
  EXCLUSION_WORDS,
  formatExpected,
  formatNumber,
  METRIC_INFO,
  VERDICT_LABELS,
  verdictCaveats,
} from "./words.js";

/** GitHub rejects comments over 65,536 characters; stay clearly below it. */
export const MARKDOWN_LIMIT = 60_000;

const VERDICT_MARKS = { fail: "❌", warn: "⚠️", inconclusive: "❔", pass: "✅" } as const;

interface Caps {
  findings: number;
  explanations: number;
  groups: number;
}

/**
 * A pull-request comment: the verdict in one line, the failing and warning findings in a compact
 * table, everything else collapsed. With many groups the tables are cut (and say so) until the
 * comment fits GitHub's limit.
 */
export function renderMarkdown(result: AuditResult): string {
  let caps: Caps = { findings: 200, explanations: 200, groups: 100 };
  for (;;) {
    const text = renderWithCaps(result, caps);
    if (text.length <= MARKDOWN_LIMIT || caps.findings <= 5) return text;
    caps = {
      findings: Math.floor(caps.findings / 2),
      explanations: Math.floor(caps.explanations / 2),
      groups: Math.floor(caps.groups / 2),
    };
  }
}

function renderWithCaps(result: AuditResult, caps: Caps): string {
  const out: string[] = [verdictLine(result), ""];
  const flagged = result.findings.filter((f) => f.verdict === "fail" || f.verdict === "warn");
  if (flagged.length === 0) out.push("No failing or warning findings.", "");
  else out.push(...findingsTable(flagged, caps.findings), "");

  const explained = result.findings.filter((f) => f.verdict !== "pass");
  if (explained.length > 0) {
    out.push(
      ...details(
        `What the findings mean (${explained.length})`,
        listCapped(
          explained.map(
            (f) =>
              `- **${VERDICT_LABELS[f.verdict]}** ${escapeMarkdown(explainFinding(f, result))}`,
          ),
          caps.explanations,
        ),
      ),
    );
  }
  for (const attribute of result.attributes) {
    out.push(
      ...details(
        `Groups of ${escapeMarkdown(attribute.attribute)}`,
        groupTable(attribute, caps.groups),
      ),
    );
  }
  out.push(...details("Inputs, policy and notices", inputs(result)));
  return `${out.join("\n").trimEnd()}\n`;
}

function verdictLine(result: AuditResult): string {
  const c = result.counts;
  return `**${VERDICT_MARKS[result.verdict]} fairaudit: ${VERDICT_LABELS[result.verdict]}** — ${c.fail} failed, ${c.warn} warning(s), ${c.inconclusive} inconclusive, ${c.pass} passed · ${result.inputs.rows.audited.toLocaleString("en-US")} rows audited · policy ${escapeMarkdown(result.policy.name)}${verdictCaveats(
    result,
  )
    .map((c) => ` · **${c}**`)
    .join("")}`;
}

function findingsTable(findings: readonly FindingResult[], cap: number): string[] {
  const rows = findings
    .slice(0, cap)
    .map((f) =>
      row([
        `${VERDICT_MARKS[f.verdict]} ${VERDICT_LABELS[f.verdict]}`,
        escapeMarkdown(f.rule),
        escapeMarkdown(f.attribute),
        escapeMarkdown(f.group ?? "all groups"),
        escapeMarkdown(f.reference ?? "—"),
        escapeMarkdown(formatExpected(f.comparison, f.expected)),
        escapeMarkdown(formatFound(f)),
      ]),
    );
  const more = findings.length - rows.length;
  return [
    row(["verdict", "rule", "attribute", "group", "vs", "expected", "found"]),
    row(["---", "---", "---", "---", "---", "---", "---:"]),
    ...rows,
    ...(more > 0 ? ["", `… and ${more} more: see the HTML or JSON report.`] : []),
  ];
}

function groupTable(attribute: AttributeResult, cap: number): string[] {
  const reference = attribute.references.selection_rate;
  const shown = attribute.groups.slice(0, cap).map((g) => {
    const marks = `${g.group === reference ? " (reference)" : ""}${g.small ? " (small)" : ""}`;
    return row([
      `${escapeMarkdown(g.group)}${marks}`,
      String(g.n),
      formatNumber(g.metrics.selection_rate?.value),
      formatNumber(g.disparities.selection_rate?.ratio, 2),
      formatNumber(g.metrics.tpr?.value),
      formatNumber(g.metrics.price_mean?.value, 2),
    ]);
  });
  const more = attribute.groups.length - shown.length;
  return [
    `Reference: ${escapeMarkdown(reference ?? "—")} (${attribute.strategy}).`,
    "",
    row(["group", "n", "selection rate", "ratio", "TPR", "mean price"]),
    row(["---", "---:", "---:", "---:", "---:", "---:"]),
    ...shown,
    ...(more > 0 ? ["", `… and ${more} more groups.`] : []),
    ...adjustedGap(attribute, cap),
  ];
}

function adjustedGap(attribute: AttributeResult, cap: number): string[] {
  const sentence = describeAdjustedGap(attribute, cap);
  return sentence === null ? [] : ["", `${escapeMarkdown(sentence)}.`];
}

function inputs(result: AuditResult): string[] {
  const { rows, files, columnsRead } = result.inputs;
  const excluded = Object.entries(rows.excluded)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${EXCLUSION_WORDS[k as keyof typeof EXCLUSION_WORDS]}: ${n}`);
  const lines = [
    `- Files: ${files.map((f) => `${escapeMarkdown(f.name)} (${f.role}, ${f.rows.toLocaleString("en-US")} rows)`).join(", ")}`,
    `- Rows: ${rows.read} read, ${rows.outsideSegment} outside the segment, ${excluded.length === 0 ? "none excluded" : `excluded: ${excluded.join(", ")}`}, ${rows.audited} audited`,
    `- Columns read: ${columnsRead.map((c) => `${escapeMarkdown(c.column)} (${c.role})`).join(", ")}; no other column is used`,
    `- Policy: ${escapeMarkdown(result.policy.name)} (${escapeMarkdown(result.policy.source)}), minimum group size ${result.policy.minGroupSize}; rules: ${result.policy.rules
      .map(
        (r) =>
          `${escapeMarkdown(r.id)} (${METRIC_INFO[r.metric].short} ${escapeMarkdown(formatExpected(r.comparison, r))})`,
      )
      .join(", ")}`,
    `- Run: ${escapeMarkdown(describeRun(result.run))}`,
    `- Tool: fairaudit ${escapeMarkdown(result.tool.version)}, report schema ${result.schemaVersion}`,
  ];
  for (const s of result.policy.skipped) {
    lines.push(`- Rule ${escapeMarkdown(s.rule)} skipped: ${s.reason.replaceAll("_", " ")}`);
  }
  for (const n of result.notices) lines.push(`- Notice: ${escapeMarkdown(describeNotice(n))}`);
  return lines;
}

function details(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${summary}</summary>`, "", ...body, "", "</details>", ""];
}

function listCapped(lines: readonly string[], cap: number): string[] {
  const more = lines.length - cap;
  return more > 0 ? [...lines.slice(0, cap), `- … and ${more} more`] : [...lines];
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}
