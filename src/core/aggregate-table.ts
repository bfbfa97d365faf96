import { type CellStats, mergeAll, mergeCells } from "./cell.js";

/**
 * The accumulators of a whole audit: one cell per combination of protected-attribute groups
 * (the finest partition). Single attributes and intersections are marginals of this table, so
 * one pass fills it and every grouping is derived afterwards. Keys are group labels, not
 * positions, so tables built by different workers, files or a database GROUP BY merge exactly.
 */
export interface AggregateTable {
  readonly attributes: readonly string[];
  readonly cells: ReadonlyMap<string, AggregateCell>;
}

export interface AggregateCell {
  readonly groups: readonly string[];
  readonly stats: CellStats;
}

/** Separator of intersection labels, e.g. "Female & 60+". */
export const INTERSECTION_SEPARATOR = " & ";

export function cellKey(groups: readonly string[]): string {
  return JSON.stringify(groups);
}

export function emptyTable(attributes: readonly string[]): AggregateTable {
  return { attributes, cells: new Map() };
}

export function tableFromCells(
  attributes: readonly string[],
  cells: Iterable<AggregateCell>,
): AggregateTable {
  const out = new Map<string, AggregateCell>();
  for (const cell of cells) {
    if (cell.groups.length !== attributes.length) {
      throw new Error(`cell has ${cell.groups.length} groups for ${attributes.length} attributes`);
    }
    const key = cellKey(cell.groups);
    const prev = out.get(key);
    out.set(key, {
      groups: cell.groups,
      stats: prev ? mergeCells(prev.stats, cell.stats) : cell.stats,
    });
  }
  return { attributes, cells: out };
}

/** Associative and commutative (up to floating-point rounding of price moments). */
export function mergeTables(a: AggregateTable, b: AggregateTable): AggregateTable {
  if (cellKey(a.attributes) !== cellKey(b.attributes)) {
    throw new Error(
      `cannot merge tables over different attributes: ${a.attributes.join(",")} vs ${b.attributes.join(",")}`,
    );
  }
  return tableFromCells(a.attributes, [...a.cells.values(), ...b.cells.values()]);
}

/**
 * Merge the cells that agree on the chosen attributes. The label of an intersection joins the
 * groups in attribute order. Groups come back sorted by label so output never depends on row order.
 */
export function marginal(
  table: AggregateTable,
  attributeIndices: readonly number[],
): Map<string, CellStats> {
  const byLabel = new Map<string, CellStats[]>();
  for (const cell of table.cells.values()) {
    const label = attributeIndices.map((i) => cell.groups[i] ?? "").join(INTERSECTION_SEPARATOR);
    const cells = byLabel.get(label);
    if (cells === undefined) byLabel.set(label, [cell.stats]);
    else cells.push(cell.stats);
  }
  return new Map(
    [...byLabel.entries()]
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([label, cells]) => [label, mergeAll(cells)]),
  );
}

/**
 * All cells merged: the population of every grouping. Worked out once per table (tables are
 * never mutated), since merging the price histograms of every cell is the costly part of
 * measuring and every grouping has the same population.
 */
export function tableTotal(table: AggregateTable): CellStats {
  const known = TOTALS.get(table);
  if (known !== undefined) return known;
  const total = mergeAll([...table.cells.values()].map((c) => c.stats));
  TOTALS.set(table, total);
  return total;
}

const TOTALS = new WeakMap<AggregateTable, CellStats>();
