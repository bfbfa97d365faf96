import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { type AggregateTable, tableFromCells } from "../core/aggregate-table.js";
import type { InputFlags } from "../core/metrics.js";
import { UserError } from "../errors.js";
import type { ConsentCell } from "../privacy/consent.js";
import { findIdentifierColumns } from "../privacy/identifiers.js";
import { readCsvHeader, scanRows } from "./csv-file.js";
import type {
  ColumnRead,
  DecisionInfo,
  InputFile,
  LoadSpec,
  LoadTally,
  PassInfo,
} from "./load-spec.js";
import {
  IndexedOutputs,
  type MatchedRange,
  type ModelOutputs,
  NotSorted,
  SortedOutputs,
  spanOf,
} from "./model-outputs.js";
import { joinInParallel, scanInParallel } from "./parallel-scan.js";
import { mergePartials, type PartialLoad, withinMaxGroups } from "./partial-load.js";
import { loadPredictions, type OutputSpec, type PredictionIndex } from "./predictions.js";
import { progressTracker } from "./progress-tracker.js";
import { RowAccumulator } from "./row-accumulator.js";
import { layoutFor } from "./row-layout.js";

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
  /** the ids a merge join matched, when one ran (see SharedJoin) */
  matched?: MatchedRange;
}

/**
 * One model output joined by several data files (load-files.ts), where no output may be matched
 * twice across all of them, as within one file. `merge`: the file must be merge-joined (else
 * NeedsIndex is thrown), and the result says which ids it matched; `index`: every file joins
 * through one index, loaded once, whose matched flags carry over from file to file.
 */
export interface SharedJoin {
  mode: "merge" | "index";
  index?: PredictionIndex;
  sha256?: string;
}

/** In SharedJoin's `merge` mode, the file could not be merge-joined. */
export class NeedsIndex extends Error {}

/**
 * One streaming pass over the data file (plus one over the model output, if separate) into the
 * aggregate table. Top-k and top-percent need the score distribution first, so they make one
 * extra pass that only collects scores; the cut-off then works like a threshold.
 */
export async function loadTable(spec: LoadSpec, shared?: SharedJoin): Promise<LoadResult> {
  const missing = new Set(spec.missingValues);
  const dataHeader = await readCsvHeader(spec.data);

  const files: InputFile[] = [];
  const decisionSpec = spec.decision;
  const scoreMode = decisionSpec !== undefined && decisionSpec.kind !== "column";
  let rowsSoFar = () => 0;
  const progress = progressTracker(spec, () => rowsSoFar());
  const sha = { data: createHash("sha256"), predictions: createHash("sha256") };
  const predictionsHeader = spec.predictions
    ? await readCsvHeader(spec.predictions.path)
    : undefined;
  const passes = decisionSpec?.kind === "top-k" || decisionSpec?.kind === "top-percent" ? 2 : 1;
  progress.total =
    dataHeader.bytes * passes + (shared?.index ? 0 : (predictionsHeader?.bytes ?? 0));
  const { plan, layout, outputSpec, extraReads } = layoutFor(
    spec,
    dataHeader,
    predictionsHeader,
    missing,
  );

  // The hash join's index, loaded only when needed: by top-k, or when the files are not both
  // ordered by integer id (the merge join below is tried first and needs no index).
  let index: PredictionIndex | undefined;
  let indexed: IndexedOutputs | undefined;
  const loadIndex = async (join: OutputSpec): Promise<IndexedOutputs> => {
    if (shared?.index) {
      index = shared.index;
      indexed = new IndexedOutputs(index);
      return indexed;
    }
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
    if (shared) {
      shared.index = index;
      shared.sha256 = sha.predictions.digest("hex");
    }
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

  /** The pass from worker threads' partial tables, if they ran (null: they did not, or failed). */
  const fromWorkers = (partials: PartialLoad[] | null, join: PassInfo["join"]) => {
    if (partials === null || !withinMaxGroups(partials, spec)) return undefined;
    const partial = mergePartials(partials);
    spec.onPass?.({ threads: partials.length, join });
    return { rows: partial.tally.rowsRead, partial };
  };
  const inThisThread = async (outputs: ModelOutputs | undefined, join: PassInfo["join"]) => {
    const pass = await sequential(outputs);
    spec.onPass?.({ threads: 1, join });
    return pass;
  };
  const threads = spec.threads ?? availableParallelism();

  // The final pass: over worker threads where they can prove it exact, else in this thread; with
  // a model output, a merge join when both files are ordered by integer id, else the hash join.
  let pass: { rows: number; partial: PartialLoad } | undefined;
  let join: { rows: number; unmatched: number; matched?: MatchedRange } | undefined;
  if (outputSpec !== undefined && shared?.mode === "index") await loadIndex(outputSpec);
  if (outputSpec === undefined) {
    pass = fromWorkers(
      await scanInParallel(layout, threshold, threads, progress.hashing(sha.data)),
      null,
    );
    pass ??= await inThisThread(undefined, null);
  } else {
    if (indexed === undefined) {
      sha.predictions = createHash("sha256");
      const parallel = await joinInParallel(
        layout,
        threshold,
        threads,
        outputSpec,
        progress.hashing(sha.data),
        progress.hashing(sha.predictions),
      );
      pass = fromWorkers(parallel?.partials ?? null, "merge");
      if (pass !== undefined && parallel !== null) {
        join = { rows: parallel.rows, unmatched: parallel.unmatched, matched: parallel.matched };
      }
    }
    if (pass === undefined && indexed === undefined) {
      sha.predictions = createHash("sha256");
      const sorted = new SortedOutputs(outputSpec, progress.hashing(sha.predictions));
      try {
        pass = await inThisThread(sorted, "merge");
        sorted.finish();
        join = { rows: sorted.rows, unmatched: sorted.unmatchedCount, matched: spanOf([sorted]) };
      } catch (error) {
        sorted.close();
        if (!(error instanceof NotSorted)) throw error;
      }
    }
    if (pass === undefined && shared?.mode === "merge") throw new NeedsIndex();
    if (pass === undefined) {
      const outputs = indexed ?? (await loadIndex(outputSpec));
      const slots = index?.index.integerSlots;
      if (index !== undefined && slots) {
        sha.data = createHash("sha256");
        const sharedIndex = { slots, values: index.values, used: index.used };
        // Matched by earlier data files (SharedJoin), or by none: what the pass starts from.
        const before = index.used.slice();
        pass = fromWorkers(
          await scanInParallel(layout, threshold, threads, progress.hashing(sha.data), sharedIndex),
          "hash",
        );
        if (pass === undefined) index.used.set(before); // the pass runs again here
      }
      pass ??= await inThisThread(outputs, "hash");
      join = { rows: index?.rows ?? 0, unmatched: outputs.unmatched() };
    }
  }
  const { rows, partial } = pass;
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
      sha256: shared?.sha256 ?? sha.predictions.digest("hex"),
    });
    tally.unmatchedPredictions = join.unmatched;
  }

  const decision: DecisionInfo = {
    kind: decisionSpec?.kind ?? "none",
    column: decisionSpec?.column ?? "",
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
    ...(join?.matched === undefined ? {} : { matched: join.matched }),
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
