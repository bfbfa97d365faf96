import { UserError } from "../errors.js";
import { type CsvHeader, scanRows } from "./csv-file.js";
import { canonicalInteger, IdIndex } from "./id-index.js";
import type { RowFields } from "./row-fields.js";

/**
 * Model outputs keyed by id. Values live in typed arrays indexed through one Map, which keeps
 * the join's memory to the id strings plus 13 bytes a row.
 */
export interface PredictionIndex {
  readonly index: IdIndex;
  /** decision (0/1) or score; NaN when missing */
  readonly values: Float64Array;
  /** whether each output was matched by a data row (in shared memory, set with Atomics) */
  readonly used: Uint8Array;
  readonly lines: Uint32Array;
  readonly rows: number;
}

export async function loadPredictions(
  header: CsvHeader,
  idColumn: number,
  valueColumn: number,
  mode: "decision" | "score",
  missing: ReadonlySet<string>,
  positive: string | undefined,
  onChunk?: (chunk: Buffer) => void,
): Promise<PredictionIndex> {
  // A model-output line takes at least 8 bytes ("1,0.5,1\n" is 8): an upper bound on the ids to come.
  const index = new IdIndex(Math.ceil(header.bytes / 8));
  let values = new Float64Array(new SharedArrayBuffer(1024 * 8));
  let lines = new Uint32Array(1024);
  let count = 0;
  let sized = false;
  // The arrays are sized once from the first chunk's lines per byte (5% spare), so that the index
  // is not copied on every doubling nor held twice while it grows.
  const sizeFrom = (chunk: Buffer) => {
    if (sized) return;
    sized = true;
    let breaks = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) breaks++;
    const estimate = Math.ceil((header.bytes / chunk.length) * breaks * 1.05) + 16;
    if (breaks > 1 && estimate > values.length) {
      values = resized(values, estimate);
      lines = resized(lines, estimate);
    }
  };
  const spec: OutputSpec = { header, idColumn, valueColumn, mode, missing, positive };
  const rows = await scanRows(
    header,
    [idColumn, valueColumn],
    missing,
    (fields, fieldCount, line) => {
      const n = outputIdInteger(spec, fields);
      const value = readOutputRecord(spec, fields, fieldCount, line, n);
      const id = n >= 0 ? "" : fields.text(0);
      const first = n >= 0 ? index.getInteger(n) : index.get(id);
      if (first !== undefined) duplicateOutput(spec, line, lines[first] as number);
      if (count === values.length) {
        values = resized(values, values.length * 2);
        lines = resized(lines, lines.length * 2);
      }
      values[count] = value;
      lines[count] = line;
      if (n >= 0) index.setInteger(n, count);
      else index.set(id, count);
      count++;
    },
    (chunk) => {
      sizeFrom(chunk);
      onChunk?.(chunk);
    },
  );
  return { index, values, used: new Uint8Array(new SharedArrayBuffer(count)), lines, rows };
}

/** A copy of `a` with room for `size` values; scores stay in shared memory (for worker threads). */
function resized<T extends Float64Array | Uint32Array>(a: T, size: number): T {
  const Typed = a.constructor as new (buffer: ArrayBufferLike) => T;
  const bytes = size * a.BYTES_PER_ELEMENT;
  const next = new Typed(
    a.buffer instanceof SharedArrayBuffer ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes),
  );
  next.set(a.subarray(0, Math.min(a.length, size)));
  return next;
}

export function raggedRow(header: CsvHeader, line: number, fieldCount: number): never {
  throw new UserError(
    `this row has ${fieldCount} field${fieldCount === 1 ? "" : "s"} but the header has ${header.columns.length}`,
    raggedWhere(header, line, fieldCount),
    "ragged_row",
  );
}

/** Too few fields: the first missing column; too many: the first field beyond the header. */
function raggedWhere(header: CsvHeader, line: number, fieldCount: number) {
  const column = Math.min(fieldCount, header.columns.length) + 1;
  const name = header.columns[column - 1];
  return name === undefined
    ? { file: header.displayName, line, column }
    : { file: header.displayName, line, column, columnName: name };
}

export function invalidBinary(header: CsvHeader, line: number, column: number): never {
  throw new UserError(
    "not a recognised binary value (accepted: 1/0, 1.0/0.0, true/false, yes/no; or name the positive value with --positive)",
    { file: header.displayName, line, column: column + 1, columnName: header.columns[column] },
    "invalid_binary",
  );
}

export function invalidNumber(
  header: CsvHeader,
  line: number,
  column: number,
  what: string,
): never {
  throw new UserError(
    `the ${what} is not a finite number`,
    { file: header.displayName, line, column: column + 1, columnName: header.columns[column] },
    "invalid_number",
  );
}

/** How to read one model-output record; shared by the hash join and the merge join. */
export interface OutputSpec {
  header: CsvHeader;
  idColumn: number;
  valueColumn: number;
  mode: "decision" | "score";
  missing: ReadonlySet<string>;
  positive: string | undefined;
}

/**
 * Checks one model-output record (fields: 0 = id, 1 = value) and returns its value: 0/1 or a
 * score, NaN when missing. `integerId` is the record's {@link outputIdInteger}, which the caller
 * reads first (a ragged record gives -1 there, harmlessly: it is refused here).
 */
export function readOutputRecord(
  spec: OutputSpec,
  fields: RowFields,
  fieldCount: number,
  line: number,
  integerId: number,
): number {
  const { header, idColumn, valueColumn, missing } = spec;
  if (fieldCount !== header.columns.length) raggedRow(header, line, fieldCount);
  if (integerId < 0 && missing.has(fields.text(0))) {
    throw new UserError(
      "the id is missing",
      {
        file: header.displayName,
        line,
        column: idColumn + 1,
        columnName: header.columns[idColumn],
      },
      "missing_id",
    );
  }
  if (spec.mode === "decision") {
    const parsed = fields.binary(1, spec.positive);
    if (parsed === "invalid") invalidBinary(header, line, valueColumn);
    return parsed === "missing" ? Number.NaN : parsed;
  }
  const parsed = fields.number(1);
  if (parsed === "invalid") invalidNumber(header, line, valueColumn, "score");
  return parsed === "missing" ? Number.NaN : parsed;
}

/**
 * The record's id as a canonical integer (the join's fast key), or -1: then its text is the key.
 * An integer that is also declared a missing-value token is not an id, so it goes by its text.
 */
export function outputIdInteger(spec: OutputSpec, fields: RowFields): number {
  const n = fields.integer(0);
  return n >= 0 && !integerMissing(spec.missing) ? n : -1;
}

/** The last set asked about, and its answer: one set per run, asked once per record. */
let lastMissing: ReadonlySet<string> | null = null;
let lastAnswer = false;

function integerMissing(missing: ReadonlySet<string>): boolean {
  if (missing !== lastMissing) {
    lastAnswer = [...missing].some((token) => canonicalInteger(token.trim()) >= 0);
    lastMissing = missing;
  }
  return lastAnswer;
}

export function duplicateOutput(spec: OutputSpec, line: number, firstLine: number): never {
  throw new UserError(
    `duplicate id: this model output's id already appeared on line ${firstLine}; which output applies is ambiguous`,
    {
      file: spec.header.displayName,
      line,
      column: spec.idColumn + 1,
      columnName: spec.header.columns[spec.idColumn],
    },
    "duplicate_id",
  );
}
