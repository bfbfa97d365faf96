import { INTERSECTION_SEPARATOR } from "../core/aggregate-table.js";
import type { Grouping, ReferenceStrategy } from "../core/measure.js";
import { UserError } from "../errors.js";
import type { AttributeSpec } from "../groups/attribute-spec.js";
import { DEFAULT_RESAMPLES } from "../inference/options.js";
import type { DecisionSpec, LoadSpec } from "../io/load-spec.js";
import { DEFAULT_MISSING_VALUES } from "../io/values.js";
import type { Policy } from "../policy/policy-schema.js";
import type { FormatId } from "../report/format-ids.js";
import type { ResultPlan } from "../result/assemble-result.js";
import { checkScopes, unknown } from "./check-scopes.js";
import type { AuditConfig } from "./config-schema.js";

/** Everything one audit run needs, with defaults applied: what the config hash will cover. */
export interface AuditPlan extends ResultPlan {
  seed: number;
  formats: FormatId[] | undefined;
  out: string | undefined;
}

export const DEFAULT_MAX_GROUPS = 100;
export const DEFAULT_SEED = 1;

export function resolvePlan(config: AuditConfig, policy: Policy): AuditPlan {
  const attributes: AttributeSpec[] = config.protected.map((a) => {
    if (typeof a === "string") return { name: a, column: a };
    const spec: AttributeSpec = { name: a.name ?? a.column, column: a.column };
    if (a.bins) spec.bins = a.bins;
    if (a.map) spec.map = a.map;
    return spec;
  });
  const names = attributes.map((a) => a.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new UserError(
      `attribute "${duplicate}" is named twice; give one of them a distinct name`,
      { key: "protected" },
      "invalid_config",
    );
  }

  // attribute or intersection name → reference group, and the key that named it
  const references = new Map<string, { group: string; key: string }>();
  config.protected.forEach((a, i) => {
    if (typeof a !== "string" && a.reference !== undefined)
      references.set(names[i] as string, { group: a.reference, key: `protected[${i}].reference` });
  });
  for (const [attribute, group] of Object.entries(config.reference ?? {})) {
    references.set(attribute, { group, key: `reference.${attribute}` });
  }
  const strategy: ReferenceStrategy =
    config.referenceStrategy ?? policy.referenceStrategy ?? "largest";
  const grouping = (indices: number[]): Grouping => {
    const name = indices.map((i) => names[i]).join(INTERSECTION_SEPARATOR);
    const g: Grouping = { name, indices, strategy };
    const reference = references.get(name);
    if (reference !== undefined) g.reference = reference.group;
    return g;
  };

  const groupings = attributes.map((_, i) => grouping([i]));
  const intersections: number[][] = [];
  if (config.intersect && attributes.length > 1) intersections.push(attributes.map((_, i) => i));
  for (const [k, list] of (config.intersections ?? []).entries()) {
    const indices = list.map((n) => {
      const at = names.indexOf(n);
      if (at === -1) {
        throw unknown("an intersection names", "attribute", n, names, {
          key: `intersections[${k}]`,
        });
      }
      return at;
    });
    if (!intersections.some((x) => x.join() === indices.join())) intersections.push(indices);
  }
  groupings.push(...intersections.map(grouping));
  checkScopes(policy, attributes, groupings, references);

  const decision = decisionSpec(config);
  const load: LoadSpec = {
    data: Array.isArray(config.data) ? (config.data[0] as string) : config.data,
    attributes,
    where: Object.entries(config.where ?? {}).map(([column, value]) => ({
      column,
      value: String(value),
    })),
    missingValues: config.missingValues ?? [...DEFAULT_MISSING_VALUES],
    maxGroups: config.maxGroups ?? DEFAULT_MAX_GROUPS,
  };
  if (config.predictions !== undefined && config.id !== undefined) {
    load.predictions = { path: config.predictions, id: config.id };
  }
  if (config.label !== undefined) {
    load.label =
      config.positive === undefined
        ? { column: config.label }
        : { column: config.label, positive: config.positive };
  }
  if (config.price !== undefined) {
    load.price = config.price;
    if (config.priceMemory !== undefined) load.priceMemoryMb = config.priceMemory;
  }
  if (config.priceFactors !== undefined) {
    load.priceFactors = {
      categorical: config.priceFactors.categorical ?? [],
      numeric: config.priceFactors.numeric ?? [],
    };
  }
  if (config.consent !== undefined) load.consent = config.consent;
  if (decision !== undefined) load.decision = decision;
  if (Array.isArray(config.data) && config.data.length > 1) load.moreData = config.data.slice(1);
  if (config.threads !== undefined) load.threads = config.threads;

  return {
    load,
    groupings,
    decisionMeaning: config.decisionMeaning ?? "favourable",
    // Flags and config keys for the policy keys people change most; the report's policy section
    // shows the values in force.
    policy: {
      ...policy,
      maxExcludedShare: config.maxExcludedShare ?? policy.maxExcludedShare,
      suppressBelow: config.suppressBelow ?? policy.suppressBelow,
    },
    scoredOnly: config.scoredOnly === true,
    minGroupSize: config.minGroupSize ?? policy.minGroupSize,
    minDenominator: config.minDenominator ?? policy.minDenominator,
    inference: {
      confidence: config.confidence ?? policy.confidence,
      correction: config.correction ?? policy.correction,
      rateTest: config.rateTest ?? "auto",
      ratioInterval: config.ratioInterval ?? "koopman",
      bootstrap: {
        resamples: config.bootstrap?.resamples ?? DEFAULT_RESAMPLES,
        seed: config.bootstrap?.seed ?? config.seed ?? DEFAULT_SEED,
      },
    },
    seed: config.seed ?? DEFAULT_SEED,
    formats: config.format,
    out: config.out,
  };
}

function decisionSpec(config: AuditConfig): DecisionSpec | undefined {
  if (config.decision !== undefined) return { kind: "column", column: config.decision };
  if (config.score === undefined) return undefined;
  const column = config.score;
  if (config.threshold !== undefined)
    return { kind: "threshold", column, threshold: config.threshold };
  if (config.topK !== undefined) return { kind: "top-k", column, k: config.topK };
  return { kind: "top-percent", column, percent: config.topPercent as number };
}
