import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvSyntaxError, FastCsvParser } from "../../src/io/fast-csv.js";

/** One parsed record, restricted to the wanted columns. */
interface Rec {
  fields: string[];
  fieldCount: number;
  line: number;
}

/** What a parser produced: the records it emitted, then its error if it threw. */
interface Outcome {
  records: Rec[];
  error: { code: string; line: number; column: number } | null;
}

/** csv-parse error codes and the fast parser's codes for the same situation. */
const CODE_MAP: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "unterminated_quote",
  INVALID_OPENING_QUOTE: "invalid_quote",
  CSV_INVALID_CLOSING_QUOTE: "invalid_closing_quote",
};

interface CsvParseError {
  code: string;
  lines: number;
  column: number;
}

/**
 * csv-parse with the options the fast parser mirrors. A record's start line is one past the
 * end line (`info.lines`) of the record before it; the first record starts on line 1.
 */
function referenceParse(
  data: Buffer,
  delimiter: string,
  columns: readonly number[],
  anyEnding = false,
): Outcome {
  const records: Rec[] = [];
  let nextStart = 1;
  try {
    parse(data, {
      delimiter,
      bom: true,
      relax_column_count: true,
      ...(anyEnding ? { record_delimiter: ["\r\n", "\n", "\r"] } : {}),
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
    return { records, error: null };
  } catch (err) {
    const e = err as CsvParseError;
    if (!(e.code in CODE_MAP)) throw err;
    return {
      records,
      error: { code: CODE_MAP[e.code] as string, line: e.lines, column: e.column + 1 },
    };
  }
}

/** The fast parser, fed `data` cut at the given offsets. */
function fastParse(
  data: Buffer,
  delimiter: string,
  columns: readonly number[],
  cuts: readonly number[] = [],
  anyEnding = false,
): Outcome {
  const records: Rec[] = [];
  const options = anyEnding
    ? { delimiter, columns, recordDelimiter: "any" as const }
    : { delimiter, columns };
  const parser = new FastCsvParser(options, (fields, fieldCount, line) => {
    records.push({ fields: [...fields], fieldCount, line });
  });
  try {
    let prev = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      if (cut <= prev || cut >= data.length) continue;
      parser.push(data.subarray(prev, cut));
      prev = cut;
    }
    parser.push(data.subarray(prev));
    parser.end();
    return { records, error: null };
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    return { records, error: { code: err.code, line: err.line, column: err.column } };
  }
}

/** Every cut point: the data fed one byte at a time. */
function everyByte(data: Buffer): number[] {
  return Array.from({ length: data.length }, (_, i) => i);
}

const DELIMITERS = [",", ";", "\t"] as const;

const plainPiece = fc.constantFrom(
  "a",
  "b",
  "Z",
  "1",
  "0.5",
  " ",
  "Männlich",
  "é",
  "😀",
  "x y",
  "-",
);

function quotedPiece(delimiter: string) {
  return fc.constantFrom("a", "ö", "😀", delimiter, "\n", "\r\n", "\r", '""', " ", "Weiblich");
}

function field(delimiter: string) {
  return fc.oneof(
    { arbitrary: fc.constant(""), weight: 2 },
    {
      arbitrary: fc.array(plainPiece, { minLength: 1, maxLength: 4 }).map((p) => p.join("")),
      weight: 5,
    },
    {
      arbitrary: fc.array(quotedPiece(delimiter), { maxLength: 5 }).map((p) => `"${p.join("")}"`),
      weight: 3,
    },
  );
}

/** Well-formed CSV text (modulo csv-parse's fixed record delimiter), with its options. */
const wellFormed = fc.constantFrom(...DELIMITERS).chain((delimiter) =>
  fc.record({
    delimiter: fc.constant(delimiter),
    rows: fc.array(fc.array(field(delimiter), { minLength: 1, maxLength: 6 }), { maxLength: 8 }),
    endings: fc.array(fc.constantFrom("\n", "\r\n", "\n", "\r\n", "\r"), {
      minLength: 8,
      maxLength: 8,
    }),
    uniformEnding: fc.boolean(),
    bom: fc.boolean(),
    trailing: fc.boolean(),
  }),
);

function render(c: {
  rows: string[][];
  delimiter: string;
  endings: string[];
  uniformEnding: boolean;
  bom: boolean;
  trailing: boolean;
}): Buffer {
  let text = c.bom ? "\uFEFF" : "";
  c.rows.forEach((row, i) => {
    const ending = (c.uniformEnding ? c.endings[0] : c.endings[i]) ?? "\n";
    text += row.join(c.delimiter);
    if (i < c.rows.length - 1 || c.trailing) text += ending;
  });
  return Buffer.from(text, "utf8");
}

/** Arbitrary junk from the characters that matter to a CSV parser. */
const junk = fc.constantFrom(...DELIMITERS).chain((delimiter) =>
  fc.record({
    delimiter: fc.constant(delimiter),
    text: fc
      .array(fc.constantFrom("a", delimiter, ",", '"', '"', "\r", "\n", "ä", "😀", "\u0000", " "), {
        maxLength: 30,
      })
      .map((p) => p.join("")),
    bom: fc.boolean(),
  }),
);

const columnsArb = fc.array(fc.nat({ max: 7 }), { maxLength: 6 });

function cutsFor(len: number) {
  return fc.oneof(
    fc.array(fc.nat({ max: Math.max(0, len) }), { maxLength: 6 }),
    fc.constant(Array.from({ length: len }, (_, i) => i)),
  );
}

describe.each([
  { mode: "a fixed record delimiter (csv-parse's default)", anyEnding: false },
  { mode: 'any line ending (record_delimiter ["\\r\\n", "\\n", "\\r"])', anyEnding: true },
])("FastCsvParser matches csv-parse with $mode", ({ anyEnding }) => {
  it("on well-formed data with random chunking and column subsets", () => {
    fc.assert(
      fc.property(
        wellFormed.chain((c) => {
          const data = render(c);
          return fc.tuple(
            fc.constant(c.delimiter),
            fc.constant(data),
            columnsArb,
            cutsFor(data.length),
          );
        }),
        ([delimiter, data, columns, cuts]) => {
          const expected = referenceParse(data, delimiter, columns, anyEnding);
          expect(fastParse(data, delimiter, columns, cuts, anyEnding)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("on junk made of delimiters, quotes, line breaks and non-ASCII text", () => {
    fc.assert(
      fc.property(
        junk.chain((c) => {
          const data = Buffer.from((c.bom ? "\uFEFF" : "") + c.text, "utf8");
          return fc.tuple(
            fc.constant(c.delimiter),
            fc.constant(data),
            columnsArb,
            cutsFor(data.length),
          );
        }),
        ([delimiter, data, columns, cuts]) => {
          const expected = referenceParse(data, delimiter, columns, anyEnding);
          expect(fastParse(data, delimiter, columns, cuts, anyEnding)).toEqual(expected);
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe("FastCsvParser records", () => {
  function parseAll(text: string | Buffer, columns: number[], delimiter = ",", cuts?: number[]) {
    const data = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    const out = fastParse(data, delimiter, columns, cuts ?? []);
    expect(out).toEqual(referenceParse(data, delimiter, columns));
    return out;
  }

  it("materialises only the wanted columns, in the order asked", () => {
    const out = parseAll("a,b,c,d\n1,2,3,4\n", [3, 0, 0]);
    expect(out.records.map((r) => r.fields)).toEqual([
      ["d", "a", "a"],
      ["4", "1", "1"],
    ]);
  });

  it("gives a blank line as a record with one empty field, and gives missing fields as ''", () => {
    const out = parseAll("a,b\n\nc,d\n", [0, 1]);
    expect(out.records).toEqual([
      { fields: ["a", "b"], fieldCount: 2, line: 1 },
      { fields: ["", ""], fieldCount: 1, line: 2 },
      { fields: ["c", "d"], fieldCount: 2, line: 3 },
    ]);
  });

  it("handles quotes, escaped quotes and quoted line breaks, with start lines", () => {
    const out = parseAll('id,note\r\n1,"say ""hi""\r\nthere"\r\n2,"a,b"', [1]);
    expect(out.records).toEqual([
      { fields: ["note"], fieldCount: 2, line: 1 },
      { fields: ['say "hi"\r\nthere'], fieldCount: 2, line: 2 },
      // csv-parse counts the quoted \r\n as two lines
      { fields: ["a,b"], fieldCount: 2, line: 5 },
    ]);
  });

  it("drops a UTF-8 BOM at the start and decodes non-ASCII text", () => {
    const out = parseAll("\uFEFFgender;x\nMännlich;😀\n", [0, 1], ";");
    expect(out.records.map((r) => r.fields)).toEqual([
      ["gender", "x"],
      ["Männlich", "😀"],
    ]);
  });

  it("gives an empty last field after a trailing delimiter, with or without a line break", () => {
    expect(parseAll("a,b\nc,\n", [1]).records.map((r) => r.fields)).toEqual([["b"], [""]]);
    expect(parseAll("a,b\nc,", [1]).records.map((r) => r.fields)).toEqual([["b"], [""]]);
  });

  it("keeps csv-parse's NUL-after-closing-quote behaviour", () => {
    parseAll('"a"\u0000b,c\n', [0, 1]);
  });

  it("handles the empty input and a lone line break", () => {
    expect(parseAll("", [0]).records).toEqual([]);
    expect(parseAll("\n", [0]).records).toEqual([{ fields: [""], fieldCount: 1, line: 1 }]);
  });

  it("stays exact over many rows of repeating and unique values (string interning)", () => {
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state >>> 8;
    };
    const labels = ["Männlich", "Weiblich", "divers", "", "😀x", '"q,1"', '"a""b"'];
    let text = "id,label,many,score\n";
    for (let i = 0; i < 30_000; i++) {
      const phase = Math.floor(i / 9000) % 2 === 0;
      const many = phase ? `v${next() % 600}` : `w${next() % 3}é`;
      text += `${i},${labels[next() % labels.length]},${many},0.${next() % 100000}\n`;
    }
    const data = Buffer.from(text, "utf8");
    const expected = referenceParse(data, ",", [1, 2, 3, 0]);
    expect(fastParse(data, ",", [1, 2, 3, 0], [100_003, 250_001])).toEqual(expected);
  });

  it("documents that the fields array is reused between calls", () => {
    const seen: string[][] = [];
    const p = new FastCsvParser({ delimiter: ",", columns: [0] }, (f) => seen.push(f));
    p.push(Buffer.from("a\nb\n"));
    p.end();
    expect(seen[0]).toBe(seen[1]);
  });
});

describe("FastCsvParser chunk boundaries", () => {
  function atEveryCut(text: string, columns: number[], delimiter = ",") {
    const data = Buffer.from(text, "utf8");
    const expected = referenceParse(data, delimiter, columns);
    for (let cut = 0; cut <= data.length; cut++) {
      expect(fastParse(data, delimiter, columns, [cut])).toEqual(expected);
    }
    expect(fastParse(data, delimiter, columns, everyByte(data))).toEqual(expected);
    return expected;
  }

  it("splits inside a multi-byte character", () => {
    const out = atEveryCut("g,x\nMännlich,😀\n", [0, 1]);
    expect(out.records[1]?.fields).toEqual(["Männlich", "😀"]);
  });

  it("splits between \\r and \\n", () => {
    const out = atEveryCut('a,b\r\nc,"d"\r\ne,f\r\n', [0, 1]);
    expect(out.records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it("splits right after an opening quote and on an escaped quote", () => {
    const out = atEveryCut('a,"""q"" x"\n"",""""\n', [0, 1]);
    expect(out.records.map((r) => r.fields)).toEqual([
      ["a", '"q" x'],
      ["", '"'],
    ]);
  });

  it("carries a long quoted field across many chunks", () => {
    const long = `${'x""y\r\nMännlich,'.repeat(20_000)}end`;
    const data = Buffer.from(`a,b,c\n1,"${long}",3\n`, "utf8");
    const cuts = Array.from({ length: Math.floor(data.length / 997) }, (_, k) => (k + 1) * 997);
    const out = fastParse(data, ",", [1, 2], cuts);
    expect(out).toEqual(referenceParse(data, ",", [1, 2]));
    expect(out.records[1]?.fields[0]).toBe(long.replaceAll('""', '"'));
  });

  it("splits inside a BOM", () => {
    atEveryCut("\uFEFFa,b\n", [0]);
  });
});

describe("FastCsvParser errors", () => {
  function expectError(text: string, code: string, line: number, column: number) {
    const data = Buffer.from(text, "utf8");
    const ref = referenceParse(data, ",", [0]);
    expect(ref.error).toEqual({ code, line, column });
    expect(fastParse(data, ",", [0])).toEqual(ref);
    expect(fastParse(data, ",", [0], everyByte(data))).toEqual(ref);
    const p = new FastCsvParser({ delimiter: ",", columns: [] }, () => {});
    let thrown: unknown;
    try {
      p.push(data);
      p.end();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CsvSyntaxError);
    expect(thrown).toMatchObject({ code, line, column });
  }

  it("reports an unterminated quote", () => {
    expectError('a,b\nc,"d\ne\n', "unterminated_quote", 3, 2);
  });

  it("reports a quote inside an unquoted field", () => {
    expectError('a,b\nc,d"e\n', "invalid_quote", 2, 2);
  });

  it("reports characters after a closing quote", () => {
    expectError('a,b\n"c"x,d\n', "invalid_closing_quote", 2, 1);
  });

  it("reports a \\r\\n after a closing quote in a file whose records end with \\n", () => {
    expectError('a,b\n"c"\r\n', "invalid_closing_quote", 2, 1);
  });

  it("rejects invalid UTF-8 in a wanted field (csv-parse would give U+FFFD)", () => {
    const data = Buffer.concat([
      Buffer.from("a,b\nM"),
      Buffer.from([0xe4]),
      Buffer.from("nnlich,x\n"),
    ]);
    const p = new FastCsvParser({ delimiter: ",", columns: [0] }, () => {});
    expect(() => {
      p.push(data);
      p.end();
    }).toThrow(expect.objectContaining({ code: "invalid_utf8", line: 2, column: 1 }));
    // not decoded, so not checked, when the column is not wanted
    const q = new FastCsvParser({ delimiter: ",", columns: [1] }, () => {});
    q.push(data);
    q.end();
  });

  it("keeps a legitimate U+FFFD", () => {
    const out = fastParse(Buffer.from("\uFFFD,x\n"), ",", [0]);
    expect(out.records[0]?.fields).toEqual(["\uFFFD"]);
  });

  it("rejects UTF-16 data", () => {
    const p = new FastCsvParser({ delimiter: ",", columns: [0] }, () => {});
    expect(() => p.push(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toThrow(
      expect.objectContaining({ code: "unsupported_encoding" }),
    );
  });

  it("stays failed after an error, including one thrown by the sink", () => {
    const p = new FastCsvParser({ delimiter: ",", columns: [0] }, () => {
      throw new Error("sink says no");
    });
    expect(() => p.push(Buffer.from("a\nb\n"))).toThrow("sink says no");
    expect(() => p.push(Buffer.from("c\n"))).toThrow("a call failed");
    const q = new FastCsvParser({ delimiter: ",", columns: [0] }, () => {});
    expect(() => q.push(Buffer.from('a"\n'))).toThrow(CsvSyntaxError);
    expect(() => q.end()).toThrow(CsvSyntaxError);
  });

  it("rejects bad options", () => {
    expect(() => new FastCsvParser({ delimiter: '"', columns: [] }, () => {})).toThrow(TypeError);
    expect(() => new FastCsvParser({ delimiter: ",,", columns: [] }, () => {})).toThrow(TypeError);
    expect(() => new FastCsvParser({ delimiter: ",", columns: [-1] }, () => {})).toThrow(TypeError);
  });
});
