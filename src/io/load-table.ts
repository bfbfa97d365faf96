import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { type AggregateTable, tableFromCells } from "../core/aggregate-table.js";
import type { InputFlags } from "../core/metrics.js";
import { UserError } from "../errors.js";
import type { ConsentCell } from "../privacy/consent.js";
import { findIdentifierColumns } from "../privacy/identifiers.js";
import { missingColumn, planColumns } from "./column-plan.js";
import { type CsvHeader, readCsvHeader, scanRows } from "./csv-file.js";
import type { ColumnRead, DecisionInfo, InputFile, LoadSpec, LoadTally } from "./load-spec.js";
import { IndexedOutputs, type ModelOutputs, NotSorted, SortedOutputs } from "./model-outputs.js";
import { hashJoinInParallel, joinInParallel, scanInParallel } from "./parallel-scan.js";
import { mergePartials, type PartialLoad, withinMaxGroups } from "./partial-load.js";
import { loadPredictions, type OutputSpec, type PredictionIndex } from "./predictions.js";
import { progressTracker } from "./progress-tracker.js";
import { RowAccumulator, type RowLayout } from "./row-accumulator.js";

export interface LoadResult extends InputFlags {
  table: AggregateTable;
  hasLabel: boolean;
  hasPrice: boolean;
  tally: LoadTally;
  files: InputFile[];
  columnsRead: ColumnRead[];
  decision: DecisionInfo;
  /** rows in scope with and without consent, per finest cell; null without a consent column */
  consent: { column: string; cells: ConsentCell[] } | null;
  /** columns that look like direct identifiers, present in the input but not needed */
  identifierColumns: { file: string; column: string }[];
}

/**
 * One streaming pass over the data file (plus one over the model output, if separate) into the
 * aggregate table. Top-k and top-percent need the score distribution first, so they make one
 * extra pass that only collects scores; the cut-off then works like a threshold.
 */
export async function loadTable(spec: LoadSpec): Promise<LoadResult> {
  const missing = new Set(spec.missingValues);
  const dataHeader = await readCsvHeader(spec.data);
  const plan = planColumns(dataHeader);

  let outputSpec: OutputSpec | undefined;
  let predictionsHeader: CsvHeader | undefined;
  let idPos = -1;
  const files: InputFile[] = [];
  const extraReads: ColumnRead[] = [];
  const decisionSpec = spec.decision;
  const decisionColumn = decisionSpec?.column;
  const scoreMode = decisionSpec !== undefined && decisionSpec.kind !== "column";
  let rowsSoFar = () => 0;
  const progress = progressTracker(spec, () => rowsSoFar());
  const sha = { data: createHash("sha256"), predictions: createHash("sha256") };
  const predictionsBytes = spec.predictions
    ? (await readCsvHeader(spec.predictions.path)).bytes
    : 0;
  const passes = decisionSpec?.kind === "top-k" || decisionSpec?.kind === "top-percent" ? 2 : 1;
  progress.total = dataHeader.bytes * passes + predictionsBytes;

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
      outputSpec = {
        header: ph,
        idColumn: idAt,
        valueColumn: valueAt,
        mode: scoreMode ? "score" : "decision",
        missing,
        positive: decisionSpec?.kind === "column" ? decisionSpec.positive : undefined,
      };
    } else if (decisionColumn !== undefined && !dataHeader.columns.includes(decisionColumn)) {
      throw missingColumn(ph, decisionColumn, scoreMode ? "score" : "decision");
    }
  }
  const decisionPos =
    outputSpec || decisionColumn === undefined
      ? -1
      : plan.add(decisionColumn, scoreMode ? "score" : "decision");
  const layout: RowLayout = {
    header: dataHeader,
    indices: plan.indices,
    id: idPos,
    decision: decisionPos,
    label: spec.label ? plan.add(spec.label.column, "label") : -1,
    price: spec.price !== undefined ? plan.add(spec.price, "price") : -1,
    groups: spec.attributes.map((a) => plan.add(a.column, "protected")),
    where: spec.where.map((w) => plan.add(w.column, "segment")),
    whereValues: spec.where.map((w) => w.value.trim()),
    consent: spec.consent !== undefined ? plan.add(spec.consent, "consent") : -1,
    scoreMode,
    factorCategorical: (spec.priceFactors?.categorical ?? []).map((column) => ({
      position: plan.add(column, "price_factor"),
      column,
    })),
    factorNumeric: (spec.priceFactors?.numeric ?? []).map((column) => ({
      position: plan.add(column, "price_factor"),
      column,
    })),
    attributes: [...spec.attributes],
    missingValues: [...spec.missingValues],
    maxGroups: spec.maxGroups,
  };
  if (spec.label?.positive !== undefined) layout.positiveLabel = spec.label.positive;
  if (decisionSpec?.kind === "column" && decisionSpec.positive !== undefined) {
    layout.positiveDecision = decisionSpec.positive;
  }
  if (spec.predictions) layout.idColumn = spec.predictions.id;

  // The hash join's index, loaded only when needed: by top-k, or when the files are not both
  // ordered by integer id (the merge join below is tried first and needs no index).
  let index: PredictionIndex | undefined;
  let indexed: IndexedOutputs | undefined;
  const loadIndex = async (join: OutputSpec): Promise<IndexedOutputs> => {
    sha.predictions = createHash("sha256");
    index = await loadPredictions(
      join.header,
      join.idColumn,
      join.valueColumn,
      join.mode,
      join.missing,
      join.positive,
      progress.hashing(sha.predictions),
    );
    indexed = new IndexedOutputs(index);
    return indexed;
  };

  let threshold: number | undefined =
    decisionSpec?.kind === "threshold" ? decisionSpec.threshold : undefined;
  if (decisionSpec?.kind === "top-k" || decisionSpec?.kind === "top-percent") {
    const first = new RowAccumulator(
      layout,
      outputSpec === undefined ? undefined : await loadIndex(outputSpec),
    );
    rowsSoFar = () => first.tally.rowsRead;
    let scores = new Float64Array(1 << 16);
    let count = 0;
    await scanRows(
      dataHeader,
      plan.indices,
      missing,
      (fields, fieldCount, line) => {
        const score = first.scoreOf(fields, fieldCount, line);
        if (score === null) return;
        if (count === scores.length) {
          const next = new Float64Array(count * 2);
          next.set(scores);
          scores = next;
        }
        scores[count++] = score;
      },
      progress.hashing(null),
    );
    const k =
      decisionSpec.kind === "top-k"
        ? decisionSpec.k
        : Math.ceil((decisionSpec.percent / 100) * count);
    threshold = topKCutoff(scores.subarray(0, count), k);
  }

  /** The final pass in this thread, joined through `outputs` when there is a model output. */
  const sequential = async (outputs: ModelOutputs | undefined) => {
    sha.data = createHash("sha256");
    const accumulator = new RowAccumulator(layout, outputs, threshold);
    rowsSoFar = () => accumulator.tally.rowsRead;
    const read = await scanRows(
      dataHeader,
      plan.indices,
      missing,
      (fields, fieldCount, line) => accumulator.add(fields, fieldCount, line),
      progress.hashing(sha.data),
    );
    return { rows: read, partial: accumulator.result() };
  };

  // The final pass: over worker threads where that is exact, else in this thread; with a model
  // output, a merge join when both files are ordered by integer id, else the hash join.
  let rows: number;
  let partial: PartialLoad;
  let join: { rows: number; unmatched: number } | undefined;
  if (outputSpec === undefined) {
    const partials = await scanInParallel(
      layout,
      threshold,
      spec.threads ?? availableParallelism(),
      progress.hashing(sha.data),
    );
    if (partials !== null && withinMaxGroups(partials, spec)) {
      partial = mergePartials(partials);
      rows = partial.tally.rowsRead;
      spec.onPass?.({ threads: partials.length, join: null });
    } else {
      ({ rows, partial } = await sequential(undefined));
      spec.onPass?.({ threads: 1, join: null });
    }
  } else {
    let merged: { rows: number; partial: PartialLoad } | undefined;
    if (indexed === undefined) {
      sha.predictions = createHash("sha256");
      const parallel = await joinInParallel(
        layout,
        threshold,
        spec.threads ?? availableParallelism(),
        outputSpec,
        progress.hashing(sha.data),
        progress.hashing(sha.predictions),
      );
      if (parallel !== null && withinMaxGroups(parallel.partials, spec)) {
        const partialLoad = mergePartials(parallel.partials);
        merged = { rows: partialLoad.tally.rowsRead, partial: partialLoad };
        join = { rows: parallel.rows, unmatched: parallel.unmatched };
        spec.onPass?.({ threads: parallel.partials.length, join: "merge" });
      }
    }
    if (merged === undefined && indexed === undefined) {
      sha.predictions = createHash("sha256");
      const sorted = new SortedOutputs(outputSpec, progress.hashing(sha.predictions));
      try {
        merged = await sequential(sorted);
        sorted.finish();
        join = { rows: sorted.rows, unmatched: sorted.unmatchedCount };
        spec.onPass?.({ threads: 1, join: "merge" });
      } catch (error) {
        sorted.close();
        if (!(error instanceof NotSorted)) throw error;
        merged = undefined;
      }
    }
    if (merged === undefined) {
      const outputs = indexed ?? (await loadIndex(outputSpec));
      const slots = index?.index.integerSlots;
      if (index !== undefined && slots) {
        sha.data = createHash("sha256");
        const partials = await hashJoinInParallel(
          layout,
          threshold,
          spec.threads ?? availableParallelism(),
          { slots, values: index.values, used: index.used },
          progress.hashing(sha.data),
        );
        if (partials !== null && withinMaxGroups(partials, spec)) {
          const partialLoad = mergePartials(partials);
          merged = { rows: partialLoad.tally.rowsRead, partial: partialLoad };
          spec.onPass?.({ threads: partials.length, join: "hash" });
        } else index.used.fill(0); // the pass runs again here, from no output matched
      }
      if (merged === undefined) {
        merged = await sequential(outputs);
        spec.onPass?.({ threads: 1, join: "hash" });
      }
      join = { rows: index?.rows ?? 0, unmatched: outputs.unmatched() };
    }
    ({ rows, partial } = merged);
  }
  const tally = partial.tally;
  if (rows === 0) {
    throw new UserError(
      "the file has a header but no data rows",
      { file: dataHeader.displayName },
      "no_rows",
    );
  }

  files.push({
    role: "data",
    name: dataHeader.displayName,
    bytes: dataHeader.bytes,
    rows,
    sha256: sha.data.digest("hex"),
  });
  if (join && predictionsHeader) {
    files.push({
      role: "predictions",
      name: predictionsHeader.displayName,
      bytes: predictionsHeader.bytes,
      rows: join.rows,
      sha256: sha.predictions.digest("hex"),
    });
    tally.unmatchedPredictions = join.unmatched;
  }

  const decision: DecisionInfo = {
    kind: decisionSpec?.kind ?? "none",
    column: decisionColumn ?? "",
  };
  if (threshold !== undefined) decision.threshold = threshold;
  if (scoreMode && tally.audited > 0) {
    decision.scoreMin = partial.scoreMin;
    decision.scoreMax = partial.scoreMax;
  }
  return {
    table: tableFromCells(
      spec.attributes.map((a) => a.name),
      partial.cells,
    ),
    hasDecision: decisionSpec !== undefined,
    hasLabel: spec.label !== undefined,
    hasPrice: spec.price !== undefined,
    tally,
    files,
    columnsRead: [...plan.reads, ...extraReads],
    decision,
    consent: spec.consent === undefined ? null : { column: spec.consent, cells: partial.consent },
    identifierColumns: findIdentifierColumns(
      [dataHeader, ...(predictionsHeader ? [predictionsHeader] : [])],
      [...plan.reads, ...extraReads],
    ),
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
