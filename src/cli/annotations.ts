import { escapeWorkflowData, escapeWorkflowProperty } from "../report/escape.js";
import { explainFinding, findingHeadline } from "../report/explain.js";
import type { AuditResult } from "../result/audit-result.js";

/**
 * GitHub Actions workflow commands for failing and warning findings, shown on the run's
 * summary. Escaping follows @actions/core (toolkit/packages/core/src/command.ts): data escapes
 * % \r \n; properties also escape : and , — so a group name cannot end the command early or
 * forge another one.
 */
export function renderAnnotations(result: AuditResult): string {
  const lines = result.findings
    .filter((f) => f.verdict === "fail" || f.verdict === "warn")
    .map((f) => {
      const command = f.verdict === "fail" ? "error" : "warning";
      const title = `fairaudit ${f.rule}: ${f.attribute}${f.group === null ? "" : ` / ${f.group}`}`;
      const message = `${findingHeadline(f)} — ${explainFinding(f, result)}`;
      return `::${command} title=${escapeWorkflowProperty(title)}::${escapeWorkflowData(message)}`;
    });
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
