import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalInteger, IdIndex } from "../../src/io/id-index.js";

describe("IdIndex", () => {
  it("behaves exactly like a Map of id strings, whatever the ids", () => {
    const idArb = fc.oneof(
      fc.nat({ max: 5000 }).map(String),
      fc.constantFrom("007", "0", "00", "-1", "1e3", " 5", "abc", "4294967296", "2147483648"),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(idArb, { maxLength: 300 }),
        fc.array(idArb, { maxLength: 50 }),
        (ids, probes) => {
          const index = new IdIndex();
          const map = new Map<string, number>();
          ids.forEach((id, row) => {
            index.set(id, row);
            map.set(id, row);
          });
          for (const id of [...ids, ...probes]) expect(index.get(id)).toBe(map.get(id));
        },
      ),
    );
  });

  it("stays on the compact integer path for dense numeric ids", () => {
    const index = new IdIndex();
    for (let i = 1; i <= 100_000; i++) index.set(String(i), i - 1);
    expect(index.mode).toBe("integers");
    expect(index.get("100000")).toBe(99_999);
    expect(index.get("0100")).toBeUndefined();
    index.set("cust-1", 100_000);
    expect(index.mode).toBe("strings");
    expect(index.get("100000")).toBe(99_999);
    expect(index.get("cust-1")).toBe(100_000);
  });

  it("reads canonical integers only", () => {
    expect(canonicalInteger("0")).toBe(0);
    expect(canonicalInteger("42")).toBe(42);
    expect(canonicalInteger("042")).toBe(-1);
    expect(canonicalInteger("+42")).toBe(-1);
    expect(canonicalInteger("2147483647")).toBe(2147483647);
    expect(canonicalInteger("2147483648")).toBe(-1);
  });
});

describe("IdIndex with shuffled ids", () => {
  it("stays compact when the expected count covers ids arriving in any order", () => {
    const index = new IdIndex(2_000_000);
    index.set("1999999", 0);
    index.set("5", 1);
    expect(index.mode).toBe("integers");
    expect(index.get("1999999")).toBe(0);
  });
});
