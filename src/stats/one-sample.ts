import tquantile from "@stdlib/stats-base-dists-t-quantile";
import type { Interval, SampleSummary } from "./index.js";

/**
 * Student's t interval of a mean, x̄ ± t_{1−α/2, n−1} · s/√n (scipy.stats.t.interval with
 * scale = sem). Null below two observations and for a zero variance: every value equal says
 * nothing about the spread of the mean, and a zero-width interval would claim certainty.
 */
export function oneSampleMeanInterval(s: SampleSummary, confidence: number): Interval | null {
  if (s.count < 2 || !(s.variance > 0)) return null;
  const half = tquantile(1 - (1 - confidence) / 2, s.count - 1) * Math.sqrt(s.variance / s.count);
  return { low: s.mean - half, high: s.mean + half };
}
