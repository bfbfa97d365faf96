import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValueCounts } from "../../src/io/value-counts.js";

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
          const expected = new Map<number, number>();
          for (const v of values) {
            counts.add(v);
            expected.set(v, (expected.get(v) ?? 0) + 1);
          }
          const actual = new Map<number, number>();
          counts.addTo(actual);
          expect(new Map([...actual].sort(([a], [b]) => a - b))).toEqual(
            new Map([...expected].sort(([a], [b]) => a - b)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("adds into an existing histogram", () => {
    const counts = new ValueCounts();
    counts.add(2);
    counts.add(2);
    counts.add(-0);
    const histogram = new Map([
      [2, 5],
      [0, 1],
    ]);
    counts.addTo(histogram);
    expect(histogram).toEqual(
      new Map([
        [2, 7],
        [0, 2],
      ]),
    );
  });
});
