import { normalCriticalValue } from "./normal-quantile.js";
import { available, type IntervalEstimate, type Outcome, unavailable } from "./outcome.js";
import { assertConfidence, assertSuccesses } from "./validate.js";

/**
 * Confidence interval for a ratio of two independent proportions θ = p1 / p2 by the asymptotic
 * score method: Koopman, P. A. R. (1984). Confidence intervals for the ratio of two binomial
 * proportions. Biometrics 40, 513–517 — the interval Fagerland, Lydersen & Laake (2015, Stat
 * Methods Med Res 24, 224–254) recommend for the ratio.
 *
 * The interval is every θ that the score test of H0: p1/p2 = θ does not reject:
 *
 *   { θ : U(θ) ≤ z² },   U(θ) = (p̂1 − θ p̂2)² / (p̃1(1 − p̃1)/n1 + θ² p̃2(1 − p̃2)/n2)
 *
 * with (p̃1 = θ p̃2, p̃2) the maximum-likelihood estimates under H0 (Miettinen & Nurminen 1985,
 * Stat Med 4, 213–226, without their N/(N − 1) factor). U(θ) is Pearson's X² of the table against
 * its constrained fitted counts, and U(1) is Pearson's chi-square test of equal rates: the interval
 * excludes 1 exactly when that test's p-value is below α. Unlike the Katz log interval it needs no
 * correction at zero counts and does not collapse when a rate is 1 (Katz gives [1, 1] for 50/50 vs
 * 150/150; this gives [0.929, 1.026]).
 *
 * No events in group 1 give the lower bound 0 (the estimate); none in group 2 give the estimate and
 * the upper bound ∞. Unavailable when a group is empty or neither group has an event (0/0).
 */
export function koopmanRatioInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence: number,
): Outcome<IntervalEstimate> {
  assertSuccesses(x1, n1, "x1", "n1");
  assertSuccesses(x2, n2, "x2", "n2");
  assertConfidence(confidence);
  if (n1 === 0 || n2 === 0) {
    return unavailable("a group has no observations, so its rate is undefined");
  }
  if (x1 === 0 && x2 === 0) {
    return unavailable("both groups have zero events, so the ratio 0/0 is undefined");
  }
  const z = normalCriticalValue(confidence);
  const critical = z * z;
  const excess = (u: number) => ratioScoreStatistic(x1, n1, x2, n2, Math.exp(u)) - critical;
  const estimate = x2 === 0 ? Number.POSITIVE_INFINITY : x1 / n1 / (x2 / n2);
  // A point inside the interval on the log scale: the estimate, or far towards it when it is 0 or
  // ∞ (U → 0 there).
  const inside = x1 === 0 ? -LOG_LIMIT : x2 === 0 ? LOG_LIMIT : Math.log(estimate);
  // Half the log method's half-width (with 0.5 added): the first step stays inside, the next
  // few double past the bound.
  const step = 0.5 * z * Math.sqrt(1 / (x1 + 0.5) + 1 / (x2 + 0.5));
  const low = x1 === 0 ? 0 : Math.exp(boundary(inside, -1, step, excess));
  const high = x2 === 0 ? Number.POSITIVE_INFINITY : Math.exp(boundary(inside, 1, step, excess));
  return available({ estimate, low: Math.min(low, estimate), high: Math.max(high, estimate) });
}

/** θ within e^±300: far beyond any ratio of rates with fewer than 10^100 observations. */
const LOG_LIMIT = 300;

/**
 * Where the score statistic crosses the critical value going from `inside` in `direction` on the
 * log scale: steps doubling outward until one lands outside, then false position with the
 * Illinois modification (Dowell & Jarratt 1971), superlinear, with a bisection step whenever one
 * end is kept three times or the secant leaves the bracket (e.g. an infinite statistic). U(θ) is convex in θ (Koopman
 * 1984), so the crossing is unique. Beyond ±LOG_LIMIT: that limit.
 */
function boundary(
  inside: number,
  direction: 1 | -1,
  firstStep: number,
  excess: (u: number) => number,
): number {
  let a = inside;
  let fa = excess(a);
  let b = inside;
  let fb = fa;
  for (let step = firstStep; ; step *= 2) {
    b = inside + direction * step;
    if (Math.abs(b) >= LOG_LIMIT) {
      b = direction * LOG_LIMIT;
      fb = excess(b);
      if (!(fb > 0)) return b;
      break;
    }
    fb = excess(b);
    if (fb > 0) break;
    a = b;
    fa = fb;
  }
  // a inside (fa ≤ 0), b outside (fb > 0). Illinois: an end kept twice has its value halved;
  // kept three times, the step is a bisection, so the bracket always shrinks to the last bits.
  let kept = 0;
  let keptSide = 0;
  for (let i = 0; i < 400; i++) {
    if (Math.abs(b - a) <= 1e-15 * Math.max(1, Math.abs(a), Math.abs(b))) break;
    let c = Number.isFinite(fb) && fb !== fa ? (a * fb - b * fa) / (fb - fa) : Number.NaN;
    if (kept >= 2 || !(c > Math.min(a, b) && c < Math.max(a, b))) c = (a + b) / 2;
    const fc = excess(c);
    if (fc === 0) return c;
    const side = fc > 0 ? 1 : -1;
    kept = side === keptSide ? kept + 1 : 0;
    keptSide = side;
    if (side === 1) {
      b = c;
      fb = fc;
      if (kept >= 1) fa /= 2;
    } else {
      a = c;
      fa = fc;
      if (kept >= 1) fb /= 2;
    }
  }
  return (a + b) / 2;
}

/**
 * Koopman's score statistic U(θ) for H0: p1 / p2 = θ (θ > 0). Pearson's X² of the 2×2 table at
 * θ = 1. Symmetric under swapping the groups with θ ↦ 1/θ, which keeps every term of the
 * constrained estimate below 2N for θ > 1.
 */
export function ratioScoreStatistic(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  theta: number,
): number {
  if (theta > 1) return ratioScoreStatistic(x2, n2, x1, n1, 1 / theta);
  const p1Hat = x1 / n1;
  const p2Hat = x2 / n2;
  const numerator = (p1Hat - theta * p2Hat) ** 2;
  if (numerator === 0) return 0;
  // The constrained estimate of p2: the smaller root of Nθ p² − b p + (x1 + x2) = 0 (Koopman
  // 1984; Miettinen & Nurminen 1985), as 2c / (b + √(b² − 4ac)) to avoid cancellation.
  const total = n1 + n2;
  const events = x1 + x2;
  const b = theta * (n1 + x2) + x1 + n2;
  const discriminant = Math.max(0, b * b - 4 * theta * total * events);
  const p2 = Math.min(1, (2 * events) / (b + Math.sqrt(discriminant)));
  const p1 = Math.min(1, theta * p2);
  const variance = (p1 * (1 - p1)) / n1 + (theta * theta * p2 * (1 - p2)) / n2;
  return variance > 0 ? numerator / variance : Number.POSITIVE_INFINITY;
}
