import { readAggregates } from "./aggregates/read-aggregates.js";
import type { AuditPlan } from "./config/resolve-plan.js";
import { loadFiles } from "./io/load-files.js";
import { checkExclusions } from "./policy/exclusion-limit.js";
import type { AuditResult } from "./report/audit-result.js";

/** The orchestrator: load (the only I/O), then the pure measure → evaluate → result. */
export async function runAudit(plan: AuditPlan): Promise<AuditResult> {
  // The statistics (and their libraries) load while the data is read: start-up is not delayed.
  const assembling = import("./core/assemble-result.js");
  const loaded = await loadFiles(plan.load);
  const data = loaded.files.find((f) => f.role === "data")?.name ?? plan.load.data;
  checkExclusions(loaded.tally, plan.policy.maxExcludedShare, data, loaded.hasPrice);
  const { assembleResult } = await assembling;
  return assembleResult(plan, loaded);
}

/** The same audit from per-group aggregates a database computed (docs/aggregates.md). */
export async function runAuditFromAggregates(
  plan: AuditPlan,
  files: readonly string[],
): Promise<AuditResult> {
  const { assembleResult } = await import("./core/assemble-result.js");
  return assembleResult(plan, await readAggregates(files, plan));
}
