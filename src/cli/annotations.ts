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
      return `::${command} title=${escapeProperty(title)}::${escapeData(message)}`;
    });
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters (ANSI escapes) go
const CONTROLS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function escapeData(text: string): string {
  return text
    .replace(CONTROLS, "")
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
