import { evaluateChanges } from "../policy/change-rules.js";
import { tallyFindings } from "../policy/evaluate-policy.js";
import { compareFindings } from "../policy/finding.js";
import { findingKey, isRuleFinding } from "../policy/finding-key.js";
import type { ChangeRule } from "../policy/policy-schema.js";
import type { AuditResult, Notice } from "./audit-result.js";

/** What the shell found at --baseline. */
export type BaselineSource =
  | { status: "not_given" }
  | { status: "not_found"; file: string }
  | { status: "compared"; file: string; sha256: string; report: AuditResult };

/**
 * Pure: adds the release gate to a result. With a baseline, change findings join the findings
 * and the verdict is recomputed; without one, every change rule is skipped and the report says
 * so (a skipped entry per rule and a notice). The input result is not modified.
 */
export function applyBaseline(
  result: AuditResult,
  source: BaselineSource,
  changes: readonly ChangeRule[],
): AuditResult {
  const active = changes.filter((c) => c.severity !== "off");
  const policy: AuditResult["policy"] =
    changes.length === 0 ? result.policy : { ...result.policy, changes: [...changes] };
  if (source.status !== "compared") {
    const notices: Notice[] =
      active.length === 0
        ? result.notices
        : [
            ...result.notices,
            {
              code: "no_baseline",
              data: {
                rules: active.length,
                file: source.status === "not_found" ? source.file : null,
              },
            },
          ];
    const baseline: NonNullable<AuditResult["baseline"]> = {
      status: source.status,
      matched: 0,
      missing: 0,
      added: 0,
    };
    if (source.status === "not_found") baseline.file = source.file;
    return {
      ...result,
      policy: {
        ...policy,
        skipped: [
          ...policy.skipped,
          ...active.map((c) => ({ rule: c.id, reason: "no_baseline" as const })),
        ],
      },
      notices,
      baseline,
    };
  }

  const before = source.report.findings.filter(isRuleFinding);
  const now = result.findings.filter(isRuleFinding);
  const beforeKeys = new Set(before.map(findingKey));
  const nowKeys = new Set(now.map(findingKey));
  const changeFindings = evaluateChanges(source.report.findings, now, active);
  const findings = [...now, ...changeFindings].sort(compareFindings);
  const baseline: NonNullable<AuditResult["baseline"]> = {
    status: "compared",
    file: source.file,
    sha256: source.sha256,
    toolVersion: source.report.tool.version,
    matched: now.filter((f) => beforeKeys.has(findingKey(f))).length,
    missing: before.filter((f) => !nowKeys.has(findingKey(f))).length,
    added: now.filter((f) => !beforeKeys.has(findingKey(f))).length,
  };
  if (source.report.run) baseline.configHash = source.report.run.configHash;
  return {
    ...result,
    ...tallyFindings(findings, result.policy.inconclusive),
    policy,
    findings,
    baseline,
  };
}
