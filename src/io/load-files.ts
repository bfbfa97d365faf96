import { mergeTables } from "../core/aggregate-table.js";
import { UserError } from "../errors.js";
import type { ColumnRead, LoadSpec } from "./load-spec.js";
import { type LoadResult, loadTable } from "./load-table.js";
import { addTally, freshTally } from "./partial-load.js";

/**
 * Several data files (one per day, per shard…) audited as their concatenation: each file is
 * loaded into its own accumulators and the tables merge by group label, so the result equals the
 * audit of the concatenated file (tested). Top-k and top-percent need one cut-off over all rows,
 * so they ask for a single file.
 */
export async function loadFiles(spec: LoadSpec): Promise<LoadResult> {
  const files = [spec.data, ...(spec.moreData ?? [])];
  if (files.length === 1) return loadTable(spec);
  if (spec.decision?.kind === "top-k" || spec.decision?.kind === "top-percent") {
    throw new UserError(
      "top-k and top-percent select among all rows at once: with several data files, use a threshold or concatenate the files",
      { key: "data" },
      "usage",
    );
  }
  const loads: LoadResult[] = [];
  for (const data of files) loads.push(await loadTable({ ...spec, data, moreData: [] }));
  return mergeLoads(loads);
}

function mergeLoads(loads: readonly LoadResult[]): LoadResult {
  const [first, ...rest] = loads as [LoadResult, ...LoadResult[]];
  const tally = freshTally();
  for (const l of loads) addTally(tally, l.tally);
  // Each file was joined against the whole model output: an output is unmatched overall when
  // no file matched it. Assuming no id occurs in two files, that is Σ unmatched − (k − 1) × rows.
  const predictions = first.files.find((f) => f.role === "predictions");
  if (predictions) {
    const matched = loads.reduce(
      (n, l) => n + (predictions.rows - l.tally.unmatchedPredictions),
      0,
    );
    tally.unmatchedPredictions = Math.max(0, predictions.rows - matched);
  }
  const unique = <T>(items: T[], key: (t: T) => string) => [
    ...new Map(items.map((t) => [key(t), t])).values(),
  ];
  const decision = { ...first.decision };
  const mins = loads.map((l) => l.decision.scoreMin).filter((x): x is number => x !== undefined);
  const maxs = loads.map((l) => l.decision.scoreMax).filter((x): x is number => x !== undefined);
  if (mins.length > 0) decision.scoreMin = Math.min(...mins);
  if (maxs.length > 0) decision.scoreMax = Math.max(...maxs);
  return {
    ...first,
    table: rest.reduce((t, l) => mergeTables(t, l.table), first.table),
    tally,
    files: [
      ...loads.flatMap((l) => l.files.filter((f) => f.role === "data")),
      ...(predictions ? [predictions] : []),
    ],
    columnsRead: unique(
      loads.flatMap((l) => l.columnsRead),
      (c: ColumnRead) => `${c.file}\u0000${c.column}\u0000${c.role}`,
    ),
    decision,
    consent:
      first.consent === null
        ? null
        : { column: first.consent.column, cells: loads.flatMap((l) => l.consent?.cells ?? []) },
    identifierColumns: unique(
      loads.flatMap((l) => l.identifierColumns),
      (c) => `${c.file}\u0000${c.column}`,
    ),
  };
}
