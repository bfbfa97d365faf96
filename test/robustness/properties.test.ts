import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chalk } from "chalk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit.js";
import { loadPolicy } from "../../src/config/load-policy.js";
import { resolvePlan } from "../../src/config/resolve-plan.js";
import {
  type AggregateCell,
  marginal,
  mergeTables,
  tableFromCells,
} from "../../src/core/aggregate-table.js";
import { addObservation, emptyCell } from "../../src/core/cell.js";
import { runsEntries } from "../../src/core/price-stats.js";
import { RENDERERS } from "../../src/report/registry.js";
import { auditResultSchema } from "../../src/result/audit-result.js";
import { runCli } from "./run-cli.js";

const dirPromise = mkdtemp(join(tmpdir(), "fairaudit-prop-"));
let fileNo = 0;
/** Same name in a fresh directory each time, so results differ only by content. */
async function tempFile(content: string | Uint8Array): Promise<string> {
  const dir = join(await dirPromise, String(fileNo++));
  await mkdir(dir);
  const path = join(dir, "data.csv");
  await writeFile(path, content);
  return path;
}

/** Cells that stress a CSV reader: delimiters, quotes, line ends, controls, non-ASCII. */
const cell = fc.oneof(
  fc.constantFrom(
    "",
    "0",
    "1",
    "F",
    "M",
    "yes",
    "NA",
    '"',
    '""',
    ",",
    ";",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\u0000",
    "\uFEFF",
    "é",
    "=1+1",
    "1e999",
    "-0",
  ),
  fc.string({ maxLength: 6 }),
);
const shape = fc.record({
  header: fc.array(fc.constantFrom("gender", "decision", "label", "x", "gender", ""), {
    minLength: 0,
    maxLength: 5,
  }),
  rows: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 12 }),
  delimiter: fc.constantFrom(",", ";", "\t"),
  eol: fc.constantFrom("\n", "\r\n", "\r"),
  quote: fc.boolean(),
  junk: fc.option(fc.uint8Array({ minLength: 1, maxLength: 8 }), { nil: undefined }),
});

describe("random CSV shapes end in an audit or a classified error", () => {
  it("never anything else", async () => {
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const field = (v: string) => (s.quote ? `"${v.replaceAll('"', '""')}"` : v);
        const text = [s.header, ...s.rows].map((r) => r.map(field).join(s.delimiter)).join(s.eol);
        const bytes = Buffer.concat([Buffer.from(text), Buffer.from(s.junk ?? [])]);
        const path = await tempFile(bytes);
        const run = await runCli([
          "audit",
          path,
          "--protected",
          "gender",
          "--decision",
          "decision",
          "--format",
          "json",
        ]);
        expect([0, 1, 2]).toContain(run.code);
        if (run.code === 2) {
          expect(run.stderr).toMatch(/^fairaudit: error: [^\n]+\n$/);
        } else {
          auditResultSchema.parse(JSON.parse(run.stdout));
        }
      }),
      { numRuns: 150 },
    );
  });
});

const row = fc.record({
  gender: fc.constantFrom("F", "M", "X"),
  region: fc.constantFrom("N", "S"),
  decision: fc.integer({ min: 0, max: 1 }),
  label: fc.integer({ min: 0, max: 1 }),
  price: fc.integer({ min: 100, max: 140 }),
});

async function auditRows(
  rows: readonly {
    gender: string;
    region: string;
    decision: number;
    label: number;
    price: number;
  }[],
) {
  const lines = [
    "gender,region,decision,label,price",
    ...rows.map((r) => `${r.gender},${r.region},${r.decision},${r.label},${r.price}`),
  ];
  const data = await tempFile(`${lines.join("\n")}\n`);
  const policy = await loadPolicy("default");
  const plan = resolvePlan(
    {
      data,
      protected: ["gender", "region"],
      intersect: true,
      decision: "decision",
      label: "label",
      price: "price",
    },
    { ...policy, suppressBelow: 3 },
  );
  const result = await runAudit(plan);
  return { ...result, inputs: { ...result.inputs, files: [] } };
}

function rounded(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_, v) => (typeof v === "number" ? Number(v.toPrecision(10)) : v)),
  );
}

describe("invariants", () => {
  it("metrics are invariant under row permutation", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(row, { minLength: 1, maxLength: 80 })
          .chain((rows) =>
            fc.tuple(
              fc.constant(rows),
              fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
            ),
          ),
        async ([rows, shuffled]) => {
          // price moments are equal up to floating-point rounding (Welford's update is order-dependent)
          expect(rounded(await auditRows(shuffled))).toEqual(rounded(await auditRows(rows)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("merging accumulators in any order gives the same table and marginals", () => {
    const obs = fc.tuple(
      fc.constantFrom("F", "M"),
      fc.constantFrom("N", "S"),
      fc.integer({ min: 0, max: 1 }),
      fc.integer({ min: 0, max: 1 }),
      fc.integer({ min: 1, max: 9 }),
    );
    const part = fc.array(obs, { maxLength: 20 }).map((items) => {
      const cells = new Map<string, AggregateCell>();
      for (const [g, r, d, l, p] of items) {
        const key = `${g}|${r}`;
        const c = cells.get(key) ?? { groups: [g, r], stats: emptyCell() };
        addObservation(c.stats, d as 0 | 1, l as 0 | 1, p);
        cells.set(key, c);
      }
      return tableFromCells(["gender", "region"], cells.values());
    });
    fc.assert(
      fc.property(
        fc
          .array(part, { minLength: 1, maxLength: 5 })
          .chain((parts) =>
            fc.tuple(
              fc.constant(parts),
              fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }),
            ),
          ),
        ([parts, order]) => {
          const forward = parts.reduce((a, b) => mergeTables(a, b));
          const other = order.reduceRight((a, b) => mergeTables(b, a));
          for (const indices of [[0], [1], [0, 1]]) {
            const counts = (t: typeof forward) =>
              [...marginal(t, indices)].map(([k, s]) => [
                k,
                s.n,
                s.selected,
                s.tp,
                s.fp,
                s.tn,
                s.fn,
                s.price.count,
                s.price.histogram === null ? null : runsEntries(s.price.histogram),
              ]);
            expect(counts(other)).toEqual(counts(forward));
          }
        },
      ),
    );
  });

  it("every format renders every audit result", async () => {
    const context = { color: new Chalk({ level: 0 }), quiet: false };
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (rows) => {
        const result = await auditRows(rows);
        auditResultSchema.parse(result);
        for (const render of Object.values(RENDERERS))
          expect(typeof render(result, context)).toBe("string");
      }),
      { numRuns: 30 },
    );
  });
});
