import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { z } from "zod";
import type { AuditPlan } from "../config/resolve-plan.js";
import { type AggregateCell, cellKey, tableFromCells } from "../core/aggregate-table.js";
import { emptyCell } from "../core/cell.js";
import { type ErrorLocation, UserError } from "../errors.js";
import type { DecisionInfo, InputFile, LoadTally } from "../io/load-spec.js";
import type { LoadResult } from "../io/load-table.js";
import { freshTally } from "../io/partial-load.js";
import { refuseConsent } from "../sql/build-query.js";
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

/** One record of a file before validation: column → raw value, with its position. */
interface RawRecord {
  values: Record<string, unknown>;
  line: number;
  /** 1-based field positions by column name (CSV only) */
  positions?: Map<string, number>;
}

/**
 * Reads aggregates files (CSV or JSON, see docs/aggregates.md) into the accumulators and tally the
 * row-level loader would have produced, so the audit that follows is the same. Several files are
 * shards: their cells and histograms add up.
 */
export async function readAggregates(
  paths: readonly string[],
  plan: AuditPlan,
): Promise<LoadResult> {
  const attributes = plan.load.attributes.map((a) => a.name);
  const files: ParsedFile[] = [];
  for (const path of paths) files.push(await readFileRows(path, attributes));
  return combine(files, plan);
}

async function readFileRows(path: string, attributes: readonly string[]): Promise<ParsedFile> {
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
        groups: attributes.map((a) => (row[a] as string | null | undefined) ?? null),
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
    out.cells.push({
      status: row.status as RowStatus,
      groups: attributes.map((a) => (row[a] as string | null | undefined) ?? null),
      counts,
      reals,
      file: name,
      line: record.line,
    });
  }
  return out;
}

function check(schema: z.ZodType, record: RawRecord, file: string): unknown {
  const result = schema.safeParse(record.values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where: ErrorLocation = { file, line: record.line };
  let message = issue?.message ?? "invalid";
  if (issue?.code === "unrecognized_keys") {
    message = `unknown column${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: not an aggregates column nor a protected attribute of the config`;
  } else {
    const column = issue?.path[0];
    if (typeof column === "string") {
      const position = record.positions?.get(column);
      if (position !== undefined) where.column = position;
      where.columnName = column;
      if (issue?.code === "invalid_type" && record.values[column] === undefined) {
        message = "this column is required";
      }
    }
  }
  throw new UserError(message, where, "invalid_aggregates");
}

function csvRecords(text: string, file: string): RawRecord[] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = [",", ";", "\t"].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(body, {
      delimiter,
      info: true,
      skip_empty_lines: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const e = error as { message: string; lines?: number };
    const where: ErrorLocation = { file };
    if (e.lines !== undefined) where.line = e.lines;
    throw new UserError(`invalid CSV: ${e.message.split("\n")[0]}`, where, "invalid_csv");
  }
  const header = rows[0]?.record.map((c) => c.trim());
  if (header === undefined) throw new UserError("the file is empty", { file }, "empty_file");
  const positions = new Map(header.map((c, i) => [c, i + 1]));
  return rows.slice(1).map(({ record, info }) => {
    if (record.length !== header.length) {
      throw new UserError(
        `this row has ${record.length} fields but the header has ${header.length}`,
        { file, line: info.lines },
        "ragged_row",
      );
    }
    const values: Record<string, unknown> = {};
    header.forEach((c, i) => {
      values[c] = record[i];
    });
    return { values, line: info.lines, positions };
  });
}

/** A JSON array of row objects, or `{ "cells": [...], "prices": [...] }`. */
function jsonRecords(text: string, file: string): RawRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`invalid JSON: ${(error as Error).message}`, { file }, "invalid_json");
  }
  let rows: unknown[];
  if (Array.isArray(data)) rows = data;
  else if (typeof data === "object" && data !== null) {
    const o = data as Record<string, unknown>;
    rows = [
      ...(Array.isArray(o.cells) ? o.cells : []),
      ...(Array.isArray(o.prices) ? o.prices : []),
    ];
    if (!Array.isArray(o.cells)) {
      throw new UserError(
        'expected an array of rows or an object with "cells"',
        { file },
        "invalid_aggregates",
      );
    }
  } else throw new UserError("expected an array of rows", { file }, "invalid_aggregates");
  return rows.map((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new UserError(
        `row ${i + 1} is not an object`,
        { file, key: `[${i}]` },
        "invalid_aggregates",
      );
    }
    // JSON has no lines worth naming: the row's 1-based position stands in for it.
    return { values: row as Record<string, unknown>, line: i + 1 };
  });
}

function combine(files: readonly ParsedFile[], plan: AuditPlan): LoadResult {
  const spec = plan.load;
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
      requireColumns(row, hasLabel ? ["tp", "fp", "tn", "fn"] : [], "a label");
      requireColumns(
        row,
        hasPrice ? ["price_count", "missing_price", "unparseable_price", "negative_price"] : [],
        "a price",
      );
      if (!hasPrice && row.counts.price_count !== undefined) {
        throw new UserError(
          "the aggregates have price columns but the config names no price",
          { ...at, columnName: "price_count" },
          "invalid_aggregates",
        );
      }
      const c = emptyCell();
      c.n = n;
      c.selected = row.counts.selected ?? 0;
      c.tp = row.counts.tp ?? 0;
      c.fp = row.counts.fp ?? 0;
      c.tn = row.counts.tn ?? 0;
      c.fn = row.counts.fn ?? 0;
      if (c.selected > n) inconsistent(at, "selected exceeds n");
      if (hasLabel && (c.tp + c.fp + c.tn + c.fn !== n || c.tp + c.fp !== c.selected)) {
        inconsistent(at, "tp + fp + tn + fn must equal n, and tp + fp must equal selected");
      }
      if (hasPrice) {
        const missing = row.counts.missing_price ?? 0;
        const unparseable = row.counts.unparseable_price ?? 0;
        const negative = row.counts.negative_price ?? 0;
        const count = row.counts.price_count ?? 0;
        if (count + missing + unparseable + negative !== n) {
          inconsistent(
            at,
            "price_count + missing_price + unparseable_price + negative_price must equal n",
          );
        }
        tally.price.missing_price += missing;
        tally.price.unparseable_price += unparseable;
        tally.price.negative_price += negative;
        c.price.missing = missing + unparseable + negative;
        c.price.count = count;
        c.price.histogram = null;
        if (count > 0) {
          const { price_mean: mean, price_m2: m2, price_min: min, price_max: max } = row.reals;
          if (mean == null || min == null || max == null || (m2 == null && count > 1)) {
            inconsistent(
              at,
              "a cell with prices needs price_mean, price_m2, price_min and price_max",
            );
          }
          c.price.mean = mean as number;
          c.price.m2 = m2 ?? 0;
          c.price.min = min as number;
          c.price.max = max as number;
        }
      }
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

  const priceRows = files.flatMap((f) => f.prices);
  if (priceRows.length > 0) {
    if (!hasPrice) {
      throw new UserError(
        "a price histogram was given but the config names no price",
        { file: priceRows[0]?.file ?? "" },
        "invalid_aggregates",
      );
    }
    const histograms = new Map<string, Map<number, number>>();
    for (const row of priceRows) {
      const key = cellKey(row.groups.map((g) => g ?? ""));
      if (!table.cells.has(key)) {
        throw new UserError(
          "this price histogram row belongs to no audited cell of the aggregates",
          { file: row.file, line: row.line },
          "invalid_aggregates",
        );
      }
      let h = histograms.get(key);
      if (h === undefined) {
        h = new Map();
        histograms.set(key, h);
      }
      h.set(row.price, (h.get(row.price) ?? 0) + row.count);
    }
    table = tableFromCells(
      attributes,
      [...table.cells.entries()].map(([key, cell]) => {
        const h = histograms.get(key) ?? new Map<number, number>();
        let total = 0;
        for (const n of h.values()) total += n;
        if (total !== cell.stats.price.count) {
          throw new UserError(
            `the price histogram of cell ${cell.groups.join(" & ")} counts ${total} prices, the cells ${cell.stats.price.count}: are files of some shards missing?`,
            { file: priceRows[0]?.file ?? "" },
            "invalid_aggregates",
          );
        }
        return {
          groups: cell.groups,
          stats: { ...cell.stats, price: { ...cell.stats.price, histogram: h } },
        };
      }),
    );
  }

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

function requireColumns(row: CellRow, columns: readonly string[], what: string): void {
  for (const c of columns) {
    if (row.counts[c as keyof CellRow["counts"]] === undefined) {
      throw new UserError(
        `the config audits ${what}, so the aggregates need column ${c}`,
        { file: row.file, line: row.line, columnName: c },
        "invalid_aggregates",
      );
    }
  }
}

function inconsistent(at: ErrorLocation, what: string): never {
  throw new UserError(`inconsistent counts: ${what}`, at, "invalid_aggregates");
}

function checkGroupCount(
  cells: Iterable<AggregateCell>,
  attributes: readonly string[],
  maxGroups: number,
  file: string,
): void {
  const seen = attributes.map(() => new Set<string>());
  for (const cell of cells) {
    cell.groups.forEach((g, i) => {
      seen[i]?.add(g);
    });
  }
  seen.forEach((groups, i) => {
    if (groups.size > maxGroups) {
      throw new UserError(
        `attribute ${attributes[i]} has more than ${maxGroups} distinct groups — is it an identifier? Bin it (bins), merge values (map) or raise maxGroups`,
        { file, columnName: attributes[i] },
        "too_many_groups",
      );
    }
  });
}
