/**
 * The programmatic audit: the same steps as `fairaudit audit`, from options instead of flags.
 * Everything a caller can get wrong is a `UserError` with a code and a location, as on the
 * command line; nothing is printed and nothing is written.
 */
import { createHash } from "node:crypto";
import { isAbsolute, resolve } from "node:path";
import { type OnStage, runAudit, runAuditFromAggregates } from "../audit.js";
import type { AuditConfig } from "../config/config-schema.js";
import {
  loadConfigFile,
  mergeConfig,
  type PartialConfig,
  resolvePaths,
} from "../config/load-config.js";
import { loadPolicy } from "../config/load-policy.js";
import { type AuditPlan, resolvePlan } from "../config/resolve-plan.js";
import { runInfo } from "../config/run-info.js";
import { UserError } from "../errors.js";
import type { ProgressCallback } from "../io/load-spec.js";
import { applyBaseline, type BaselineSource } from "../result/apply-baseline.js";
import { type AuditResult, auditResultSchema } from "../result/audit-result.js";
import { loadBaseline } from "../result/load-baseline.js";

/** The audit's settings: the config file's keys (docs/config, `fairaudit schema config`), plus: */
export interface AuditOptions extends PartialConfig {
  /** a config file (YAML or JSON) to start from; the keys given here win over its keys */
  config?: string;
  /** the folder relative paths given here are resolved from (default: the process's cwd) */
  cwd?: string;
  /** per-group aggregates a database computed (`fairaudit sql`) instead of the rows */
  aggregates?: readonly string[];
  /**
   * the previous release's JSON report, as a path or as a parsed result, for the policy's change
   * rules (without one, change rules are skipped and the result says so)
   */
  baseline?: string | AuditResult;
  /** record when the audit ran in `run.generatedAt` (default true; SOURCE_DATE_EPOCH wins) */
  timestamp?: boolean;
  /** told how many bytes of the data have been read */
  onProgress?: ProgressCallback;
  /** told how long each stage took */
  onStage?: OnStage;
}

/** The settings after the config file, the options and the policy's defaults are combined. */
export interface PreparedAudit {
  config: AuditConfig;
  plan: AuditPlan;
}

const OWN_KEYS = [
  "config",
  "cwd",
  "aggregates",
  "baseline",
  "timestamp",
  "onProgress",
  "onStage",
] as const;

/** Combines a config file and options into the plan an audit runs (validated once). */
export async function prepareAudit(options: AuditOptions): Promise<PreparedAudit> {
  const cwd = options.cwd ?? process.cwd();
  const fileConfig =
    options.config === undefined ? undefined : await loadConfigFile(resolve(cwd, options.config));
  const given: Record<string, unknown> = { ...options };
  for (const key of OWN_KEYS) delete given[key];
  const aggregates = options.aggregates?.map((f) => resolve(cwd, f));
  if (given.data === undefined && fileConfig?.data === undefined && aggregates?.[0] !== undefined) {
    given.data = aggregates[0];
  }
  const config = mergeConfig(
    fileConfig,
    resolvePaths(given as PartialConfig, cwd),
    options.config ?? "options",
  );
  const policy = await loadPolicy(config.policy, config.decisionMeaning);
  return { config, plan: resolvePlan(config, policy) };
}

/**
 * Audits a data set: reads the data (or the aggregates), measures, infers, evaluates the policy
 * and, with a baseline, the change rules. The result is the JSON report's content
 * (`schema/report.schema.json`); `renderReport` turns it into any report format.
 */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  const { plan } = await prepareAudit(options);
  const cwd = options.cwd ?? process.cwd();
  const baseline = await baselineSource(options.baseline, cwd);
  const load =
    options.onProgress === undefined ? plan.load : { ...plan.load, onProgress: options.onProgress };
  const audited =
    options.aggregates === undefined
      ? await runAudit({ ...plan, load }, options.onStage)
      : await runAuditFromAggregates(
          plan,
          options.aggregates.map((f) => resolve(cwd, f)),
          options.onStage,
        );
  const run = runInfo(plan, {
    env: process.env,
    now: new Date(),
    timestamp: options.timestamp !== false,
  });
  return applyBaseline({ ...audited, run }, baseline, plan.policy.changes ?? []);
}

async function baselineSource(
  baseline: AuditOptions["baseline"],
  cwd: string,
): Promise<BaselineSource> {
  if (baseline === undefined) return { status: "not_given" };
  if (typeof baseline === "string") {
    const source = await loadBaseline(isAbsolute(baseline) ? baseline : resolve(cwd, baseline));
    if (source.status === "not_found") {
      throw new UserError("the baseline report does not exist", { file: baseline }, "baseline");
    }
    return source;
  }
  const parsed = auditResultSchema.safeParse(baseline);
  if (!parsed.success) {
    throw new UserError("the baseline is not a fairaudit report", {}, "baseline");
  }
  const sha256 = createHash("sha256").update(JSON.stringify(baseline)).digest("hex");
  return { status: "compared", file: "(in memory)", sha256, report: parsed.data };
}
