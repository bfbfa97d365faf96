import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FastCsvParser } from "../../src/io/fast-csv.js";
import { splitIntoRanges } from "../../src/io/fast-csv-ranges.js";

interface Rec {
  fields: string[];
  fieldCount: number;
  line: number;
}

/** csv-parse on the whole file; a record starts one line past the end of the one before. */
function referenceRecords(data: Buffer, columns: readonly number[]): Rec[] {
  const records: Rec[] = [];
  let nextStart = 1;
  parse(data, {
    delimiter: ",",
    bom: true,
    relax_column_count: true,
    on_record: (record: string[], context) => {
      records.push({
        fields: columns.map((c) => (c < record.length ? (record[c] as string) : "")),
        fieldCount: record.length,
        line: nextStart,
      });
      nextStart = context.lines + 1;
      return record;
    },
  });
  return records;
}

const dir = mkdtempSync(join(tmpdir(), "fast-csv-ranges-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

function writeTemp(data: Buffer): string {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, data);
  return path;
}

/** Parse each range on its own, as a worker would, and stitch the results together. */
async function parseByRanges(data: Buffer, parts: number, columns: number[]) {
  const plan = await splitIntoRanges(writeTemp(data), parts);
  const records: Rec[] = [];
  let linesBefore = 0;
  plan.ranges.forEach((range, k) => {
    const local: Rec[] = [];
    const parser = new FastCsvParser(
      {
        delimiter: ",",
        columns,
        firstLine: 1,
        bom: k === 0,
        ...(plan.recordDelimiter === null ? {} : { recordDelimiter: plan.recordDelimiter }),
      },
      (fields, fieldCount, line) => local.push({ fields: [...fields], fieldCount, line }),
    );
    parser.push(data.subarray(range.start, range.end));
    parser.end();
    for (const r of local) records.push({ ...r, line: r.line + linesBefore });
    linesBefore += parser.currentLine - 1;
  });
  return { plan, records };
}

const cell = fc.constantFrom("", "a", "Männlich", "1.5", "x y", "😀");
const eol = fc.constantFrom("\n", "\r\n", "\r");

describe("splitIntoRanges", () => {
  it("cuts quote-free files at record boundaries, so ranges parse like the whole file", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 40 }),
        fc.array(eol, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        async (rows, endings, bom, trailing, parts) => {
          let text = bom ? "\uFEFF" : "";
          rows.forEach((row, i) => {
            text += row.join(",");
            if (i < rows.length - 1 || trailing) text += endings[i % endings.length];
          });
          const data = Buffer.from(text, "utf8");
          const { plan, records } = await parseByRanges(data, parts, [0, 2]);
          expect(plan.hasQuotes).toBe(false);
          expect(plan.ranges.length).toBeLessThanOrEqual(parts);
          let at = 0;
          for (const r of plan.ranges) {
            expect(r.start).toBe(at);
            expect(r.end).toBeGreaterThan(r.start);
            at = r.end;
          }
          expect(at).toBe(data.length);
          expect(records).toEqual(referenceRecords(data, [0, 2]));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("returns a single range when the file has any quote", async () => {
    const data = Buffer.from(`a,b\n${"x,y\n".repeat(1000)}"p\nq",r\n${"x,y\n".repeat(1000)}`);
    const plan = await splitIntoRanges(writeTemp(data), 4);
    expect(plan.hasQuotes).toBe(true);
    expect(plan.ranges).toEqual([{ start: 0, end: data.length }]);
  });

  it("splits a larger file into the parts asked for", async () => {
    const data = Buffer.from(`a,b\r\n${"xx,yyy\r\n".repeat(5000)}`);
    const { plan, records } = await parseByRanges(data, 4, [1]);
    expect(plan.recordDelimiter).toBe("\r\n");
    expect(plan.ranges).toHaveLength(4);
    expect(records).toEqual(referenceRecords(data, [1]));
  });

  it("handles an empty file and a file without line breaks", async () => {
    expect(await splitIntoRanges(writeTemp(Buffer.alloc(0)), 3)).toEqual({
      ranges: [],
      hasQuotes: false,
      recordDelimiter: null,
      size: 0,
    });
    const plan = await splitIntoRanges(writeTemp(Buffer.from("a,b,c")), 3);
    expect(plan.ranges).toEqual([{ start: 0, end: 5 }]);
  });

  it("rejects a bad part count", async () => {
    await expect(splitIntoRanges(writeTemp(Buffer.from("a\n")), 0)).rejects.toThrow(TypeError);
  });
});
