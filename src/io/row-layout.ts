import type { AttributeSpec } from "../groups/attribute-spec.js";
import { type ColumnPlan, missingColumn, planColumns } from "./column-plan.js";
import type { CsvHeader } from "./csv-file.js";
import type { ColumnRead, LoadSpec } from "./load-spec.js";
import type { OutputSpec } from "./predictions.js";

/**
 * Where each role's field sits among the materialised fields, and how to read it. Plain data,
 * so a worker thread can rebuild the same accumulator from it.
 */
export interface RowLayout {
  header: CsvHeader;
  /** file column of each materialised field */
  indices: number[];
  /** positions among the materialised fields; -1 when the role is absent */
  id: number;
  decision: number;
  label: number;
  price: number;
  consent: number;
  groups: number[];
  where: number[];
  whereValues: string[];
  scoreMode: boolean;
  /** pricing factors: positions and column names */
  factorCategorical: { position: number; column: string }[];
  factorNumeric: { position: number; column: string }[];
  positiveLabel?: string;
  positiveDecision?: string;
  idColumn?: string;
  attributes: AttributeSpec[];
  missingValues: string[];
  maxGroups: number;
  /** priced rows this reader may keep for exact medians (priceMemory at 8 bytes per row) */
  priceBudget: number;
  /** priceMemory as configured, in MiB, for the message when the budget runs out */
  priceMemoryMb: number;
}

/**
 * Which column of the data file plays which role, and which columns the audit reads (only these
 * are ever materialised: the data-minimisation promise); with a model output in a second file,
 * how to read it and join on the id.
 */
export function layoutFor(
  spec: LoadSpec,
  dataHeader: CsvHeader,
  predictionsHeader: CsvHeader | undefined,
  missing: ReadonlySet<string>,
): { plan: ColumnPlan; layout: RowLayout; outputSpec?: OutputSpec; extraReads: ColumnRead[] } {
  const plan = planColumns(dataHeader);
  const decisionSpec = spec.decision;
  const decisionColumn = decisionSpec?.column;
  const scoreMode = decisionSpec !== undefined && decisionSpec.kind !== "column";
  const extraReads: ColumnRead[] = [];
  let outputSpec: OutputSpec | undefined;
  let idPos = -1;
  if (spec.predictions && predictionsHeader && decisionColumn !== undefined) {
    const ph = predictionsHeader;
    const idAt = ph.columns.indexOf(spec.predictions.id);
    if (idAt === -1) throw missingColumn(ph, spec.predictions.id, "id");
    const valueAt = ph.columns.indexOf(decisionColumn);
    idPos = plan.add(spec.predictions.id, "id");
    if (valueAt !== -1) {
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
    } else if (!dataHeader.columns.includes(decisionColumn)) {
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
    priceMemoryMb: spec.priceMemoryMb ?? DEFAULT_PRICE_MEMORY_MB,
    priceBudget: priceBudgetOf(spec.priceMemoryMb ?? DEFAULT_PRICE_MEMORY_MB),
  };
  if (spec.label?.positive !== undefined) layout.positiveLabel = spec.label.positive;
  if (decisionSpec?.kind === "column" && decisionSpec.positive !== undefined) {
    layout.positiveDecision = decisionSpec.positive;
  }
  if (spec.predictions) layout.idColumn = spec.predictions.id;
  return { plan, layout, ...(outputSpec ? { outputSpec } : {}), extraReads };
}

/** Default of priceMemory: 1 GiB, 134 million priced rows with exact medians. */
export const DEFAULT_PRICE_MEMORY_MB = 1024;

/** Priced rows that fit in `mb` MiB at 8 bytes per row (ValueCounts' bound). */
export function priceBudgetOf(mb: number): number {
  return Math.floor((mb * 1024 * 1024) / 8);
}
