import type { AuditResult } from "../result/audit-result.js";
import { HISTORY_VERSION, type HistoryEntry, type HistoryFinding } from "./history-schema.js";

/** Pure: the compact history line of one run. */
export function historyEntry(result: AuditResult, time: string): HistoryEntry {
  return {
    v: HISTORY_VERSION,
    time,
    tool: result.tool.version,
    configHash: result.run?.configHash ?? null,
    inputs: result.inputs.files.map((f) => ({
      role: f.role,
      name: f.name,
      sha256: f.sha256 ?? null,
      rows: f.rows,
    })),
    rows: { read: result.inputs.rows.read, audited: result.inputs.rows.audited },
    verdict: result.verdict,
    findings: result.findings.map((f) => {
      const out: HistoryFinding = {
        rule: f.rule,
        attribute: f.attribute,
        group: f.group,
        metric: f.metric,
        comparison: f.comparison,
        value: f.actual,
        verdict: f.verdict,
      };
      if (f.change?.rule !== undefined) out.change = f.change.rule;
      if (f.expected.min !== undefined) out.min = f.expected.min;
      if (f.expected.max !== undefined) out.max = f.expected.max;
      return out;
    }),
  };
}

/** One line of JSON Lines, newline-terminated. */
export function formatHistoryLine(entry: HistoryEntry): string {
  return `${JSON.stringify(entry)}\n`;
}
