import { normalCriticalValue } from "./normal-quantile.js";
import { available, type IntervalEstimate, type Outcome, unavailable } from "./outcome.js";
import { assertConfidence, assertSuccesses } from "./validate.js";

export interface RatioEstimate extends IntervalEstimate {
  /**
   * True when a count was 0 and the 0.5 correction below was applied; the
   * estimate and interval are then those of the corrected counts.
   */
  readonly corrected: boolean;
}

/**
 * Confidence interval for a ratio of two independent proportions
 * (p1 / p2, e.g. a selection-rate ratio / "disparate impact" ratio) by the
 * log method.
 *
 * Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). Obtaining
 * confidence intervals for the risk ratio in cohort studies. Biometrics 34,
 * 469–474:
 *
 *   log(p1/p2) ± z · √(1/x1 − 1/n1 + 1/x2 − 1/n2)
 *
 * Zero counts: the log method is undefined when x1 = 0 or x2 = 0. In that
 * case (and only then) 0.5 is added to each success count and each group size
 * (x_i + 0.5, n_i + 0.5), the correction used for the Katz interval by
 * Pettigrew, Gart & Thomas (1986, Biometrika 73, 425–435) and discussed by
 * Fagerland, Lydersen & Laake (2015, Stat Methods Med Res 24, 224–254).
 * The returned `estimate` is the corrected ratio so that it lies inside the
 * interval, and `corrected` is true. The correction keeps a group with no
 * selections visible in a disparity report (ratio near 0 with a wide upper
 * bound) instead of dropping it.
 *
 * Unavailable when n1 = 0 or n2 = 0 (no rate) or x1 = x2 = 0 (0/0: both
 * groups have rate 0, the ratio carries no information).
 */
export function katzRatioInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence: number,
): Outcome<RatioEstimate> {
  assertSuccesses(x1, n1, "x1", "n1");
  assertSuccesses(x2, n2, "x2", "n2");
  assertConfidence(confidence);
  if (n1 === 0 || n2 === 0) {
    return unavailable("a group has no observations, so its rate is undefined");
  }
  if (x1 === 0 && x2 === 0) {
    return unavailable("both groups have zero events, so the ratio 0/0 is undefined");
  }
  const corrected = x1 === 0 || x2 === 0;
  const shift = corrected ? 0.5 : 0;
  const a = x1 + shift;
  const m1 = n1 + shift;
  const b = x2 + shift;
  const m2 = n2 + shift;
  const logRatio = Math.log(a / m1) - Math.log(b / m2);
  const se = Math.sqrt(1 / a - 1 / m1 + 1 / b - 1 / m2);
  const z = normalCriticalValue(confidence);
  return available({
    estimate: Math.exp(logRatio),
    low: Math.exp(logRatio - z * se),
    high: Math.exp(logRatio + z * se),
    corrected,
  });
}
