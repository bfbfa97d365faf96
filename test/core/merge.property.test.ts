import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AggregateTable,
  mergeTables,
  tableFromCells,
} from "../../src/core/aggregate-table.js";
import { addObservation, emptyCell } from "../../src/core/cell.js";
import { measureGrouping } from "../../src/core/measure.js";

interface Row {
  g: string;
  r: string;
  decision: 0 | 1;
  label: 0 | 1;
  price: number;
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  g: fc.constantFrom("Female", "Male", "Divers"),
  r: fc.constantFrom("Nord", "Süd"),
  decision: fc.constantFrom(0 as const, 1 as const),
  label: fc.constantFrom(0 as const, 1 as const),
  price: fc.integer({ min: 100, max: 2000 }).map((c) => c / 100),
});

function tableOf(rows: readonly Row[]): AggregateTable {
  const cells = new Map<string, { groups: string[]; stats: ReturnType<typeof emptyCell> }>();
  for (const row of rows) {
    const key = `${row.g}|${row.r}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { groups: [row.g, row.r], stats: emptyCell() };
      cells.set(key, cell);
    }
    addObservation(cell.stats, row.decision, row.label, row.price);
  }
  return tableFromCells(["gender", "region"], cells.values());
}

const options = {
  hasDecision: true,
  hasLabel: true,
  hasPrice: true,
  decisionIsFavourable: true,
  minGroupSize: 0,
};

/**
 * Every metric, exactly. (The streamed Welford moments inside the accumulator may differ in the
 * last bits between orders; metrics are computed from the order-free histogram instead.)
 */
function measureAll(table: AggregateTable) {
  return [
    measureGrouping(table, { name: "gender", indices: [0], strategy: "largest" }, options),
    measureGrouping(
      table,
      { name: "gender & region", indices: [0, 1], strategy: "most-favourable" },
      options,
    ),
  ].map((m) => ({
    ...m,
    groups: m.groups.map((g) => ({ ...g, stats: { ...g.stats, price: undefined } })),
    overall: { ...m.overall, stats: undefined },
  }));
}

describe("accumulators form a monoid", () => {
  it("any split into shards, merged in any order, gives the metrics of one pass", () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.nat(),
        (rows, cuts, seed) => {
          const points = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
          const shards: Row[][] = [];
          let from = 0;
          for (const p of [...points, rows.length]) {
            shards.push(rows.slice(from, p));
            from = p;
          }
          const tables = shards.map(tableOf);
          // a deterministic shuffle of the shards
          const order = tables
            .map((t, i) => ({ t, k: (i * 7919 + seed) % 104729 }))
            .sort((a, b) => a.k - b.k);
          const merged = order.reduce((acc, { t }) => mergeTables(acc, t), tableOf([]));
          expect(measureAll(merged)).toEqual(measureAll(tableOf(rows)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("merging with the empty table changes nothing, and merging is commutative", () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 100 }),
        fc.array(rowArb, { maxLength: 100 }),
        (a, b) => {
          const ta = tableOf(a);
          const tb = tableOf(b);
          expect(measureAll(mergeTables(ta, tableOf([])))).toEqual(measureAll(ta));
          expect(measureAll(mergeTables(ta, tb))).toEqual(measureAll(mergeTables(tb, ta)));
        },
      ),
    );
  });

  it("row order never changes a metric", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 200 }), (rows) => {
        expect(measureAll(tableOf([...rows].reverse()))).toEqual(measureAll(tableOf(rows)));
      }),
    );
  });
});
