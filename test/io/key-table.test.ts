import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyedValues, KeyTable } from "../../src/io/key-table.js";

describe("KeyTable", () => {
  it("answers as a Map does, across growth, for keys up to 2^53", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 2000 }),
            fc.maxSafeNat(),
            // keys that share their low 32 bits and differ above them
            fc.integer({ min: 0, max: 1000 }).map((k) => k * 4294967296 + 7),
          ),
          { maxLength: 3000 },
        ),
        (keys) => {
          const table = new KeyTable<{ key: number }>();
          const map = new Map<number, { key: number }>();
          for (const key of keys) {
            expect(table.get(key)).toBe(map.get(key));
            if (!map.has(key)) {
              const value = { key };
              map.set(key, value);
              table.add(key, value);
            }
          }
          for (const key of map.keys()) expect(table.get(key)?.key).toBe(key);
          expect(table.get(-1)).toBeUndefined();
        },
      ),
      { numRuns: 100 },
    );
  });

  it("KeyedValues finds numeric and string keys alike and keeps the order they came in", () => {
    const values = new KeyedValues<string>();
    const keys: (number | string)[] = [5, "1,2", 2 ** 40 + 5, 0, "0"];
    keys.forEach((key, i) => {
      expect(values.get(key)).toBeUndefined();
      values.add(key, `v${i}`);
    });
    for (const [i, key] of keys.entries()) expect(values.get(key)).toBe(`v${i}`);
    expect([...values.values()]).toEqual(["v0", "v1", "v2", "v3", "v4"]);
  });
});
