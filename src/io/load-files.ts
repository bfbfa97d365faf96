import { statSync } from "node:fs";
import { basename } from "node:path";
import { mergeTables } from "../core/aggregate-table.js";
import { UserError } from "../errors.js";
import type { ColumnRead, LoadSpec } from "./load-spec.js";
import { type LoadResult, loadTable, NeedsIndex, type SharedJoin } from "./load-table.js";
import type { MatchedRange } from "./model-outputs.js";
import { addTally, freshTally } from "./partial-load.js";

/**
 * Several data files (one per day, per shard…) audited as their concatenation: each file is
 * loaded into its own accumulators and the tables merge by group label, so the result equals the
 * audit of the concatenated file (tested). Top-k and top-percent need one cut-off over all rows,
 * so they ask for a single file.
 *
 * The rules of one file hold across all of them: a file given twice (by another path, a link or a
 * copy) is refused, and with a model output, a data id matched in two files is a duplicate id,
 * as it is within one file.
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
  refuseSameFile(files);
  const { loads, unmatched } = await loadAll(spec, files);
  refuseSameContent(loads);
  return mergeLoads(loads, unmatched);
}

/**
 * Without a model output, each file on its own. With one, first each by a merge join, which holds
 * none of the model output: files whose matched ids lie in disjoint ranges cannot share one. When
 * a file cannot be merge-joined, or two ranges overlap, every file joins through one index whose
 * matched flags carry from file to file, and the first data id matched again is reported with
 * its file and line.
 */
async function loadAll(
  spec: LoadSpec,
  files: readonly string[],
): Promise<{ loads: LoadResult[]; unmatched?: number }> {
  const one = (data: string, shared?: SharedJoin) =>
    loadTable({ ...spec, data, moreData: [] }, shared);
  const loads: LoadResult[] = [];
  if (spec.predictions === undefined) {
    for (const data of files) loads.push(await one(data));
    return { loads };
  }
  try {
    for (const data of files) loads.push(await one(data, { mode: "merge" }));
    if (disjoint(loads.map((l) => l.matched ?? null))) return { loads };
  } catch (error) {
    if (!(error instanceof NeedsIndex)) throw error;
  }
  const shared: SharedJoin = { mode: "index" };
  const indexed: LoadResult[] = [];
  for (const [k, data] of files.entries()) {
    try {
      indexed.push(await one(data, shared));
    } catch (error) {
      if (k > 0 && error instanceof UserError && error.code === "duplicate_id") {
        throw new UserError(
          "duplicate id: a data row of this or an earlier data file already matched this model output (the files are audited as one: an id may occur in only one of them)",
          error.location,
          error.code,
        );
      }
      throw error;
    }
  }
  const used = shared.index?.used;
  if (used === undefined) return { loads: indexed };
  return { loads: indexed, unmatched: used.reduce((n, u) => n + (u === 0 ? 1 : 0), 0) };
}

/** Whether no two files' matched id ranges overlap (each file's ids are distinct already). */
function disjoint(ranges: readonly MatchedRange[]): boolean {
  const sorted = ranges
    .filter((r): r is NonNullable<MatchedRange> => r !== null)
    .sort((a, b) => a.first - b.first);
  return sorted.every((r, k) => k === 0 || r.first > (sorted[k - 1] as { last: number }).last);
}

/** The same file named twice — the same path, another path to it, a hard or symbolic link. */
function refuseSameFile(files: readonly string[]): void {
  const seen = new Map<string, number>();
  for (const [k, path] of files.entries()) {
    let id: string;
    try {
      const info = statSync(path);
      id = `${info.dev}:${info.ino}`;
    } catch {
      continue; // the load reports a missing or unreadable file with its reason
    }
    const first = seen.get(id);
    if (first !== undefined) {
      throw new UserError(
        `this data file is the same file as data file ${first + 1} (${basename(files[first] as string)}): its rows would be audited twice`,
        { file: basename(path) },
        "duplicate_file",
      );
    }
    seen.set(id, k);
  }
}

/** Two data files with the same bytes (a copy): their rows would be audited twice. */
function refuseSameContent(loads: readonly LoadResult[]): void {
  const data = loads.flatMap((l) => l.files.filter((f) => f.role === "data"));
  for (const [k, file] of data.entries()) {
    const first = data.findIndex((f) => f.sha256 === file.sha256);
    if (file.sha256 !== undefined && first < k) {
      throw new UserError(
        `this data file has the same content (SHA-256) as data file ${first + 1} (${(data[first] as { name: string }).name}): its rows would be audited twice`,
        { file: file.name },
        "duplicate_file",
      );
    }
  }
}

/** `unmatched`: model outputs no file matched, when one shared index joined them all. */
function mergeLoads(loads: readonly LoadResult[], unmatched: number | undefined): LoadResult {
  const [first, ...rest] = loads as [LoadResult, ...LoadResult[]];
  const tally = freshTally();
  for (const l of loads) addTally(tally, l.tally);
  // Each file was joined against the whole model output: an output is unmatched overall when
  // no file matched it. Through one shared index, the index says; by merge joins, whose matched
  // ids are disjoint across files (loadAll), it is Σ unmatched − (k − 1) × rows.
  const predictions = first.files.find((f) => f.role === "predictions");
  if (unmatched !== undefined) tally.unmatchedPredictions = unmatched;
  else if (predictions) {
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
