import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { CsvError, parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { UserError } from "../errors.js";
import { locateInvalidUtf8, Utf8Check } from "./utf8.js";

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
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["7z", [0x37, 0x7a, 0xbc, 0xaf]],
  ["UTF-16 text; save it as UTF-8", [0xff, 0xfe]],
  ["UTF-16 text; save it as UTF-8", [0xfe, 0xff]],
];

/**
 * Every line break a spreadsheet or script may write, in any mix: csv-parse otherwise fixes the
 * record delimiter from the first one it meets and reads the others as field content.
 */
const RECORD_DELIMITERS = ["\r\n", "\n", "\r"];

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
  // A sniff that stops mid-file may cut a multi-byte character: only a full file must end cleanly.
  const check = new Utf8Check();
  if (!check.push(head) || (head.length === info.size && !check.end()))
    throw await invalidUtf8(path, displayName, detectDelimiter(firstLine(head.toString("utf8"))));
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(firstLine(text));
  let columns: string[];
  try {
    const rows = parseSync(text, {
      delimiter,
      record_delimiter: RECORD_DELIMITERS,
      to_line: 1,
      relax_column_count: true,
    }) as string[][];
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
): Promise<number> {
  const parser = parse({
    delimiter: header.delimiter,
    bom: true,
    record_delimiter: RECORD_DELIMITERS,
    relax_column_count: true,
    from_line: 2,
    info: true,
  });
  const utf8 = new Utf8Check();
  const fields: string[] = new Array(columns.length).fill("");
  let records = 0;
  /** the physical line the last complete record ended on: the next record starts after it */
  let lastLine = 1;
  return new Promise<number>((resolve, reject) => {
    const input = createReadStream(header.path, { highWaterMark: 1 << 20 });
    const fail = (error: unknown) => {
      input.destroy();
      parser.destroy();
      reject(error);
    };
    input.on("error", fail);
    // Registered before pipe(), so a chunk is checked before the parser sees it.
    input.on("data", (chunk: string | Buffer) => {
      if (typeof chunk !== "string" && !utf8.push(chunk)) badBytes();
    });
    input.on("end", () => {
      if (!utf8.end()) badBytes();
    });
    let failed = false;
    const badBytes = () => {
      if (failed) return;
      failed = true;
      input.destroy();
      parser.destroy();
      invalidUtf8(header.path, header.displayName, header.delimiter).then(reject, reject);
    };
    parser.on("error", (error) => {
      if (!failed) fail(toUserError(error, header.displayName, lastLine + 1, header.columns));
    });
    parser.on("data", (item: { record: string[]; info: { lines: number } }) => {
      const record = item.record;
      for (let i = 0; i < columns.length; i++) fields[i] = record[columns[i] as number] ?? "";
      records++;
      lastLine = item.info.lines;
      try {
        sink(fields, record.length, item.info.lines);
      } catch (error) {
        fail(error);
      }
    });
    parser.on("end", () => {
      if (!failed) resolve(records);
    });
    input.pipe(parser);
  });
}

/** Maps csv-parse's syntax errors to a location: the record's first line and the field. */
function toUserError(
  error: unknown,
  file: string,
  recordLine?: number,
  columns?: readonly string[],
): unknown {
  if (error instanceof CsvError) {
    const e = error as CsvError & { lines?: number; index?: number };
    const reason =
      e.code === "CSV_QUOTE_NOT_CLOSED"
        ? "a quoted field is never closed (unterminated quote)"
        : e.code === "CSV_INVALID_CLOSING_QUOTE" ||
            e.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE"
          ? "unexpected character after a closing quote"
          : (e.code as string) === "INVALID_OPENING_QUOTE"
            ? "a quote appears inside an unquoted field"
            : `malformed CSV (${e.code})`;
    const loc: { file: string; line?: number; column?: number; columnName?: string } = { file };
    // An unterminated quote is only noticed at the end of the file: name where its record began.
    const line =
      e.code === "CSV_QUOTE_NOT_CLOSED" && recordLine !== undefined ? recordLine : e.lines;
    if (line !== undefined) loc.line = line;
    if (e.index !== undefined) {
      loc.column = e.index + 1;
      const name = columns?.[e.index];
      if (name !== undefined) loc.columnName = name;
    }
    return new UserError(reason, loc, "csv_syntax");
  }
  return error;
}

async function invalidUtf8(path: string, file: string, delimiter: string): Promise<UserError> {
  const at = await locateInvalidUtf8(path, delimiter);
  return new UserError(
    "invalid UTF-8 bytes (is the file in another encoding, e.g. Latin-1 or Windows-1252? Save it as UTF-8)",
    at === null ? { file } : { file, line: at.line, column: at.column },
    "invalid_utf8",
  );
}
