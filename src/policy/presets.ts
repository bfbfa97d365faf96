import type { ReferenceStrategy } from "../core/measure.js";
import { RATE_METRIC_IDS } from "../core/metric-ids.js";
import type { PresetId, RuleInput } from "./policy-schema.js";

export interface Preset {
  description: string;
  referenceStrategy?: ReferenceStrategy;
  rules: readonly RuleInput[];
}

/** Built-in policies; a policy file may `extends` them and add or tighten rules. */
export const PRESETS: Record<PresetId, Preset> = {
  "four-fifths": {
    description:
      "EEOC four-fifths rule: each group's selection rate at least 0.8 of the reference group's (29 CFR 1607.4(D))",
    referenceStrategy: "most-favourable",
    rules: [
      {
        id: "four-fifths",
        metric: "selection_rate",
        comparison: "ratio",
        min: 0.8,
        severity: "error",
      },
    ],
  },
  aequitas: {
    description:
      "Aequitas' default fairness threshold: every rate's disparity against the reference within [0.8, 1.25]",
    rules: RATE_METRIC_IDS.filter((m) => m !== "accuracy" && m !== "base_rate").map((metric) => ({
      id: `aequitas-${metric}`,
      metric,
      comparison: "ratio",
      min: 0.8,
      max: 1.25,
      severity: "error",
    })),
  },
  default: {
    description:
      "fairaudit's default: four-fifths rule as an error, selection-rate ratio below 0.9 and equal-opportunity or mean-price gaps as warnings",
    rules: [
      {
        id: "four-fifths",
        metric: "selection_rate",
        comparison: "ratio",
        min: 0.8,
        severity: "error",
      },
      {
        id: "selection-rate-warning",
        metric: "selection_rate",
        comparison: "ratio",
        min: 0.9,
        severity: "warn",
      },
      {
        id: "equal-opportunity",
        metric: "equal_opportunity",
        comparison: "ratio",
        min: 0.8,
        severity: "warn",
      },
      {
        id: "price-gap",
        metric: "price_mean",
        comparison: "ratio",
        min: 0.95,
        max: 1.05,
        severity: "warn",
      },
    ],
  },
};
