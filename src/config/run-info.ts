import { createHash } from "node:crypto";
import { basename } from "node:path";
import { UserError } from "../errors.js";
import type { AuditResult } from "../result/audit-result.js";
import { canonicalJson } from "./canonical-json.js";
import type { AuditPlan } from "./resolve-plan.js";

export type RunInfo = NonNullable<AuditResult["run"]>;

/**
 * sha256 of the effective plan (after defaults): what was audited and how. Paths become file
 * names so the hash does not depend on the machine; output formats and the output directory
 * are left out because they change how the result is written, not the result; so is the
 * number of threads, which changes how fast, not what.
 */
export function configHash(plan: AuditPlan): string {
  const { formats: _formats, out: _out, ...rest } = plan;
  const { threads: _threads, ...loadRest } = rest.load;
  const load = { ...loadRest, data: basename(rest.load.data) };
  if (load.moreData) load.moreData = load.moreData.map((f) => basename(f));
  if (load.predictions)
    load.predictions = { ...load.predictions, path: basename(load.predictions.path) };
  const text = canonicalJson({ ...rest, load });
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The run's timestamp: SOURCE_DATE_EPOCH (reproducible-builds.org) when set, else `now`;
 * none at all when `timestamp` is false.
 */
export function generatedAt(env: Readonly<Record<string, string | undefined>>, now: Date): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return now.toISOString();
  if (!/^\d+$/.test(epoch.trim())) {
    throw new UserError(
      "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01",
      {},
      "usage",
    );
  }
  return new Date(Number(epoch.trim()) * 1000).toISOString();
}

export function runInfo(
  plan: AuditPlan,
  options: { env: Readonly<Record<string, string | undefined>>; now: Date; timestamp: boolean },
): RunInfo {
  const info: RunInfo = { configHash: configHash(plan), seed: plan.seed };
  if (options.timestamp) info.generatedAt = generatedAt(options.env, options.now);
  return info;
}
