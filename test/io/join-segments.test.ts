import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsvHeader } from "../../src/io/csv-file.js";
import { splitIntoRanges } from "../../src/io/fast-csv-ranges.js";
import { planJoinSegments } from "../../src/io/join-segments.js";
import { type JoinSegment, NotSorted, SortedOutputs } from "../../src/io/model-outputs.js";
import type { OutputSpec } from "../../src/io/predictions.js";
import { tempFiles } from "../helpers/temp-files.js";

/** Files ordered by id: data ids with gaps, model outputs for some of them plus ids of their own. */
const orderedFiles = fc
  .record({
    steps: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 300 }),
    extra: fc.array(fc.nat({ max: 2000 }), { maxLength: 50 }),
    keep: fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
    crlf: fc.boolean(),
    parts: fc.integer({ min: 2, max: 5 }),
  })
  .map(({ steps, extra, keep, crlf, parts }) => {
    const dataIds: number[] = [];
    let id = 0;
    for (const step of steps) {
      id += step;
      dataIds.push(id);
    }
    const outputIds = [
      ...new Set([...dataIds.filter((_, i) => keep[i]), ...extra.map((e) => e + 1)]),
    ].sort((a, b) => a - b);
    const eol = crlf ? "\r\n" : "\n";
    const data = `region,customer_id,price${eol}${dataIds.map((d) => `r${d % 3},${d},${d / 4}`).join(eol)}${eol}`;
    const outputs = `customer_id,score${eol}${outputIds.map((o) => `${o},${(o % 100) / 100}`).join(eol)}${eol}`;
    return { dataIds, data, outputs, parts };
  });

async function specFor(path: string): Promise<OutputSpec> {
  return {
    header: await readCsvHeader(path),
    idColumn: 0,
    valueColumn: 1,
    mode: "score",
    missing: new Set([""]),
    positive: undefined,
  };
}

/** The data ids in bytes [start, end) of the data file (in `column`), header skipped. */
function idsIn(path: string, start: number, end: number, column = 1): number[] {
  const text = readFileSync(path).subarray(start, end).toString();
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  return (start === 0 ? lines.slice(1) : lines).map((l) => Number(l.split(",")[column]));
}

/** One share's join, as a worker runs it: every value matched, then the rows and unmatched. */
function joinShare(spec: OutputSpec, ids: number[], segment?: JoinSegment) {
  const outputs = new SortedOutputs(spec, () => {}, segment);
  const matched = ids.map((id) => outputs.matchInteger(id, true));
  outputs.finish();
  return { matched, rows: outputs.rows, unmatched: outputs.unmatchedCount };
}

describe("a merge join cut into shares", () => {
  it("gives, share by share, exactly the one-thread join", async () => {
    await fc.assert(
      fc.asyncProperty(orderedFiles, async ({ dataIds, data, outputs, parts }) => {
        const f = tempFiles({ "data.csv": data, "out.csv": outputs });
        const dataHeader = await readCsvHeader(f.path("data.csv"));
        const spec = await specFor(f.path("out.csv"));
        const plan = await splitIntoRanges(f.path("data.csv"), parts, { checkQuotes: false });
        const segments = planJoinSegments(dataHeader, 1, plan.ranges, spec.header, 0);
        expect(segments).not.toBeNull();
        const shares = plan.ranges.map((r, k) =>
          joinShare(spec, idsIn(f.path("data.csv"), r.start, r.end), segments?.[k]),
        );
        const whole = joinShare(spec, dataIds);
        expect(shares.flatMap((s) => s.matched)).toEqual(whole.matched);
        expect(shares.reduce((n, s) => n + s.rows, 0)).toBe(whole.rows);
        expect(shares.reduce((n, s) => n + s.unmatched, 0)).toBe(whole.unmatched);
        // The shares tile the model output.
        expect(segments?.[0]?.start).toBe(0);
        expect(segments?.at(-1)?.end).toBe(spec.header.bytes);
        segments?.slice(1).forEach((s, k) => {
          expect(s.start).toBe(segments[k]?.end);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("notices a model output out of order inside a share", async () => {
    const data = `id,x\n${Array.from({ length: 40 }, (_, i) => `${i + 1},a`).join("\n")}\n`;
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    [ids[25], ids[26]] = [ids[26] as number, ids[25] as number]; // 27 before 26
    const f = tempFiles({
      "data.csv": data,
      "out.csv": `id,score\n${ids.map((i) => `${i},0.5`).join("\n")}\n`,
    });
    const dataHeader = await readCsvHeader(f.path("data.csv"));
    const spec = await specFor(f.path("out.csv"));
    const plan = await splitIntoRanges(f.path("data.csv"), 2, { checkQuotes: false });
    const segments = planJoinSegments(dataHeader, 0, plan.ranges, spec.header, 0) ?? [];
    const attempts = plan.ranges.map(
      (r, k) => () => joinShare(spec, idsIn(f.path("data.csv"), r.start, r.end, 0), segments[k]),
    );
    expect(() => {
      for (const attempt of attempts) attempt();
    }).toThrow(NotSorted);
  });

  it("refuses a data row whose id lies outside its share", async () => {
    const f = tempFiles({ "out.csv": "id,score\n5,0.1\n" });
    const spec = await specFor(f.path("out.csv"));
    const outputs = new SortedOutputs(spec, () => {}, {
      start: 0,
      end: spec.header.bytes,
      lower: 0,
      upper: 6,
    });
    expect(outputs.matchInteger(5, true)).toBeCloseTo(0.1);
    expect(() => outputs.matchInteger(6, true)).toThrow(NotSorted);
    outputs.close();
  });
});
