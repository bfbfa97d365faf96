import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { type AggregateCell, tableFromCells } from "../core/aggregate-table.js";
import { type ErrorLocation, UserError } from "../errors.js";
import { MISSING_GROUP } from "../groups/attribute-spec.js";
import type { DecisionInfo, InputFile, LoadSpec, LoadTally } from "../io/load-spec.js";
import type { LoadResult } from "../io/load-table.js";
import { freshTally } from "../io/partial-load.js";
import { cellStatsOf, checkGroupCount, withHistograms } from "./build-cells.js";
import { refuseConsent } from "./build-query.js";
import { check, csvRecords, jsonRecords } from "./records.js";
import {
  AGGREGATE_COUNT_COLUMNS,
  AGGREGATE_REAL_COLUMNS,
  type CellRow,
  cellRowSchema,
  type PriceRow,
  priceRowSchema,
  REFUSED_STATUSES,
  type RowStatus,
} from "./schema.js";

interface ParsedFile {
  name: string;
  bytes: number;
  cells: CellRow[];
  prices: PriceRow[];
}

/**
 * Reads aggregates files (CSV or JSON, see docs/aggregates.md) into the accumulators and tally the
 * row-level loader would have produced, so the audit that follows is the same. Several files are
 * shards: their cells and histograms add up.
 */
export async function readAggregates(
  paths: readonly string[],
  spec: LoadSpec,
): Promise<LoadResult> {
  const attributes = spec.attributes.map((a) => a.name);
  const missing = new Set(spec.missingValues);
  const files: ParsedFile[] = [];
  for (const path of paths) {
    const file = await readFileRows(path, attributes, missing);
    refuseRepeats(file);
    files.push(file);
  }
  return combine(files, spec);
}

/**
 * An audited cell (its groups) or a price of a cell's histogram twice in one file would be summed
 * without a word: a query's result has each once, so a repeat is a concatenation gone wrong.
 * Shards go in separate files, which do add up.
 */
function refuseRepeats(file: ParsedFile): void {
  const seen = new Map<string, number>();
  const once = (key: string, line: number, what: string) => {
    const first = seen.get(key);
    if (first !== undefined) {
      throw new UserError(
        `this ${what} already appeared on line ${first}; each appears once in a file (shards go in separate files, which add up)`,
        { file: file.name, line },
        "duplicate_cell",
      );
    }
    seen.set(key, line);
  };
  // Only audited cells: an export may write a NULL and an empty label of another status alike.
  for (const row of file.cells) {
    if (row.status === "audited") once(JSON.stringify(row.groups), row.line, "cell");
  }
  for (const row of file.prices) {
    once(JSON.stringify(["price", row.price, ...row.groups]), row.line, "price of the cell");
  }
}

/**
 * A group label as the row path forms it: missing (null, or a missing-value token such as the
 * empty cell) is the group "(missing)", never a group "" beside it.
 */
function groupLabel(value: string | null | undefined, missing: ReadonlySet<string>): string {
  if (value === null || value === undefined) return MISSING_GROUP;
  return missing.has(value.trim()) ? MISSING_GROUP : value;
}

async function readFileRows(
  path: string,
  attributes: readonly string[],
  missing: ReadonlySet<string>,
): Promise<ParsedFile> {
  const name = basename(path);
  let text: string;
  let bytes: number;
  try {
    text = await readFile(path, "utf8");
    bytes = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new UserError("aggregates file not found", { file: name }, "file_not_found");
    if (code === "EISDIR")
      throw new UserError("aggregates path is a directory", { file: name }, "is_directory");
    throw error;
  }
  const records =
    extname(path).toLowerCase() === ".json" ? jsonRecords(text, name) : csvRecords(text, name);
  const cellSchema = cellRowSchema(attributes);
  const priceSchema = priceRowSchema(attributes);
  const out: ParsedFile = { name, bytes, cells: [], prices: [] };
  for (const record of records) {
    const isPrice = "price" in record.values && "count" in record.values && !("n" in record.values);
    if (isPrice) {
      const row = check(priceSchema, record, name) as Record<string, unknown>;
      out.prices.push({
        groups: attributes.map((a) => groupLabel(row[a] as string | null | undefined, missing)),
        price: row.price as number,
        count: row.count as number,
        file: name,
        line: record.line,
      });
      continue;
    }
    for (const a of attributes) {
      if (!(a in record.values)) {
        throw new UserError(
          `no column "${a}": the aggregates need one column per protected attribute, named as in the config`,
          { file: name, line: 1 },
          "missing_column",
        );
      }
    }
    const row = check(cellSchema, record, name) as Record<string, unknown>;
    const counts: CellRow["counts"] = {};
    for (const c of AGGREGATE_COUNT_COLUMNS) if (row[c] !== undefined) counts[c] = row[c] as number;
    const reals: CellRow["reals"] = {};
    for (const c of AGGREGATE_REAL_COLUMNS)
      if (row[c] !== undefined) reals[c] = row[c] as number | null;
    const status = row.status as RowStatus;
    out.cells.push({
      status,
      // Only audited cells form groups; the others' group columns may be anything (or empty).
      groups: attributes.map((a) =>
        status === "audited"
          ? groupLabel(row[a] as string | null | undefined, missing)
          : ((row[a] as string | null | undefined) ?? null),
      ),
      counts,
      reals,
      file: name,
      line: record.line,
    });
  }
  return out;
}

function combine(files: readonly ParsedFile[], spec: LoadSpec): LoadResult {
  refuseConsent(spec);
  const attributes = spec.attributes.map((a) => a.name);
  const hasLabel = spec.label !== undefined;
  const hasPrice = spec.price !== undefined;
  const decisionSpec = spec.decision;
  const scoreMode = decisionSpec !== undefined && decisionSpec.kind !== "column";
  const tally: LoadTally = freshTally();
  const cells: AggregateCell[] = [];
  const refused = new Map<RowStatus, number>();
  let scoreMin = Number.POSITIVE_INFINITY;
  let scoreMax = Number.NEGATIVE_INFINITY;
  let threshold: { value: number; at: ErrorLocation } | undefined;
  const inputFiles: InputFile[] = [];

  const cellFiles = files.filter((f) => f.cells.length > 0);
  if (cellFiles.length === 0) {
    throw new UserError(
      "no cells: give the result of the cells query (status, groups, n, …), not only price histograms",
      { file: files[0]?.name ?? "" },
      "invalid_aggregates",
    );
  }

  for (const file of files) {
    let rows = 0;
    for (const row of file.cells) {
      const at = { file: row.file, line: row.line };
      const n = row.counts.n ?? 0;
      if (row.status !== "unmatched_prediction" && row.status !== "missing_id") rows += n;
      switch (row.status) {
        case "audited":
          break;
        case "outside_segment":
          tally.outsideSegment += n;
          continue;
        case "unmatched_prediction":
          tally.unmatchedPredictions += n;
          continue;
        case "no_model_output":
        case "missing_decision":
        case "missing_score":
        case "missing_label":
          tally.excluded[row.status] += n;
          continue;
        default:
          if (n > 0) refused.set(row.status, (refused.get(row.status) ?? 0) + n);
          continue;
      }
      const c = cellStatsOf(row, n, at, hasLabel, hasPrice, tally);
      if (scoreMode && n > 0) {
        const { score_min: lo, score_max: hi, threshold: t } = row.reals;
        if (lo != null && lo < scoreMin) scoreMin = lo;
        if (hi != null && hi > scoreMax) scoreMax = hi;
        const value = t ?? Number.POSITIVE_INFINITY;
        if (threshold === undefined) threshold = { value, at };
        else if (threshold.value !== value) {
          throw new UserError(
            "the aggregates were cut at different score thresholds (shards of a top-k or top-percent audit?): run one query over all rows",
            { ...at, columnName: "threshold" },
            "invalid_aggregates",
          );
        }
      }
      tally.audited += n;
      cells.push({ groups: row.groups.map((g) => g ?? ""), stats: c });
    }
    tally.rowsRead += rows;
    inputFiles.push({
      role: "data",
      name: file.name,
      bytes: file.bytes,
      rows: rows + file.prices.length,
    });
  }

  for (const [status, rows] of refused) {
    throw new UserError(
      `the aggregates count ${rows} row${rows === 1 ? "" : "s"} with ${REFUSED_STATUSES[status] ?? status} (status ${status}); the row-level audit refuses such data`,
      { file: cellFiles[0]?.name ?? "" },
      "invalid_aggregates",
    );
  }

  let table = tableFromCells(attributes, cells);
  checkGroupCount(table.cells.values(), attributes, spec.maxGroups, cellFiles[0]?.name ?? "");

  table = withHistograms(
    table,
    files.flatMap((f) => f.prices),
    hasPrice,
    attributes,
  );

  const decision: DecisionInfo = {
    kind: decisionSpec?.kind ?? "none",
    column: decisionSpec?.column ?? "",
  };
  if (decisionSpec?.kind === "threshold") decision.threshold = decisionSpec.threshold;
  else if (scoreMode) decision.threshold = threshold?.value ?? Number.POSITIVE_INFINITY;
  if (scoreMode && tally.audited > 0 && scoreMin <= scoreMax) {
    decision.scoreMin = scoreMin;
    decision.scoreMax = scoreMax;
  }
  const source = cellFiles[0]?.name ?? "";
  return {
    table,
    // The queries know nothing of consent (refused above) and read no identifier columns.
    consent: null,
    identifierColumns: [],
    hasDecision: decisionSpec !== undefined,
    hasLabel,
    hasPrice,
    tally,
    files: inputFiles,
    columnsRead: attributes.map((column) => ({ file: source, column, role: "protected" })),
    decision,
  };
}
