import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { CsvError } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { type ErrorLocation, UserError } from "../errors.js";
import { RowScanner, type RowSink } from "./byte-scan.js";
import { CsvSyntaxError, type CsvSyntaxErrorCode } from "./fast-csv.js";
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
        `this column has the same name as column ${first + 1} (a header row's names are distinct; is line 1 the header?)`,
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
 * Streams the data records (header skipped, blank lines skipped) to the sink as `RowFields`, with
 * only the wanted columns read: straight from the bytes (byte-scan.ts), and through the
 * quote-aware parser (fast-csv.ts, equal to csv-parse by a differential property test) from the
 * first quote only it can judge. For a byte range of the file (a worker's share) such a quote
 * throws QuotedData instead. Memory stays bounded by two chunks. Resolves with the number of
 * records.
 */
export async function scanRows(
  header: CsvHeader,
  columns: readonly number[],
  missing: ReadonlySet<string>,
  sink: RowSink,
  onChunk?: (chunk: Buffer) => void,
  /** bytes [start, end) only, cut at record boundaries (fast-csv-ranges.ts); default: all */
  range?: { start: number; end: number },
): Promise<number> {
  const atStart = range === undefined || range.start === 0;
  const scanner = new RowScanner(
    {
      delimiter: header.delimiter,
      columns,
      columnCount: header.columns.length,
      missing,
      atStart,
      firstLine: 1,
      onQuote: range === undefined ? "handoff" : "refuse",
    },
    sink,
  );
  await streamInto(header, scanner, onChunk, range);
  return scanner.records;
}

/**
 * Reads the file (or a range of it) into a parser, checking every byte for valid UTF-8 first: a
 * file in another encoding is refused with the place of its first invalid byte.
 */
async function streamInto(
  header: CsvHeader,
  parser: { push(chunk: Buffer): void; end(): void },
  onChunk?: (chunk: Buffer) => void,
  range?: { start: number; end: number },
): Promise<void> {
  const utf8 = new Utf8Check();
  try {
    for await (const chunk of readChunks(header.path, range)) {
      onChunk?.(chunk);
      if (!utf8.push(chunk)) break;
      parser.push(chunk);
    }
    if (!utf8.valid || !utf8.end()) {
      throw await invalidUtf8(header.path, header.displayName, header.delimiter);
    }
    parser.end();
  } catch (error) {
    throw toUserError(error, header.displayName, header.columns);
  }
}

const CHUNK_BYTES = 1 << 20;

/**
 * The bytes of a file (or of bytes [start, end)) in chunks of 1 MiB, read into two buffers in
 * turn: the next chunk is being read while the caller works on this one, and each chunk is only
 * valid until the next is asked for, so consumers must copy what they keep. (A stream's fresh
 * buffer per chunk cost page faults and garbage collection on every megabyte.)
 */
export async function* readChunks(
  path: string,
  range?: { start: number; end: number },
): AsyncGenerator<Buffer> {
  const handle = await open(path, "r");
  let pending: Promise<{ bytesRead: number; buffer: Buffer }> | null = null;
  try {
    const end = range?.end ?? (await handle.stat()).size;
    const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)] as const;
    let position = range?.start ?? 0;
    const readInto = (buffer: Buffer) => {
      const length = Math.min(CHUNK_BYTES, end - position);
      const read = handle.read(buffer, 0, length, position);
      position += length;
      return read;
    };
    let turn = 0;
    pending = position < end ? readInto(buffers[0]) : null;
    while (pending !== null) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      turn = 1 - turn;
      pending = position < end ? readInto(buffers[turn] as Buffer) : null;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // An early stop (an error, a refused range) may leave a read in flight: let it land first.
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

const SYNTAX_WORDS = {
  unterminated_quote: "a quoted field is never closed (unterminated quote)",
  invalid_quote: "a quote appears inside an unquoted field",
  invalid_closing_quote: "unexpected character after a closing quote",
  invalid_utf8: "invalid UTF-8 bytes (save the file as UTF-8)",
  unsupported_encoding: "unsupported text encoding (save the file as UTF-8)",
} as const satisfies Record<CsvSyntaxErrorCode, string>;

/** Maps syntax errors (the fast parser's, or csv-parse's for the header) to a location. */
function toUserError(error: unknown, file: string, columns?: readonly string[]): unknown {
  if (error instanceof CsvSyntaxError) {
    // An unterminated quote is only noticed at the end of the file: name where its record began.
    const line = error.code === "unterminated_quote" ? error.recordLine : error.line;
    const loc: ErrorLocation = { file, line, column: error.column };
    const name = columns?.[error.column - 1];
    if (name !== undefined) loc.columnName = name;
    return new UserError(
      SYNTAX_WORDS[error.code],
      loc,
      error.code === "invalid_utf8" ? "invalid_utf8" : "csv_syntax",
    );
  }
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
    const loc: ErrorLocation = { file };
    if (e.lines !== undefined) loc.line = e.lines;
    if (e.index !== undefined) loc.column = e.index + 1;
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
