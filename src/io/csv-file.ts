import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { CsvError, parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { UserError } from "../errors.js";

/** What the first bytes of a file tell: its delimiter and header. */
export interface CsvHeader {
  path: string;
  /** the name used in messages and reports: the file name, never the full path */
  displayName: string;
  delimiter: string;
  columns: string[];
  bytes: number;
}

/** Receives the wanted fields of one record (the array is reused between calls). */
export type RecordSink = (fields: string[], fieldCount: number, line: number) => void;

const SNIFF_BYTES = 64 * 1024;
const DELIMITERS = [",", ";", "\t"] as const;

const BINARY_SIGNATURES: readonly [string, number[]][] = [
  ["gzip", [0x1f, 0x8b]],
  ["zip (e.g. xlsx)", [0x50, 0x4b, 0x03, 0x04]],
  ["PDF", [0x25, 0x50, 0x44, 0x46]],
  ["xls", [0xd0, 0xcf, 0x11, 0xe0]],
  ["Parquet", [0x50, 0x41, 0x52, 0x31]],
];

export async function readCsvHeader(path: string): Promise<CsvHeader> {
  const displayName = basename(path);
  const info = await statOrThrow(path, displayName);
  const handle = await open(path, "r");
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, info.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length === 0)
    throw new UserError("the file is empty", { file: displayName }, "empty_file");
  for (const [kind, signature] of BINARY_SIGNATURES) {
    if (signature.every((byte, i) => head[i] === byte)) {
      throw new UserError(
        `this is not a CSV file (it looks like ${kind})`,
        { file: displayName },
        "not_csv",
      );
    }
  }
  if (head.includes(0)) {
    throw new UserError(
      "this is not a CSV text file (it contains NUL bytes)",
      { file: displayName },
      "not_csv",
    );
  }
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(firstLine(text));
  let columns: string[];
  try {
    const rows = parseSync(text, { delimiter, to_line: 1, relax_column_count: true }) as string[][];
    columns = (rows[0] ?? []).map((c) => c.trim());
  } catch (error) {
    throw toUserError(error, displayName);
  }
  if (columns.length === 0 || (columns.length === 1 && columns[0] === "")) {
    throw new UserError("the header row is empty", { file: displayName, line: 1 }, "empty_header");
  }
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new UserError(
        `duplicate column name "${name}" (also column ${first + 1})`,
        { file: displayName, line: 1, column: i + 1 },
        "duplicate_header",
      );
    }
    seen.set(name, i);
  });
  return { path, displayName, delimiter, columns, bytes: info.size };
}

/** The delimiter that occurs most often outside quotes in the header line (comma on a tie). */
export function detectDelimiter(line: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ",";
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

async function statOrThrow(path: string, displayName: string) {
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new UserError(
        "this is a directory, not a CSV file",
        { file: displayName },
        "is_directory",
      );
    }
    return info;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError("file not found", { file: path }, "file_not_found");
    if (code === "EACCES")
      throw new UserError("permission denied", { file: path }, "file_unreadable");
    throw error;
  }
}

/**
 * Streams the data records (header skipped) through csv-parse, handing only the wanted columns
 * to the sink. Resolves with the number of records. Memory stays bounded by one chunk.
 */
export async function scanCsv(
  header: CsvHeader,
  columns: readonly number[],
  sink: RecordSink,
  onChunk?: (chunk: Buffer) => void,
): Promise<number> {
  const parser = parse({
    delimiter: header.delimiter,
    bom: true,
    relax_column_count: true,
    from_line: 2,
    info: true,
  });
  const fields: string[] = new Array(columns.length).fill("");
  let records = 0;
  return new Promise<number>((resolve, reject) => {
    const input = createReadStream(header.path, { highWaterMark: 1 << 20 });
    const fail = (error: unknown) => {
      input.destroy();
      parser.destroy();
      reject(error);
    };
    input.on("error", fail);
    if (onChunk) input.on("data", (chunk) => onChunk(chunk as Buffer));
    parser.on("error", (error) => fail(toUserError(error, header.displayName)));
    parser.on("data", (item: { record: string[]; info: { lines: number } }) => {
      const record = item.record;
      for (let i = 0; i < columns.length; i++) fields[i] = record[columns[i] as number] ?? "";
      records++;
      try {
        sink(fields, record.length, item.info.lines);
      } catch (error) {
        fail(error);
      }
    });
    parser.on("end", () => resolve(records));
    input.pipe(parser);
  });
}

function toUserError(error: unknown, file: string): unknown {
  if (error instanceof CsvError) {
    const e = error as CsvError & { lines?: number; index?: number };
    const reason =
      e.code === "CSV_QUOTE_NOT_CLOSED"
        ? "a quoted field is never closed (unterminated quote)"
        : e.code === "CSV_INVALID_CLOSING_QUOTE"
          ? "unexpected character after a closing quote"
          : e.code === "INVALID_OPENING_QUOTE"
            ? "a quote appears inside an unquoted field"
            : `malformed CSV (${e.code})`;
    const loc: { file: string; line?: number; column?: number } = { file };
    if (e.lines !== undefined) loc.line = e.lines;
    if (e.index !== undefined) loc.column = e.index + 1;
    return new UserError(reason, loc, "csv_syntax");
  }
  return error;
}
