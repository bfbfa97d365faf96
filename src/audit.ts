import type { AuditPlan } from "./config/resolve-plan.js";
import { UserError } from "./errors.js";
import { loadFiles } from "./io/load-files.js";
import type { LoadResult } from "./io/load-table.js";
import { checkExclusions } from "./policy/exclusion-limit.js";
import { exclusionProblemText } from "./report/words.js";
import type { AuditResult } from "./result/audit-result.js";
import { readAggregates } from "./warehouse/read-aggregates.js";

/** The two stages of an audit, as `--verbose` and the benchmark time them. */
export type AuditStage = "data" | "statistics";

/** Told how long each stage took (wall-clock seconds), in order. */
export type OnStage = (stage: AuditStage, seconds: number) => void;

/** The orchestrator: load (the only I/O), then the pure measure → evaluate → result. */
export async function runAudit(plan: AuditPlan, onStage?: OnStage): Promise<AuditResult> {
  // The statistics (and their libraries) load while the data is read: start-up is not delayed.
  const assembling = import("./result/assemble-result.js");
  const clock = stageClock(onStage);
  const loaded = await loadFiles(plan.load);
  refuseExclusions(plan, loaded);
  clock("data");
  const { assembleResult } = await assembling;
  const result = assembleResult(plan, loaded);
  clock("statistics");
  return result;
}

/** The same audit from per-group aggregates a database computed (docs/aggregates.md). */
export async function runAuditFromAggregates(
  plan: AuditPlan,
  files: readonly string[],
  onStage?: OnStage,
): Promise<AuditResult> {
  const clock = stageClock(onStage);
  const { assembleResult } = await import("./result/assemble-result.js");
  const loaded = await readAggregates(files, plan.load);
  // The same limit as for rows: aggregates of the same data must not pass where rows do not.
  refuseExclusions(plan, loaded);
  clock("data");
  const result = assembleResult(plan, loaded);
  clock("statistics");
  return result;
}

/** Too many rows excluded for data problems (`maxExcludedShare`), or none audited: exit 2. */
function refuseExclusions(plan: AuditPlan, loaded: LoadResult): void {
  const data = loaded.files.find((f) => f.role === "data")?.name ?? plan.load.data;
  const problem = checkExclusions(
    loaded.tally,
    plan.policy.maxExcludedShare,
    loaded.hasPrice,
    plan.scoredOnly,
  );
  if (problem !== null) {
    const code = problem.kind === "no_rows" ? "no_rows" : "too_many_exclusions";
    throw new UserError(exclusionProblemText(problem), { file: data }, code);
  }
}

/** Reports each stage's seconds since the previous one ended (or since this call). */
function stageClock(onStage: OnStage | undefined): (stage: AuditStage) => void {
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    onStage?.(stage, (now - last) / 1000);
    last = now;
  };
}
