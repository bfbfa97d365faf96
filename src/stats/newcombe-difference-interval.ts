import type { IntervalEstimate } from "./outcome.js";
import { wilsonInterval } from "./wilson-interval.js";

/**
 * Confidence interval for a difference of two independent proportions
 * p1 − p2 = x1/n1 − x2/n2 by Newcombe's hybrid score method.
 *
 * Newcombe, R. G. (1998). Interval estimation for the difference between
 * independent proportions: comparison of eleven methods. Statistics in
 * Medicine 17, 873–890 — method 10. With (l_i, u_i) the Wilson interval of
 * p_i at the same confidence level:
 *
 *   low  = p1 − p2 − √((p1 − l1)² + (u2 − p2)²)
 *   high = p1 − p2 + √((u1 − p1)² + (p2 − l2)²)
 *
 * It inherits Wilson's good behaviour at 0 and 1 counts, where the Wald
 * interval collapses, and has coverage close to nominal (Newcombe 1998,
 * Table I). Returns null when either group is empty.
 */
export function newcombeDifferenceInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence: number,
): IntervalEstimate | null {
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  if (w1 === null || w2 === null) {
    return null;
  }
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const estimate = p1 - p2;
  const low = estimate - Math.hypot(p1 - w1.low, w2.high - p2);
  const high = estimate + Math.hypot(w1.high - p1, p2 - w2.low);
  return { estimate, low, high };
}
