import { parse } from "csv-parse/sync";
import { CsvSyntaxError, FastCsvParser } from "../../src/io/fast-csv.js";

/** One parsed record, restricted to the wanted columns. */
export interface Rec {
  fields: string[];
  fieldCount: number;
  line: number;
}

/** What a parser produced: the records it emitted, then its error if it threw. */
export interface Outcome {
  records: Rec[];
  error: { code: string; line: number; column: number } | null;
}

/** csv-parse error codes and the fast parser's codes for the same situation. */
export const CODE_MAP: Record<string, string> = {
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
export function referenceParse(
  data: Buffer,
  delimiter: string,
  columns: readonly number[],
): Outcome {
  const records: Rec[] = [];
  let nextStart = 1;
  try {
    parse(data, {
      delimiter,
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
export function fastParse(
  data: Buffer,
  delimiter: string,
  columns: readonly number[],
  cuts: readonly number[] = [],
): Outcome {
  const records: Rec[] = [];
  const parser = new FastCsvParser({ delimiter, columns }, (fields, fieldCount, line) => {
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
export function everyByte(data: Buffer): number[] {
  return Array.from({ length: data.length }, (_, i) => i);
}
