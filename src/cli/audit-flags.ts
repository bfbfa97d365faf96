import type { PartialConfig } from "../config/load-config.js";
import type { REFERENCE_STRATEGIES } from "../core/measure.js";
import { UserError } from "../errors.js";
import type {
  CORRECTIONS,
  RATE_TEST_CHOICES,
  RATIO_INTERVAL_METHODS,
} from "../inference/options.js";
import type { FormatId } from "../report/format-ids.js";

export interface AuditFlags {
  config?: string;
  predictions?: string;
  id?: string;
  protected?: string[];
  intersect?: boolean;
  label?: string;
  positive?: string;
  decision?: string;
  score?: string;
  threshold?: number;
  topK?: number;
  topPercent?: number;
  decisionMeaning?: "favourable" | "adverse";
  price?: string;
  consent?: string;
  where?: string[];
  reference?: string[];
  referenceStrategy?: (typeof REFERENCE_STRATEGIES)[number];
  minGroupSize?: number;
  scoredOnly?: boolean;
  maxExcludedShare?: number;
  suppressBelow?: number;
  minDenominator?: number;
  confidence?: number;
  correction?: (typeof CORRECTIONS)[number];
  rateTest?: (typeof RATE_TEST_CHOICES)[number];
  ratioInterval?: (typeof RATIO_INTERVAL_METHODS)[number];
  bootstrapResamples?: number;
  bootstrapSeed?: number;
  maxGroups?: number;
  priceMemory?: number;
  threads?: number;
  policy?: string;
  format?: FormatId[];
  out?: string;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  width?: number;
  seed?: number;
  baseline?: string;
  baselineOptional?: boolean;
  history?: string;
  timestamp?: boolean;
  aggregates?: string[];
}

/** Flags in the config's shape: the one place where the two vocabularies meet. */
export function flagsToConfig(
  data: string | string[] | undefined,
  flags: AuditFlags,
): PartialConfig {
  const config: PartialConfig = {
    data,
    predictions: flags.predictions,
    id: flags.id,
    protected: flags.protected,
    intersect: flags.intersect,
    label: flags.label,
    positive: flags.positive,
    decision: flags.decision,
    score: flags.score,
    threshold: flags.threshold,
    topK: flags.topK,
    topPercent: flags.topPercent,
    decisionMeaning: flags.decisionMeaning,
    price: flags.price,
    consent: flags.consent,
    seed: flags.seed,
    referenceStrategy: flags.referenceStrategy,
    minGroupSize: flags.minGroupSize,
    scoredOnly: flags.scoredOnly,
    maxExcludedShare: flags.maxExcludedShare,
    suppressBelow: flags.suppressBelow,
    minDenominator: flags.minDenominator,
    confidence: flags.confidence,
    correction: flags.correction,
    rateTest: flags.rateTest,
    ratioInterval: flags.ratioInterval,
    maxGroups: flags.maxGroups,
    priceMemory: flags.priceMemory,
    threads: flags.threads,
    policy: flags.policy,
    format: flags.format,
    out: flags.out,
  };
  if (flags.bootstrapResamples !== undefined || flags.bootstrapSeed !== undefined) {
    const bootstrap: NonNullable<PartialConfig["bootstrap"]> = {};
    if (flags.bootstrapResamples !== undefined) bootstrap.resamples = flags.bootstrapResamples;
    if (flags.bootstrapSeed !== undefined) bootstrap.seed = flags.bootstrapSeed;
    config.bootstrap = bootstrap;
  }
  if (flags.where) config.where = pairs(flags.where, "--where", "column=value");
  if (flags.reference) config.reference = pairs(flags.reference, "--reference", "attribute=group");
  return config;
}

function pairs(items: readonly string[], flag: string, shape: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf("=");
    if (at <= 0) throw new UserError(`${flag} takes ${shape}`, {}, "usage");
    out[item.slice(0, at).trim()] = item.slice(at + 1);
  }
  return out;
}
