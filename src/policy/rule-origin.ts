import type { Policy, Rule } from "./policy-schema.js";

/**
 * Where each rule was written (file and key path), for errors found once the audit's attributes
 * or groups are known. Kept on the side, so that neither the report nor the config hash changes.
 */
const ORIGINS = new WeakMap<Rule, { file: string; key: string }>();

export function setRuleOrigin(rule: Rule, origin: { file: string; key: string }): void {
  ORIGINS.set(rule, origin);
}

/** The file and key path of a rule, e.g. `policy.yml`, `rules[2]`. */
export function ruleOrigin(
  rule: Rule,
  policy: Pick<Policy, "source">,
): { file: string; key: string } {
  return ORIGINS.get(rule) ?? { file: policy.source, key: `rules (${rule.id})` };
}
