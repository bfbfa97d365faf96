import { basename } from "node:path";
import { UserError } from "../errors.js";
import { DEFAULT_CONFIDENCE, DEFAULT_CORRECTION } from "../inference/options.js";
import { didYouMean } from "../io/closest-name.js";
import { readStructuredFile, validate } from "../io/parse-structured.js";
import { finishChangeRules } from "../policy/change-rules.js";
import {
  DEFAULT_MAX_EXCLUDED_SHARE,
  DEFAULT_MIN_DENOMINATOR,
  DEFAULT_MIN_GROUP_SIZE,
  DEFAULT_SUPPRESS_BELOW,
  type Policy,
  PRESET_IDS,
  type PresetId,
  policySchema,
  type Rule,
  type RuleInput,
  ruleSchema,
} from "../policy/policy-schema.js";
import { PRESETS } from "../policy/presets.js";
import { setRuleOrigin } from "../policy/rule-origin.js";

export function isPresetId(value: string): value is PresetId {
  return (PRESET_IDS as readonly string[]).includes(value);
}

/**
 * A preset name, or a YAML/JSON policy file. Presets are written for a favourable decision (an
 * offer); for an adverse one their one-sided bounds are mirrored (see orientPresetRules).
 */
export async function loadPolicy(
  nameOrPath: string | undefined,
  decisionMeaning: "favourable" | "adverse" = "favourable",
): Promise<Policy> {
  const orient = (rules: readonly RuleInput[]) =>
    decisionMeaning === "adverse" ? orientPresetRules(rules) : rules;
  if (nameOrPath === undefined)
    return presetPolicy("default", "built-in default (no policy given)", orient);
  if (isPresetId(nameOrPath)) {
    return presetPolicy(nameOrPath, `built-in preset ${nameOrPath}`, orient);
  }
  const raw = await readStructuredFile(nameOrPath, "policy");
  const file = basename(nameOrPath);
  const input = validate(policySchema, raw, file);
  const presets =
    input.extends === undefined
      ? []
      : Array.isArray(input.extends)
        ? input.extends
        : [input.extends];
  const rules: RuleInput[] = [...presets.flatMap((p) => orient(PRESETS[p].rules)), ...input.rules];
  const strategy =
    input.referenceStrategy ?? presets.map((p) => presetStrategy(p)).find((s) => s !== undefined);
  const policy: Policy = {
    name: input.name ?? file,
    source: file,
    minGroupSize: input.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE,
    suppressBelow: input.suppressBelow ?? DEFAULT_SUPPRESS_BELOW,
    maxExcludedShare: input.maxExcludedShare ?? DEFAULT_MAX_EXCLUDED_SHARE,
    minDenominator: input.minDenominator ?? DEFAULT_MIN_DENOMINATOR,
    confidence: input.confidence ?? DEFAULT_CONFIDENCE,
    correction: input.correction ?? DEFAULT_CORRECTION,
    inconclusive: input.inconclusive ?? "warn",
    rules: finishRules(rules, file, rules.length - input.rules.length),
  };
  if (strategy !== undefined) policy.referenceStrategy = strategy;
  if (input.changes !== undefined) {
    policy.changes = finishChangeRules(input.changes, file);
    const ids = policy.rules.map((r) => r.id);
    for (const [i, change] of policy.changes.entries()) {
      for (const [k, id] of (change.rules ?? []).entries()) {
        if (!ids.includes(id)) {
          throw new UserError(
            `the change rule is scoped to an unknown rule "${id}"${didYouMean(id, ids)} (rules: ${ids.join(", ")})`,
            { file, key: `changes[${i}].rules[${k}]` },
            "unknown_rule",
          );
        }
      }
    }
  }
  return policy;
}

function presetStrategy(id: PresetId) {
  return PRESETS[id].referenceStrategy;
}

function presetPolicy(
  id: PresetId,
  source: string,
  orient: (rules: readonly RuleInput[]) => readonly RuleInput[],
): Policy {
  const policy: Policy = {
    name: id,
    source,
    minGroupSize: DEFAULT_MIN_GROUP_SIZE,
    suppressBelow: DEFAULT_SUPPRESS_BELOW,
    maxExcludedShare: DEFAULT_MAX_EXCLUDED_SHARE,
    minDenominator: DEFAULT_MIN_DENOMINATOR,
    confidence: DEFAULT_CONFIDENCE,
    correction: DEFAULT_CORRECTION,
    inconclusive: "warn",
    rules: finishRules(orient(PRESETS[id].rules), id, Number.POSITIVE_INFINITY),
  };
  const strategy = presetStrategy(id);
  if (strategy !== undefined) policy.referenceStrategy = strategy;
  return policy;
}

/**
 * Applies rule defaults and gives every rule a unique id (findings refer to it). Rules from
 * `firstOwn` on are the file's own (its `rules[0]` and on); those before came from presets.
 */
function finishRules(inputs: readonly RuleInput[], file: string, firstOwn: number): Rule[] {
  const seen = new Set<string>();
  return inputs.map((input, i) => {
    const key = i >= firstOwn ? `rules[${i - firstOwn}]` : `rules[${i}]`;
    const parsed = ruleSchema.parse(input);
    const id = parsed.id ?? `${parsed.metric}-${parsed.comparison}-${i + 1}`;
    if (seen.has(id))
      throw new UserError(
        `duplicate rule id "${id}"`,
        { file, key: `${key}.id` },
        "invalid_policy",
      );
    seen.add(id);
    const rule: Rule = {
      id,
      metric: parsed.metric,
      comparison: parsed.comparison,
      severity: parsed.severity,
      gate: parsed.gate,
    };
    if (parsed.min !== undefined) rule.min = parsed.min;
    if (parsed.max !== undefined) rule.max = parsed.max;
    if (parsed.attributes) rule.attributes = parsed.attributes;
    if (parsed.groups) rule.groups = parsed.groups;
    setRuleOrigin(rule, { file, key });
    return rule;
  });
}

/** Metrics whose favourable direction flips when being selected harms people. */
const FLIPS_WITH_DECISION = new Set<string>([
  "selection_rate",
  "selection_share",
  "tpr",
  "fpr",
  "fnr",
  "tnr",
  "demographic_parity",
  "equal_opportunity",
  "equalized_odds",
]);

/**
 * The presets' bounds protect groups from being selected too rarely for a benefit (four-fifths:
 * ratio ≥ 0.8). When selection is adverse (a high-risk flag), the harm is being selected too
 * often: a one-sided bound is mirrored (ratio ≥ 0.8 → ratio ≤ 1/0.8 = 1.25; difference ≥ −d →
 * difference ≤ d). Two-sided bounds such as Aequitas' [0.8, 1.25] are symmetric already, as are
 * between-group summaries; prices do not depend on the decision; rules a policy file states
 * itself are never changed.
 */
export function orientPresetRules(rules: readonly RuleInput[]): RuleInput[] {
  return rules.map((rule) => {
    const oneSided = (rule.min === undefined) !== (rule.max === undefined);
    const comparison = rule.comparison ?? "ratio";
    // Between-group summaries (max − min, min / max) do not depend on which way is favourable.
    const against = comparison === "ratio" || comparison === "difference";
    if (!FLIPS_WITH_DECISION.has(rule.metric) || !oneSided || !against) return rule;
    const { min, max, ...rest } = rule;
    const mirror = (x: number) => (comparison === "ratio" ? 1 / x : -x);
    return min !== undefined
      ? { ...rest, max: mirror(min) }
      : { ...rest, min: mirror(max as number) };
  });
}
