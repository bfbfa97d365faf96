/**
 * Cost of the simultaneous pairwise intervals of a between-groups rate summary, which grows with
 * the square of the number of groups (docs/statistics.md, "Between-groups summaries of rates").
 * Run: npx tsx scripts/bench-summaries.ts
 */
import { pairBounds } from "../src/inference/summary-intervals.js";

for (const groups of [10, 30, 100, 300]) {
  const counts: [number, number][] = Array.from({ length: groups }, (_, i) => [
    30 + (i % 17),
    100 + (i % 29),
  ]);
  const started = performance.now();
  pairBounds(counts, 0.05 / ((groups * (groups - 1)) / 2));
  const seconds = (performance.now() - started) / 1000;
  console.log(`${groups} groups: ${seconds.toFixed(3)} s per rate metric`);
}
