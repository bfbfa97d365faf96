import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Grouper } from "../../src/groups/grouper.js";
import { QuotedData, RowScanner } from "../../src/io/byte-scan.js";
import type { RowFields } from "../../src/io/row-fields.js";
import { StringFields } from "../../src/io/row-fields.js";

/**
 * The byte reader (byte-scan.ts + byte-fields.ts) against the reference: csv-parse for the
 * records, and the string reader (StringFields over csv-parse's fields) for every answer the row
 * logic can ask. Any difference would change an audit, so the comparison is exhaustive per record.
 */

interface Answers {
  fieldCount: number;
  line: number;
  perField: unknown[];
}

const VALUES = [
  "0",
  "1",
  "7",
  "007",
  "-0",
  "-3",
  "1.5",
  "-2.25",
  "1.",
  "3.10",
  ".5",
  "-",
  "-.5",
  "1e5",
  "0x1A",
  "12345678901234",
  "123456789012345",
  "1234567890123456",
  "0.1",
  "0.30000000000000004",
  "2147483647",
  "2147483648",
  "9999999999",
  "",
  "NA",
  "N/A",
  "null",
  "?",
  "yes",
  "no",
  "TRUE",
  "f",
  "Y",
  " 1",
  "1 ",
  "a b",
  "Süd",
  "Straße",
  "日本",
  "Female",
  "female",
  "x!",
  "constructor",
  "#",
  "99",
];
const SEGMENTS = ["1", "yes", "Süd", "", "NA"];
const POSITIVES = [undefined, "1", "yes", "Süd"];
const MISSING_SETS = [["", "NA", "N/A", "null", "?"], ["", "-3", "99"], ["0.1"], []];

/** Every question the row logic may ask of a field, in a fixed order. */
function ask(row: RowFields, pos: number, groupers: Grouper[], segment: string, positive?: string) {
  return [
    row.equals(pos, segment),
    row.binary(pos, undefined),
    row.binary(pos, positive),
    row.number(pos),
    row.text(pos),
    row.integer(pos),
    ...groupers.map((g) => row.group(pos, g)),
  ];
}

function groupersFor(maxGroups: number, missing: ReadonlySet<string>): Grouper[] {
  const options = { missingValues: missing, maxGroups };
  return [
    new Grouper({ name: "plain", column: "c" }, options),
    new Grouper({ name: "binned", column: "c", bins: [0, 10] }, options),
    new Grouper({ name: "mapped", column: "c", map: { yes: "Y", Y: "Y", "1": "Y" } }, options),
  ];
}

function reference(data: Buffer, columns: number, setup: Setup, out: Answers[] = []): Answers[] {
  const missing = new Set(setup.missing);
  const strings = new StringFields(missing);
  const groupers = groupersFor(setup.maxGroups, missing);
  let nextStart = 1;
  let header = true;
  parse(data, {
    delimiter: ",",
    bom: true,
    relax_column_count: true,
    record_delimiter: ["\r\n", "\n", "\r"],
    on_record: (record: string[], context) => {
      const line = nextStart;
      nextStart = context.lines + 1;
      if (header) {
        header = false;
        return null;
      }
      if (record.length === 1 && record[0] === "" && columns > 1) return null;
      strings.fields = Array.from({ length: columns }, (_, c) => record[c] ?? "");
      const perField = [];
      for (let pos = 0; pos < columns; pos++) {
        perField.push(ask(strings, pos, groupers, setup.segment, setup.positive));
      }
      out.push({ fieldCount: record.length, line, perField });
      return null;
    },
  });
  return out;
}

function byBytes(
  data: Buffer,
  columns: number,
  setup: Setup,
  cuts: number[],
  out: Answers[] = [],
): Answers[] {
  const missing = new Set(setup.missing);
  const groupers = groupersFor(setup.maxGroups, missing);
  const scanner = new RowScanner(
    {
      delimiter: ",",
      columns: Array.from({ length: columns }, (_, c) => c),
      columnCount: columns,
      missing,
      atStart: true,
      firstLine: 1,
      onQuote: "handoff",
    },
    (row, fieldCount, line) => {
      const perField = [];
      for (let pos = 0; pos < columns; pos++) {
        perField.push(ask(row, pos, groupers, setup.segment, setup.positive));
      }
      out.push({ fieldCount, line, perField });
    },
  );
  let from = 0;
  for (const cut of [...cuts.filter((c) => c < data.length).sort((a, b) => a - b), data.length]) {
    // A fresh copy per chunk, overwritten afterwards: the scanner must not keep chunk references.
    const chunk = Buffer.from(data.subarray(from, cut));
    scanner.push(chunk);
    chunk.fill(0x7e);
    from = cut;
  }
  scanner.end();
  return out;
}

/** The records a reader delivered, and whether it then refused the data (a syntax error). */
function outcome(read: (out: Answers[]) => void): { records: Answers[]; failed: boolean } {
  const records: Answers[] = [];
  try {
    read(records);
    return { records, failed: false };
  } catch {
    return { records, failed: true };
  }
}

interface Setup {
  missing: string[];
  segment: string;
  positive: string | undefined;
  maxGroups: number;
}

const setupArb: fc.Arbitrary<Setup> = fc.record({
  missing: fc.constantFrom(...MISSING_SETS),
  segment: fc.constantFrom(...SEGMENTS),
  positive: fc.constantFrom(...POSITIVES),
  maxGroups: fc.constantFrom(3, 100),
});

const fieldArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("a", "1", ".", "-", " ", "é") }) },
);
const breakArb = fc.constantFrom("\n", "\r\n", "\r");

/** A CSV without quotes: header, rows (some ragged, some blank), mixed line endings, maybe a BOM. */
const unquotedCsv = fc
  .record({
    columns: fc.integer({ min: 1, max: 4 }),
    bom: fc.boolean(),
    rows: fc.array(
      fc.record({
        fields: fc.array(fieldArb, { minLength: 0, maxLength: 5 }),
        ragged: fc.integer({ min: 0, max: 9 }),
        end: breakArb,
      }),
      { maxLength: 30 },
    ),
    finalBreak: fc.boolean(),
  })
  .map(({ columns, bom, rows, finalBreak }) => {
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(",");
    const lines = rows.map((r) => {
      const count = r.ragged === 0 ? r.fields.length : columns;
      const fields = Array.from({ length: count }, (_, c) => r.fields[c] ?? "");
      return fields.join(",") + r.end;
    });
    let text = `${header}\n${lines.join("")}`;
    if (!finalBreak) text = text.replace(/(\r\n|\n|\r)$/, "");
    return { columns, data: Buffer.from((bom ? "\uFEFF" : "") + text) };
  });

/**
 * A CSV with quoted fields (delimiters, doubled quotes, line breaks of every kind inside) and,
 * now and then, a malformed one: a quote inside an unquoted field, text after a closing quote, a
 * quote never closed. csv-parse refuses those; so must the byte reader, after the same records.
 */
const quotedField = fc.oneof(
  { weight: 6, arbitrary: fieldArb },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom("a", "1", ",", '""', "\n", "\r\n", "\r", "é", " ", "2.5"), {
        maxLength: 5,
      })
      .map((parts) => `"${parts.join("")}"`),
  },
  { weight: 1, arbitrary: fc.constantFrom('a"b', '"x"y', '"open', '"a" ', '1"') },
);
const quotedCsv = fc
  .record({
    columns: fc.integer({ min: 1, max: 4 }),
    bom: fc.boolean(),
    quotedHeader: fc.boolean(),
    rows: fc.array(
      fc.record({
        fields: fc.array(quotedField, { minLength: 0, maxLength: 5 }),
        ragged: fc.integer({ min: 0, max: 9 }),
        end: breakArb,
      }),
      { maxLength: 25 },
    ),
    finalBreak: fc.boolean(),
  })
  .map(({ columns, bom, quotedHeader, rows, finalBreak }) => {
    const names = Array.from({ length: columns }, (_, c) => (quotedHeader ? `"c${c}"` : `c${c}`));
    const lines = rows.map((r) => {
      const count = r.ragged === 0 ? r.fields.length : columns;
      const fields = Array.from({ length: count }, (_, c) => r.fields[c] ?? "");
      return fields.join(",") + r.end;
    });
    let text = `${names.join(",")}\n${lines.join("")}`;
    if (!finalBreak) text = text.replace(/(\r\n|\n|\r)$/, "");
    return { columns, data: Buffer.from((bom ? "\uFEFF" : "") + text) };
  });

describe("reading records from bytes", () => {
  it("reads quoted fields as csv-parse does, and refuses what it refuses after the same records", () => {
    fc.assert(
      fc.property(
        quotedCsv,
        setupArb,
        fc.array(fc.nat({ max: 400 }), { maxLength: 6 }),
        ({ columns, data }, setup, cuts) => {
          const expected = outcome((out) => reference(data, columns, setup, out));
          const actual = outcome((out) => byBytes(data, columns, setup, cuts, out));
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("gives every answer the string reader gives on csv-parse's records, however the chunks fall", () => {
    fc.assert(
      fc.property(
        unquotedCsv,
        setupArb,
        fc.array(fc.nat({ max: 400 }), { maxLength: 6 }),
        ({ columns, data }, setup, cuts) => {
          expect(byBytes(data, columns, setup, cuts)).toEqual(reference(data, columns, setup));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("hands the rest of the data to the quote-aware parser at the first quote", () => {
    fc.assert(
      fc.property(
        unquotedCsv,
        fc.nat(),
        fc.constantFrom('"a,b"', '"x""y"', '"line\nbreak"', '""'),
        setupArb,
        fc.array(fc.nat({ max: 400 }), { maxLength: 4 }),
        ({ columns, data }, at, quoted, setup, cuts) => {
          // Put a quoted field at the start of some line.
          const text = data.toString();
          const starts = [...text.matchAll(/(^|\r\n|\n|\r)/g)].map((m) => m.index + m[0].length);
          const start = starts[at % starts.length] as number;
          const withQuote = Buffer.from(`${text.slice(0, start)}${quoted},${text.slice(start)}`);
          expect(byBytes(withQuote, columns, setup, cuts)).toEqual(
            reference(withQuote, columns, setup),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("in a worker's byte range, reads quoted fields but refuses what it cannot vouch for", () => {
    const rangeScanner = (sink: (line: number) => void = () => {}) =>
      new RowScanner(
        {
          delimiter: ",",
          columns: [0, 1],
          columnCount: 2,
          missing: new Set(),
          atStart: false,
          firstLine: 1,
          onQuote: "refuse",
        },
        (_fields, _count, line) => sink(line),
      );
    const lines: number[] = [];
    const ok = rangeScanner((line) => lines.push(line));
    ok.push(Buffer.from('1,2\n3,"a,\nb"\n5,"6"\n'));
    ok.end();
    expect(lines).toEqual([1, 2, 4]);
    // A quote inside an unquoted field: only the quote-aware parser may judge it.
    expect(() => rangeScanner().push(Buffer.from('1,2\n5,6"x\n'))).toThrow(QuotedData);
    // The range ends inside quotes: the cut after it lay inside a quoted field.
    const cut = rangeScanner();
    cut.push(Buffer.from('1,2\n7,"open\n'));
    expect(() => cut.end()).toThrow(QuotedData);
  });
});
