import {
  type AggregateCell,
  type AggregateTable,
  cellKey,
  tableFromCells,
} from "../core/aggregate-table.js";
import { type CellStats, emptyCell } from "../core/cell.js";
import { runsFromMap } from "../core/price-stats.js";
import { type ErrorLocation, UserError } from "../errors.js";
import type { LoadTally } from "../io/load-spec.js";
import type { CellRow, PriceRow } from "./schema.js";

/** The checks and the assembly of cells from the rows of an aggregates file (docs/aggregates.md). */

export function requireColumns(row: CellRow, columns: readonly string[], what: string): void {
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

export function inconsistent(at: ErrorLocation, what: string): never {
  throw new UserError(`inconsistent counts: ${what}`, at, "invalid_aggregates");
}

export function checkGroupCount(
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

/** One audited cell of the aggregates, checked for consistency; its price tallies are counted. */
export function cellStatsOf(
  row: CellRow,
  n: number,
  at: ErrorLocation,
  hasLabel: boolean,
  hasPrice: boolean,
  tally: LoadTally,
): CellStats {
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
        inconsistent(at, "a cell with prices needs price_mean, price_m2, price_min and price_max");
      }
      c.price.mean = mean as number;
      c.price.m2 = m2 ?? 0;
      c.price.min = min as number;
      c.price.max = max as number;
    }
  }
  return c;
}

/** Exact price histograms, when given, joined to their cells (and counted against them). */
export function withHistograms(
  table: AggregateTable,
  priceRows: readonly PriceRow[],
  hasPrice: boolean,
  attributes: readonly string[],
): AggregateTable {
  if (priceRows.length === 0) return table;
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
  return tableFromCells(
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
        stats: { ...cell.stats, price: { ...cell.stats.price, histogram: runsFromMap(h) } },
      };
    }),
  );
}
