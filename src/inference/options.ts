/**
 * Settings of the statistical stage (docs/statistics.md, "How the audit uses the statistics").
 * Confidence and correction decide verdicts under the evidence gates, so a policy carries them;
 * the audit configuration may override them, as it may override minGroupSize. Bootstrap
 * settings change only how precisely an interval is computed, so they live in the configuration.
 */

export const CORRECTIONS = ["holm", "benjamini-hochberg"] as const;
export type Correction = (typeof CORRECTIONS)[number];

/** "auto": Fisher's exact test when an expected count is below 5, else Pearson's chi-square. */
export const RATE_TEST_CHOICES = ["auto", "fisher", "chi2", "chi2_yates"] as const;
export type RateTestChoice = (typeof RATE_TEST_CHOICES)[number];

/**
 * Interval of a rate ratio. "koopman" (default): the score interval, which agrees with Pearson's
 * chi-square test and holds at rates of 0 and 1; "katz": the log method other tools (SciPy's
 * relative_risk) report, for comparison with them.
 */
export const RATIO_INTERVAL_METHODS = ["koopman", "katz"] as const;
export type RatioIntervalMethod = (typeof RATIO_INTERVAL_METHODS)[number];

export interface BootstrapSettings {
  /** resamples per interval; 0 turns the bootstrap off (those intervals are then absent) */
  resamples: number;
  seed: number;
}

export interface InferenceOptions {
  /** level of every interval, and 1 − α of every significance decision */
  confidence: number;
  correction: Correction;
  rateTest: RateTestChoice;
  ratioInterval: RatioIntervalMethod;
  bootstrap: BootstrapSettings;
}

export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_CORRECTION: Correction = "holm";
/** Efron & Tibshirani (1993, §19.3) ask for 1 000–2 000 resamples for percentile intervals. */
export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 1;

export const DEFAULT_INFERENCE: InferenceOptions = {
  confidence: DEFAULT_CONFIDENCE,
  correction: DEFAULT_CORRECTION,
  rateTest: "auto",
  ratioInterval: "koopman",
  bootstrap: { resamples: DEFAULT_RESAMPLES, seed: DEFAULT_SEED },
};
