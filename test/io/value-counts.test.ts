import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runsEntries } from "../../src/core/price-stats.js";
import { ValueCounts } from "../../src/io/value-counts.js";

function mapEntries(values: readonly number[]): [number, number][] {
  const expected = new Map<number, number>();
  for (const v of values) expected.set(v + 0, (expected.get(v + 0) ?? 0) + 1);
  return [...expected].sort(([a], [b]) => a - b);
}

describe("ValueCounts", () => {
  it("counts as a Map would, -0 and 0 as one value, across table growth", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(0, -0, 1, 9.8, 9.800000000000001, 1e300, -5, 2 ** 53),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.integer({ min: 0, max: 300 }).map((i) => i / 10),
          ),
          { maxLength: 2000 },
        ),
        (values) => {
          const counts = new ValueCounts();
          for (const v of values) counts.add(v);
          expect(runsEntries(counts.runs())).toEqual(mapEntries(values));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives the same runs after switching from counting to appending (continuous prices)", () => {
    // 30,000 tiered prices first (counted), then 60,000 nearly distinct ones (appended once the
    // table passes 4,096 distinct values and most values are new), with repeats of both kinds.
    const values: number[] = [];
    for (let i = 0; i < 30_000; i++) values.push(9.99 + (i % 7));
    for (let i = 0; i < 60_000; i++) values.push(Math.round(((i * 7919) % 50_000) * 1.37) / 100);
    values.push(-0, 0, 9.99);
    const counts = new ValueCounts();
    for (const v of values) counts.add(v);
    const runs = counts.runs();
    expect(runsEntries(runs)).toEqual(mapEntries(values));
    for (let i = 1; i < runs.values.length; i++)
      expect(runs.values[i] as number).toBeGreaterThan(runs.values[i - 1] as number);
  });
});
