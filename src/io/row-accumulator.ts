import { addOutcome, type CellStats, emptyCell } from "../core/cell.js";
import {
  addFactorRow,
  categoricalFeature,
  INTERCEPT,
  numericFeature,
  PRICE_FEATURE,
} from "../core/factor-moments.js";
import { priceStatsOf } from "../core/price-stats.js";
import { UserError } from "../errors.js";
import { cellKeyRadix } from "../groups/cell-key.js";
import { Grouper } from "../groups/grouper.js";
import { ConsentCounter } from "./consent-counter.js";
import { KeyedValues } from "./key-table.js";
import type { ExclusionReason, PriceIssue } from "./load-spec.js";
import type { ModelOutputs } from "./model-outputs.js";
import { freshTally, type PartialLoad } from "./partial-load.js";
import { invalidBinary, invalidNumber, raggedRow } from "./predictions.js";
import type { RowFields } from "./row-fields.js";
import type { RowLayout } from "./row-layout.js";
import { ValueCounts } from "./value-counts.js";

interface Cell {
  ids: number[];
  stats: CellStats;
  prices: ValueCounts;
}

/**
 * The per-row logic of the audit: segment, consent, join, decision, label, price, groups, and the
 * accumulation into one cell per combination of groups keyed by small integers. Both passes
 * (scores for top-k, then the final one) and every worker thread run this same code.
 */
export class RowAccumulator {
  readonly tally = freshTally();
  scoreMin = Number.POSITIVE_INFINITY;
  scoreMax = Number.NEGATIVE_INFINITY;
  /** the missing-value tokens, shared with the row readers */
  readonly missing: ReadonlySet<string>;
  private readonly groupers: Grouper[];
  private readonly ids: number[];
  /** the numeric cell keys' radix; 0: keys are strings */
  private readonly radix: number;
  private readonly cells = new KeyedValues<Cell>();
  /** the row being classified: its decision or score, and its label (-1: no label) */
  private source = 0;
  private label: -1 | 0 | 1 = -1;
  private readonly consent = new ConsentCounter();
  /** the row's cell key when classify worked it out already (to count consent), else null */
  private rowKey: number | string | null = null;

  /** priced rows seen, against layout.priceBudget */
  private priced = 0;

  constructor(
    private readonly layout: RowLayout,
    private readonly outputs?: ModelOutputs,
    /** the score cut-off of the final pass */
    private readonly threshold?: number,
  ) {
    this.missing = new Set(layout.missingValues);
    this.groupers = layout.attributes.map(
      (a) => new Grouper(a, { missingValues: this.missing, maxGroups: layout.maxGroups }),
    );
    this.ids = new Array(this.groupers.length).fill(0);
    this.radix = cellKeyRadix(this.groupers.length, layout.maxGroups) ?? 0;
  }

  /** First pass of top-k / top-percent: the row's score, or null when the row is not audited. */
  scoreOf(fields: RowFields, fieldCount: number, line: number): number | null {
    return this.classify(fields, fieldCount, line, false) ? this.source : null;
  }

  /** Final pass: the row into its cell. */
  add(fields: RowFields, fieldCount: number, line: number): void {
    if (!this.classify(fields, fieldCount, line, true)) return;
    const layout = this.layout;
    const source = this.source;
    let decision: 0 | 1;
    if (layout.scoreMode) {
      if (source < this.scoreMin) this.scoreMin = source;
      if (source > this.scoreMax) this.scoreMax = source;
      if (source < 0 || source > 1) this.tally.scoresOutsideUnitInterval++;
      decision = source >= (this.threshold as number) ? 1 : 0;
    } else decision = source as 0 | 1;
    let price = Number.NaN;
    if (layout.price !== -1) {
      const parsed = fields.number(layout.price);
      const issue: PriceIssue | null =
        parsed === "missing"
          ? "missing_price"
          : parsed === "invalid"
            ? "unparseable_price"
            : parsed < 0
              ? "negative_price"
              : null;
      if (issue === null) price = parsed as number;
      else this.tally.price[issue]++;
    }
    const key = this.rowKey ?? this.groupKey(fields, line);
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { ids: [...this.ids], stats: emptyCell(), prices: new ValueCounts() };
      this.cells.add(key, cell);
    }
    addOutcome(cell.stats, decision, this.label);
    if (Number.isNaN(price)) cell.stats.price.missing += 1;
    else {
      // Count, extremes and moments come from the exact histogram at the end (result()).
      if (++this.priced > this.layout.priceBudget) this.overBudget();
      cell.prices.add(price);
      if (this.hasFactors) this.addFactors(cell.stats, fields, price);
    }
    this.tally.audited++;
  }

  /**
   * Exact medians keep every price (8 bytes per priced row at most): past the configured budget
   * the audit stops rather than grow without bound. (With worker threads each has its share;
   * a worker that runs out fails its pass, which then runs again in one thread with the whole
   * budget, so the error is only ever raised against the full figure.)
   */
  private overBudget(): never {
    throw new UserError(
      `exact price medians need up to 8 bytes per priced row: more than ${this.layout.priceBudget.toLocaleString("en-US")} priced rows exceed priceMemory ${this.layout.priceMemoryMb} MiB; raise it (--price-memory <MiB>)`,
      { key: "priceMemory" },
      "price_memory",
    );
  }

  private get hasFactors(): boolean {
    return this.layout.factorCategorical.length + this.layout.factorNumeric.length > 0;
  }

  /**
   * The row's regression features into the cell's moments. A row with a factor missing or not
   * numeric stays in every other statistic and is left out of the adjusted gap only (the report
   * gives the rows the adjusted gap rests on).
   */
  private addFactors(stats: CellStats, fields: RowFields, price: number): void {
    const features: [string, number][] = [
      [INTERCEPT, 1],
      [PRICE_FEATURE, price],
    ];
    for (const f of this.layout.factorCategorical) {
      const level = fields.text(f.position);
      if (this.missing.has(level)) return;
      features.push([categoricalFeature(f.column, level), 1]);
    }
    for (const f of this.layout.factorNumeric) {
      const x = fields.number(f.position);
      if (typeof x !== "number") return;
      features.push([numericFeature(f.column), x]);
    }
    stats.factors ??= new Map();
    addFactorRow(stats.factors, features);
  }

  /** The accumulators with group labels attached: what a worker hands back. */
  result(): PartialLoad {
    const labelsOf = (ids: readonly number[]) =>
      ids.map((id, i) => this.groupers[i]?.labels[id] ?? "");
    return {
      cells: [...this.cells.values()].map((c) => {
        // The exact histogram, kept in typed arrays on the hot path, and what follows from it.
        return {
          groups: labelsOf(c.ids),
          stats: { ...c.stats, price: priceStatsOf(c.prices.runs(), c.stats.price.missing) },
        };
      }),
      consent: [...this.consent.counts()].map((c) => ({
        groups: labelsOf(c.ids),
        given: c.given,
        withheld: c.withheld,
      })),
      tally: this.tally,
      scoreMin: this.scoreMin,
      scoreMax: this.scoreMax,
    };
  }

  /** Whether the row is audited; if so, its decision or score and label are in source, label. */
  private classify(fields: RowFields, fieldCount: number, line: number, final: boolean): boolean {
    const { layout, tally } = this;
    const header = layout.header;
    if (fieldCount !== header.columns.length) raggedRow(header, line, fieldCount);
    tally.rowsRead++;
    this.rowKey = null;
    for (let i = 0; i < layout.where.length; i++) {
      if (!fields.equals(layout.where[i] as number, layout.whereValues[i] as string)) {
        tally.outsideSegment++;
        return false;
      }
    }
    // Purpose limitation: a row without consent is counted (for the consented share) and dropped
    // before its label, decision, price or id is looked at.
    if (layout.consent !== -1) {
      const given = fields.binary(layout.consent, undefined);
      if (given === "invalid")
        invalidBinary(header, line, layout.indices[layout.consent] as number);
      if (final) {
        this.rowKey = this.groupKey(fields, line);
        this.consent.count(this.rowKey, this.ids, given === 1);
      }
      if (given !== 1) return this.exclude("no_consent");
    }
    let source: number;
    const outputs = this.outputs;
    if (outputs) {
      const n = fields.integer(layout.id);
      const found =
        n >= 0 ? outputs.matchInteger(n, final) : outputs.match(fields.text(layout.id), final);
      if (found === undefined) return this.exclude("no_model_output");
      if (found === "duplicate") {
        throw new UserError(
          "duplicate id: another data row already matched this model output",
          {
            file: header.displayName,
            line,
            column: (layout.indices[layout.id] as number) + 1,
            columnName: layout.idColumn,
          },
          "duplicate_id",
        );
      }
      source = found;
    } else if (layout.decision === -1) {
      source = 0; // a price-only audit has no decision
    } else if (layout.scoreMode) {
      const parsed = fields.number(layout.decision);
      if (parsed === "invalid")
        invalidNumber(header, line, layout.indices[layout.decision] as number, "score");
      source = parsed === "missing" ? Number.NaN : parsed;
    } else {
      const parsed = fields.binary(layout.decision, layout.positiveDecision);
      if (parsed === "invalid")
        invalidBinary(header, line, layout.indices[layout.decision] as number);
      source = parsed === "missing" ? Number.NaN : parsed;
    }
    if (Number.isNaN(source)) {
      return this.exclude(layout.scoreMode ? "missing_score" : "missing_decision");
    }
    let label: -1 | 0 | 1 = -1;
    if (layout.label !== -1) {
      const parsed = fields.binary(layout.label, layout.positiveLabel);
      if (parsed === "invalid") invalidBinary(header, line, layout.indices[layout.label] as number);
      if (parsed === "missing") return this.exclude("missing_label");
      label = parsed;
    }
    this.source = source;
    this.label = label;
    return true;
  }

  private exclude(reason: ExclusionReason): false {
    this.tally.excluded[reason]++;
    return false;
  }

  /** Classifies the row's protected attributes into `ids`; returns the cell key. */
  private groupKey(fields: RowFields, line: number): number | string {
    const { layout, groupers, ids, radix } = this;
    let key = 0;
    let weight = 1;
    for (let i = 0; i < groupers.length; i++) {
      const grouper = groupers[i] as Grouper;
      const result = fields.group(layout.groups[i] as number, grouper);
      if (typeof result !== "number") {
        groupError(
          layout,
          line,
          layout.indices[layout.groups[i] as number] as number,
          grouper,
          result,
        );
      }
      ids[i] = result;
      key += result * weight;
      weight *= radix;
    }
    return radix === 0 ? ids.join(",") : key;
  }
}

function groupError(
  layout: RowLayout,
  line: number,
  column: number,
  grouper: Grouper,
  result: "not_a_number" | "too_many_groups",
): never {
  const where = {
    file: layout.header.displayName,
    line,
    column: column + 1,
    columnName: layout.header.columns[column],
  };
  if (result === "not_a_number") {
    throw new UserError(
      `attribute ${grouper.spec.name} is binned by numeric edges, but this value is not a number`,
      where,
      "invalid_number",
    );
  }
  throw new UserError(
    `attribute ${grouper.spec.name} has more than ${layout.maxGroups} distinct groups — is it an identifier? Bin it (bins), merge values (map) or raise maxGroups`,
    where,
    "too_many_groups",
  );
}
