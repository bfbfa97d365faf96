import type { AuditResult } from "../result/audit-result.js";

/** The machine-readable report (schema/report.schema.json). Deterministic: same result, same bytes. */
export function renderJson(result: AuditResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
