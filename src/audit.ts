import { readAggregates } from "./aggregates/read-aggregates.js";
import type { AuditPlan } from "./config/resolve-plan.js";
import { assembleResult } from "./core/assemble-result.js";
import { loadFiles } from "./io/load-files.js";
import { checkExclusions } from "./policy/exclusion-limit.js";
import type { AuditResult } from "./report/audit-result.js";

/** The orchestrator: load (the only I/O), then the pure measure → evaluate → result. */
export async function runAudit(plan: AuditPlan): Promise<AuditResult> {
  const loaded = await loadFiles(plan.load);
  const data = loaded.files.find((f) => f.role === "data")?.name ?? plan.load.data;
  checkExclusions(loaded.tally, plan.policy.maxExcludedShare, data, loaded.hasPrice);
  return assembleResult(plan, loaded);
}

/** The same audit from per-group aggregates a database computed (docs/aggregates.md). */
export async function runAuditFromAggregates(
  plan: AuditPlan,
  files: readonly string[],
): Promise<AuditResult> {
  return assembleResult(plan, await readAggregates(files, plan));
}
