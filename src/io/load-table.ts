import {
  type AggregateCell,
  type AggregateTable,
  tableFromCells,
} from "../core/aggregate-table.js";
import { addObservation, type CellStats, emptyCell } from "../core/cell.js";
import type { InputFlags } from "../core/metrics.js";
import { UserError } from "../errors.js";
import { Grouper } from "../groups/grouper.js";
import { closestName } from "./closest-name.js";
import { type CsvHeader, readCsvHeader, scanCsv } from "./csv-file.js";
import type {
  ColumnRead,
  ColumnRole,
  DecisionInfo,
  ExclusionReason,
  InputFile,
  LoadSpec,
  LoadTally,
  PriceIssue,
} from "./load-spec.js";
import {
  invalidBinary,
  invalidNumber,
  loadPredictions,
  type PredictionIndex,
  raggedRow,
} from "./predictions.js";
import { parseBinary, parseNumber } from "./values.js";

export interface LoadResult extends InputFlags {
  table: AggregateTable;
  hasLabel: boolean;
  hasPrice: boolean;
  tally: LoadTally;
  files: InputFile[];
  columnsRead: ColumnRead[];
  decision: DecisionInfo;
}

/** Columns of the data file that the audit materialises, in this order. */
interface Plan {
  header: CsvHeader;
  indices: number[];
  reads: ColumnRead[];
  add(column: string, role: ColumnRole): number;
}

function planFor(header: CsvHeader): Plan {
  const indices: number[] = [];
  const reads: ColumnRead[] = [];
  return {
    header,
    indices,
    reads,
    add(column, role) {
      const at = header.columns.indexOf(column);
      if (at === -1) throw missingColumn(header, column, role);
      const existing = indices.indexOf(at);
      if (!reads.some((r) => r.column === column && r.role === role)) {
        reads.push({ file: header.displayName, column, role });
      }
      if (existing !== -1) return existing;
      indices.push(at);
      return indices.length - 1;
    },
  };
}

function missingColumn(header: CsvHeader, column: string, role: ColumnRole): UserError {
  const suggestion = closestName(column, header.columns);
  return new UserError(
    `no column "${column}" (${role})${suggestion ? `; did you mean "${suggestion}"?` : ""} — columns: ${header.columns.join(", ")}`,
    { file: header.displayName, line: 1 },
    "missing_column",
  );
}

/**
 * One streaming pass over the data file (plus one over the model output, if separate) into the
 * aggregate table. Top-k and top-percent need the score distribution first, so they make one
 * extra pass that only collects scores; the cut-off then works like a threshold.
 */
export async function loadTable(spec: LoadSpec): Promise<LoadResult> {
  const missing = new Set(spec.missingValues);
  const dataHeader = await readCsvHeader(spec.data);
  const plan = planFor(dataHeader);

  let predictions: PredictionIndex | undefined;
  let predictionsHeader: CsvHeader | undefined;
  let idPos = -1;
  const files: InputFile[] = [];
  const extraReads: ColumnRead[] = [];
  const decisionSpec = spec.decision;
  const decisionColumn = decisionSpec?.column;
  const scoreMode = decisionSpec !== undefined && decisionSpec.kind !== "column";

  if (spec.predictions && decisionColumn !== undefined) {
    predictionsHeader = await readCsvHeader(spec.predictions.path);
    const ph = predictionsHeader;
    const idAt = ph.columns.indexOf(spec.predictions.id);
    if (idAt === -1) throw missingColumn(ph, spec.predictions.id, "id");
    const valueAt = decisionColumn === undefined ? -1 : ph.columns.indexOf(decisionColumn);
    idPos = plan.add(spec.predictions.id, "id");
    if (decisionColumn !== undefined && valueAt !== -1) {
      extraReads.push(
        { file: ph.displayName, column: spec.predictions.id, role: "id" },
        { file: ph.displayName, column: decisionColumn, role: scoreMode ? "score" : "decision" },
      );
      predictions = await loadPredictions(
        ph,
        idAt,
        valueAt,
        scoreMode ? "score" : "decision",
        missing,
        decisionSpec?.kind === "column" ? decisionSpec.positive : undefined,
      );
    } else if (decisionColumn !== undefined && !dataHeader.columns.includes(decisionColumn)) {
      throw missingColumn(ph, decisionColumn, scoreMode ? "score" : "decision");
    }
  }
  const decisionPos =
    predictions || decisionColumn === undefined
      ? -1
      : plan.add(decisionColumn, scoreMode ? "score" : "decision");
  const labelPos = spec.label ? plan.add(spec.label.column, "label") : -1;
  const pricePos = spec.price !== undefined ? plan.add(spec.price, "price") : -1;
  const groupPos = spec.attributes.map((a) => plan.add(a.column, "protected"));
  const wherePos = spec.where.map((w) => plan.add(w.column, "segment"));
  const whereValues = spec.where.map((w) => w.value.trim());

  const groupers = spec.attributes.map(
    (a) => new Grouper(a, { missingValues: missing, maxGroups: spec.maxGroups }),
  );
  const header = dataHeader;
  const positiveLabel = spec.label?.positive;
  const positiveDecision = decisionSpec?.kind === "column" ? decisionSpec.positive : undefined;

  /** Shared row logic of both passes; returns the decision source value or null when excluded. */
  const tally = freshTally();
  let scoreMin = Number.POSITIVE_INFINITY;
  let scoreMax = Number.NEGATIVE_INFINITY;

  const classifyRow = (
    fields: string[],
    fieldCount: number,
    line: number,
    pass: "scores" | "final",
  ) => {
    if (fieldCount !== header.columns.length) raggedRow(header, line, fieldCount);
    tally.rowsRead++;
    for (let i = 0; i < wherePos.length; i++) {
      if ((fields[wherePos[i] as number] as string).trim() !== whereValues[i]) {
        tally.outsideSegment++;
        return null;
      }
    }
    let source: number;
    if (predictions) {
      const id = (fields[idPos] as string).trim();
      const at = predictions.index.get(id);
      if (at === undefined) return exclude("no_model_output");
      if (pass === "final") {
        if (predictions.used[at] === 1) {
          throw new UserError(
            "duplicate id: another data row already matched this model output",
            {
              file: header.displayName,
              line,
              column: (plan.indices[idPos] as number) + 1,
              columnName: spec.predictions?.id,
            },
            "duplicate_id",
          );
        }
        predictions.used[at] = 1;
      }
      source = predictions.values[at] as number;
    } else if (decisionPos === -1) {
      source = 0; // a price-only audit has no decision
    } else if (scoreMode) {
      const parsed = parseNumber(fields[decisionPos] as string, missing);
      if (parsed === "invalid")
        invalidNumber(header, line, plan.indices[decisionPos] as number, "score");
      source = parsed === "missing" ? Number.NaN : parsed;
    } else {
      const parsed = parseBinary(fields[decisionPos] as string, missing, positiveDecision);
      if (parsed === "invalid") invalidBinary(header, line, plan.indices[decisionPos] as number);
      source = parsed === "missing" ? Number.NaN : parsed;
    }
    if (Number.isNaN(source)) return exclude(scoreMode ? "missing_score" : "missing_decision");
    let label: -1 | 0 | 1 = -1;
    if (labelPos !== -1) {
      const parsed = parseBinary(fields[labelPos] as string, missing, positiveLabel);
      if (parsed === "invalid") invalidBinary(header, line, plan.indices[labelPos] as number);
      if (parsed === "missing") return exclude("missing_label");
      label = parsed;
    }
    return { source, label };
  };
  function exclude(reason: ExclusionReason): null {
    tally.excluded[reason]++;
    return null;
  }

  let threshold: number | undefined =
    decisionSpec?.kind === "threshold" ? decisionSpec.threshold : undefined;
  if (decisionSpec?.kind === "top-k" || decisionSpec?.kind === "top-percent") {
    let scores = new Float64Array(1 << 16);
    let count = 0;
    await scanCsv(dataHeader, plan.indices, (fields, fieldCount, line) => {
      const row = classifyRow(fields, fieldCount, line, "scores");
      if (row === null) return;
      if (count === scores.length) {
        const next = new Float64Array(count * 2);
        next.set(scores);
        scores = next;
      }
      scores[count++] = row.source;
    });
    const k =
      decisionSpec.kind === "top-k"
        ? decisionSpec.k
        : Math.ceil((decisionSpec.percent / 100) * count);
    threshold = topKCutoff(scores.subarray(0, count), k);
    Object.assign(tally, freshTally());
  }

  const cells = new Map<number | string, { ids: number[]; stats: CellStats }>();
  const ids: number[] = new Array(groupers.length).fill(0);
  const cellKeyOf = cellKeyFunction(groupers.length, spec.maxGroups);
  const rows = await scanCsv(dataHeader, plan.indices, (fields, fieldCount, line) => {
    const row = classifyRow(fields, fieldCount, line, "final");
    if (row === null) return;
    let decision: 0 | 1;
    if (scoreMode) {
      if (row.source < scoreMin) scoreMin = row.source;
      if (row.source > scoreMax) scoreMax = row.source;
      decision = row.source >= (threshold as number) ? 1 : 0;
    } else decision = row.source as 0 | 1;
    let price = Number.NaN;
    if (pricePos !== -1) {
      const parsed = parseNumber(fields[pricePos] as string, missing);
      const issue: PriceIssue | null =
        parsed === "missing"
          ? "missing_price"
          : parsed === "invalid"
            ? "unparseable_price"
            : parsed < 0
              ? "negative_price"
              : null;
      if (issue === null) price = parsed as number;
      else tally.price[issue]++;
    }
    for (let i = 0; i < groupers.length; i++) {
      const grouper = groupers[i] as Grouper;
      const result = grouper.classify(fields[groupPos[i] as number] as string);
      if (typeof result !== "number")
        groupError(
          header,
          line,
          plan.indices[groupPos[i] as number] as number,
          grouper,
          result,
          spec.maxGroups,
        );
      ids[i] = result;
    }
    const key = cellKeyOf(ids);
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { ids: [...ids], stats: emptyCell() };
      cells.set(key, cell);
    }
    addObservation(cell.stats, decision, row.label, price);
    tally.audited++;
  });
  if (rows === 0) {
    throw new UserError(
      "the file has a header but no data rows",
      { file: dataHeader.displayName },
      "no_rows",
    );
  }

  files.push({ role: "data", name: dataHeader.displayName, bytes: dataHeader.bytes, rows });
  if (predictions && predictionsHeader) {
    files.push({
      role: "predictions",
      name: predictionsHeader.displayName,
      bytes: predictionsHeader.bytes,
      rows: predictions.rows,
    });
    tally.unmatchedPredictions = predictions.used.reduce((n, u) => n + (u === 0 ? 1 : 0), 0);
  }

  const attributeNames = spec.attributes.map((a) => a.name);
  const aggregateCells: AggregateCell[] = [...cells.values()].map((c) => ({
    groups: c.ids.map((id, i) => groupers[i]?.labels[id] ?? ""),
    stats: c.stats,
  }));
  const decision: DecisionInfo = {
    kind: decisionSpec?.kind ?? "none",
    column: decisionColumn ?? "",
  };
  if (threshold !== undefined) decision.threshold = threshold;
  if (scoreMode && tally.audited > 0) {
    decision.scoreMin = scoreMin;
    decision.scoreMax = scoreMax;
  }
  return {
    table: tableFromCells(attributeNames, aggregateCells),
    hasDecision: decisionSpec !== undefined,
    hasLabel: spec.label !== undefined,
    hasPrice: spec.price !== undefined,
    tally,
    files,
    columnsRead: [...plan.reads, ...extraReads],
    decision,
  };
}

/**
 * Cells are keyed by a number (mixed radix over the group ids) when it fits exactly in a double,
 * which spares a string per row; otherwise by the joined ids.
 */
function cellKeyFunction(
  attributes: number,
  maxGroups: number,
): (ids: readonly number[]) => number | string {
  const radix = 2 ** Math.ceil(Math.log2(maxGroups + 1));
  if (radix ** attributes > Number.MAX_SAFE_INTEGER) return (ids) => ids.join(",");
  return (ids) => {
    let key = 0;
    for (let i = ids.length - 1; i >= 0; i--) key = key * radix + (ids[i] as number);
    return key;
  };
}

function freshTally(): LoadTally {
  return {
    rowsRead: 0,
    outsideSegment: 0,
    excluded: { no_model_output: 0, missing_label: 0, missing_decision: 0, missing_score: 0 },
    audited: 0,
    price: { missing_price: 0, unparseable_price: 0, negative_price: 0 },
    unmatchedPredictions: 0,
  };
}

/**
 * The k-th largest score. Selecting score ≥ cut-off keeps every row tied with the k-th, so the
 * selection can exceed k when scores tie; the result never depends on row order.
 */
export function topKCutoff(scores: Float64Array, k: number): number {
  if (k <= 0 || scores.length === 0) return Number.POSITIVE_INFINITY;
  const sorted = Float64Array.from(scores).sort();
  return sorted[Math.max(0, sorted.length - Math.min(k, sorted.length))] as number;
}

function groupError(
  header: CsvHeader,
  line: number,
  column: number,
  grouper: Grouper,
  result: "not_a_number" | "too_many_groups",
  maxGroups: number,
): never {
  const where = {
    file: header.displayName,
    line,
    column: column + 1,
    columnName: header.columns[column],
  };
  if (result === "not_a_number") {
    throw new UserError(
      `attribute ${grouper.spec.name} is binned by numeric edges, but this value is not a number`,
      where,
      "invalid_number",
    );
  }
  throw new UserError(
    `attribute ${grouper.spec.name} has more than ${maxGroups} distinct groups — is it an identifier? Bin it (bins), merge values (map) or raise maxGroups`,
    where,
    "too_many_groups",
  );
}
