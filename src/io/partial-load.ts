import type { AggregateCell } from "../core/aggregate-table.js";
import type { ConsentCell } from "../privacy/consent.js";
import type { LoadSpec, LoadTally } from "./load-spec.js";

/** What one pass over (part of) a file adds up to; partial loads merge by addition. */
export interface PartialLoad {
  cells: AggregateCell[];
  consent: ConsentCell[];
  tally: LoadTally;
  scoreMin: number;
  scoreMax: number;
}

export function freshTally(): LoadTally {
  return {
    rowsRead: 0,
    outsideSegment: 0,
    excluded: {
      no_consent: 0,
      no_model_output: 0,
      missing_label: 0,
      missing_decision: 0,
      missing_score: 0,
    },
    audited: 0,
    price: { missing_price: 0, unparseable_price: 0, negative_price: 0 },
    unmatchedPredictions: 0,
    scoresOutsideUnitInterval: 0,
  };
}

/** A worker's group labels were checked against maxGroups alone: the merged count must be too. */
export function withinMaxGroups(partials: readonly PartialLoad[], spec: LoadSpec): boolean {
  return spec.attributes.every((_, i) => {
    const labels = new Set(partials.flatMap((p) => p.cells.map((c) => c.groups[i])));
    return labels.size <= spec.maxGroups;
  });
}

/** Partial loads merge by addition; cells with equal labels merge in tableFromCells. */
export function mergePartials(partials: readonly PartialLoad[]): PartialLoad {
  const tally = freshTally();
  for (const p of partials) addTally(tally, p.tally);
  return {
    cells: partials.flatMap((p) => p.cells),
    consent: partials.flatMap((p) => p.consent),
    tally,
    scoreMin: Math.min(...partials.map((p) => p.scoreMin)),
    scoreMax: Math.max(...partials.map((p) => p.scoreMax)),
  };
}

export function addTally(into: LoadTally, from: LoadTally): void {
  into.rowsRead += from.rowsRead;
  into.outsideSegment += from.outsideSegment;
  into.audited += from.audited;
  into.unmatchedPredictions += from.unmatchedPredictions;
  into.scoresOutsideUnitInterval += from.scoresOutsideUnitInterval;
  for (const k of Object.keys(into.excluded) as (keyof LoadTally["excluded"])[]) {
    into.excluded[k] += from.excluded[k];
  }
  for (const k of Object.keys(into.price) as (keyof LoadTally["price"])[])
    into.price[k] += from.price[k];
}
