import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addOutcome, emptyCell } from "../../src/core/cell.js";
import { RATE_DEFINITIONS, type RateDefinition } from "../../src/core/metrics.js";
import { estimateMembership } from "../../src/membership/estimators.js";
import {
  emptyMembership,
  MembershipRow,
  type MembershipSums,
  mergeMembership,
  outcomeClass,
  priceView,
  rateView,
} from "../../src/membership/sums.js";

const GROUPS = ["a", "b", "c"];

interface Row {
  p: number[];
  decision: 0 | 1;
  label: 0 | 1;
  price: number;
}

const probabilityArb = fc
  .tuple(
    fc.integer({ min: 0, max: 100 }),
    fc.integer({ min: 0, max: 100 }),
    fc.integer({ min: 1, max: 100 }),
  )
  .map((w) => w.map((x) => x / (w[0] + w[1] + w[2])));

const rowArb = (p: fc.Arbitrary<number[]>): fc.Arbitrary<Row> =>
  fc.record({
    p,
    decision: fc.constantFrom(0 as const, 1 as const),
    label: fc.constantFrom(0 as const, 1 as const),
    price: fc.integer({ min: 100, max: 2000 }).map((c) => c / 100),
  });

function sumsOf(rows: readonly Row[]): MembershipSums {
  const sums = emptyMembership(GROUPS);
  const row = new MembershipRow(GROUPS.length);
  for (const r of rows) {
    row.p.set(r.p);
    row.addTo(sums, outcomeClass(r.decision, r.label), r.price);
  }
  return sums;
}

const ALL = [0, 1, 2, 3];

function snapshot(sums: MembershipSums) {
  const rate = estimateMembership(rateView(sums, ALL, [1, 3]));
  const tpr = estimateMembership(rateView(sums, [2, 3], [3]));
  const price = estimateMembership(priceView(sums));
  return [rate, tpr, price].flatMap((e) => [
    ...e.weighted,
    ...e.effectiveN,
    ...e.weightedCov.flat(),
    ...(e.linear ?? []),
    ...(e.linearCov ?? []).flat(),
  ]);
}

function expectSame(a: (number | null)[], b: (number | null)[]) {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    const y = b[i];
    if (x === null || y === null || Number.isNaN(x)) expect(y).toStrictEqual(x);
    else expect(Math.abs(x - (y as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
  });
}

describe("membership sums", () => {
  it("any split of the rows, merged in any order, gives the same estimates", () => {
    fc.assert(
      fc.property(
        fc.array(rowArb(probabilityArb), { minLength: 8, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }),
        (rows, parts) => {
          const shards: Row[][] = [[], [], [], []];
          for (const [i, r] of rows.entries()) shards[parts[i] as number]?.push(r);
          const merged = shards
            .reverse()
            .map(sumsOf)
            .reduce((a, b) => mergeMembership(b, a), emptyMembership(GROUPS));
          expectSame(snapshot(merged), snapshot(sumsOf(rows)));
          expect(merged.rows).toStrictEqual(sumsOf(rows).rows);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("with every probability 0 or 1, both estimators are the crisp rates and means", () => {
    const crispArb = fc.constantFrom<number[]>([1, 0, 0], [0, 1, 0], [0, 0, 1]);
    fc.assert(
      fc.property(fc.array(rowArb(crispArb), { minLength: 1, maxLength: 80 }), (rows) => {
        const sums = sumsOf(rows);
        GROUPS.forEach((_, g) => {
          const cell = emptyCell();
          const members = rows.filter((r) => r.p[g] === 1);
          for (const r of members) addOutcome(cell, r.decision, r.label);
          for (const [metric, definition] of Object.entries(RATE_DEFINITIONS)) {
            const def: RateDefinition = definition;
            if (metric === "selection_share") continue;
            const probe = (c: number) => {
              const unit = emptyCell();
              addOutcome(unit, (c & 1) as 0 | 1, (c >> 1) as 0 | 1);
              return unit;
            };
            const ctx = { hasDecision: true, hasLabel: true, hasPrice: true, totalSelected: 1 };
            const den = ALL.filter((c) => def.denominator(probe(c), ctx) === 1);
            const num = ALL.filter((c) => def.numerator(probe(c), ctx) === 1 && den.includes(c));
            const e = estimateMembership(rateView(sums, den, num));
            const d = def.denominator(cell, ctx);
            const crisp = d === 0 ? null : def.numerator(cell, ctx) / d;
            expect(e.weighted[g] ?? null).toBe(crisp);
            if (crisp !== null && e.linear) expect(e.linear[g]).toBeCloseTo(crisp, 12);
            // a crisp group's effective n is its size
            expect(e.effectiveN[g]).toBe(d);
          }
          const price = estimateMembership(priceView(sums));
          const mean =
            members.length === 0 ? null : members.reduce((s, r) => s + r.price, 0) / members.length;
          if (mean === null) expect(price.weighted[g]).toBeNull();
          else expect(price.weighted[g]).toBeCloseTo(mean, 10);
        });
      }),
      { numRuns: 80 },
    );
  });
});
