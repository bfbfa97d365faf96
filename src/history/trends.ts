import type { Verdict } from "../policy/finding.js";
import { findingKey } from "../policy/finding-key.js";
import type { HistoryEntry, HistoryFinding } from "./history-schema.js";

export interface TrendPoint {
  value: number | null;
  verdict: Verdict;
}

/**
 * A metric moving toward its bound: over the last `runs` runs its distance to the nearest bound
 * never grew and shrank overall. `runsToBound` extrapolates the mean step (null when already beyond it).
 */
export interface Drift {
  runs: number;
  distance: number;
  meanStep: number;
  runsToBound: number | null;
}

export interface TrendSeries {
  rule: string;
  attribute: string;
  group: string | null;
  metric: HistoryFinding["metric"];
  comparison: HistoryFinding["comparison"];
  /** bounds of the latest run that has this finding */
  min?: number;
  max?: number;
  /** one point per run, null where the run lacks the finding */
  points: (TrendPoint | null)[];
  latest: TrendPoint | null;
  drift: Drift | null;
}

export interface HistoryTrends {
  runs: {
    time: string;
    tool: string;
    verdict: HistoryEntry["verdict"];
    configHash: string | null;
  }[];
  driftRuns: number;
  drifting: number;
  /** the configuration changed within the shown runs: trends may mix policies */
  configChanged: boolean;
  series: TrendSeries[];
}

export const DEFAULT_DRIFT_RUNS = 5;

/** Pure: one series per policy finding across the runs (release-gate findings are left out). */
export function computeTrends(
  entries: readonly HistoryEntry[],
  options: { driftRuns?: number; last?: number } = {},
): HistoryTrends {
  const driftRuns = Math.max(2, options.driftRuns ?? DEFAULT_DRIFT_RUNS);
  const runs = options.last === undefined ? entries : entries.slice(-options.last);
  const byKey = new Map<string, TrendSeries>();
  runs.forEach((entry, i) => {
    for (const f of entry.findings) {
      if (f.change !== undefined) continue;
      const key = findingKey({ rule: f.rule, attribute: f.attribute, group: f.group });
      let series = byKey.get(key);
      if (series === undefined) {
        series = {
          rule: f.rule,
          attribute: f.attribute,
          group: f.group,
          metric: f.metric,
          comparison: f.comparison,
          points: new Array<TrendPoint | null>(runs.length).fill(null),
          latest: null,
          drift: null,
        };
        byKey.set(key, series);
      }
      series.points[i] = { value: f.value, verdict: f.verdict };
      delete series.min;
      delete series.max;
      if (f.min !== undefined) series.min = f.min;
      if (f.max !== undefined) series.max = f.max;
    }
  });
  const series = [...byKey.values()].map((s) => {
    const latest = s.points[s.points.length - 1] ?? null;
    return { ...s, latest, drift: detectDrift(s, driftRuns) };
  });
  series.sort(
    (a, b) =>
      Number(b.drift !== null) - Number(a.drift !== null) ||
      cmp(a.attribute, b.attribute) ||
      cmp(a.group ?? "", b.group ?? "") ||
      cmp(a.rule, b.rule),
  );
  const hashes = new Set(runs.map((r) => r.configHash));
  return {
    runs: runs.map((r) => ({
      time: r.time,
      tool: r.tool,
      verdict: r.verdict,
      configHash: r.configHash,
    })),
    driftRuns,
    drifting: series.filter((s) => s.drift !== null).length,
    configChanged: hashes.size > 1,
    series,
  };
}

/** Distance from the nearest bound, positive inside the allowed range. */
export function distanceToBound(
  value: number,
  bounds: { min?: number; max?: number },
): number | null {
  const d: number[] = [];
  if (bounds.min !== undefined) d.push(value - bounds.min);
  if (bounds.max !== undefined) d.push(bounds.max - value);
  return d.length === 0 ? null : Math.min(...d);
}

export function detectDrift(s: TrendSeries, runs: number): Drift | null {
  const tail = s.points.slice(-runs);
  if (tail.length < runs) return null;
  const distances: number[] = [];
  for (const p of tail) {
    if (p === null || p.value === null) return null;
    const d = distanceToBound(p.value, s);
    if (d === null) return null;
    distances.push(d);
  }
  // Never away from the bound, and closer overall: a plateau (rates move in steps) is no reprieve.
  for (let i = 1; i < distances.length; i++) {
    if ((distances[i] as number) > (distances[i - 1] as number)) return null;
  }
  const first = distances[0] as number;
  const last = distances[distances.length - 1] as number;
  if (!(last < first)) return null;
  const meanStep = (first - last) / (distances.length - 1);
  return {
    runs,
    distance: last,
    meanStep,
    runsToBound: last <= 0 ? null : Math.ceil(last / meanStep),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A drift in words, for every history format. */
export function describeDrift(d: Drift): string {
  return d.runsToBound === null
    ? `${d.runs} runs, past bound`
    : `${d.runs} runs, ~${d.runsToBound} to bound`;
}
