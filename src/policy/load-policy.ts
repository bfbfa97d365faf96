import { basename } from "node:path";
import { readStructuredFile, validate } from "../config/parse-structured.js";
import { UserError } from "../errors.js";
import { DEFAULT_CONFIDENCE, DEFAULT_CORRECTION } from "../inference/options.js";
import { finishChangeRules } from "./change-rules.js";
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
} from "./policy-schema.js";
import { PRESETS } from "./presets.js";

export function isPresetId(value: string): value is PresetId {
  return (PRESET_IDS as readonly string[]).includes(value);
}

/** A preset name, or a YAML/JSON policy file. */
export async function loadPolicy(nameOrPath: string | undefined): Promise<Policy> {
  if (nameOrPath === undefined)
    return presetPolicy("default", "built-in default (no policy given)");
  if (isPresetId(nameOrPath)) return presetPolicy(nameOrPath, `built-in preset ${nameOrPath}`);
  const raw = await readStructuredFile(nameOrPath, "policy");
  const file = basename(nameOrPath);
  const input = validate(policySchema, raw, file);
  const presets =
    input.extends === undefined
      ? []
      : Array.isArray(input.extends)
        ? input.extends
        : [input.extends];
  const rules: RuleInput[] = [...presets.flatMap((p) => PRESETS[p].rules), ...input.rules];
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
    rules: finishRules(rules, file),
  };
  if (strategy !== undefined) policy.referenceStrategy = strategy;
  if (input.changes !== undefined) policy.changes = finishChangeRules(input.changes, file);
  return policy;
}

function presetStrategy(id: PresetId) {
  return PRESETS[id].referenceStrategy;
}

function presetPolicy(id: PresetId, source: string): Policy {
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
    rules: finishRules(PRESETS[id].rules, id),
  };
  const strategy = presetStrategy(id);
  if (strategy !== undefined) policy.referenceStrategy = strategy;
  return policy;
}

/** Applies rule defaults and gives every rule a unique id (findings refer to it). */
function finishRules(inputs: readonly RuleInput[], file: string): Rule[] {
  const seen = new Set<string>();
  return inputs.map((input, i) => {
    const parsed = ruleSchema.parse(input);
    const id = parsed.id ?? `${parsed.metric}-${parsed.comparison}-${i + 1}`;
    if (seen.has(id))
      throw new UserError(
        `duplicate rule id "${id}"`,
        { file, key: `rules[${i}].id` },
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
    return rule;
  });
}
