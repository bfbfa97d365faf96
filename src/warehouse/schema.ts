import { z } from "zod";

/**
 * The aggregates a database computes for an audit (docs/aggregates.md). A cells file has one row per
 * audited cell (status "audited", one column per protected attribute holding its group label) and
 * one row per reason rows were not audited (the attribute columns empty); a prices file holds the
 * exact price histogram of each cell.
 */
export const ROW_STATUSES = [
  "audited",
  "outside_segment",
  "no_model_output",
  "missing_decision",
  "missing_score",
  "missing_label",
  "unmatched_prediction",
  // rows the row-level loader refuses with an error: their presence makes the audit fail with exit 2
  "invalid_decision",
  "invalid_score",
  "invalid_label",
  "invalid_group",
  "missing_id",
  "duplicate_id",
] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export const REFUSED_STATUSES: Readonly<Partial<Record<RowStatus, string>>> = {
  invalid_decision:
    "decision values outside the vocabulary (1/0, true/false, yes/no, y/n, t/f; or set positive)",
  invalid_score: "scores that are not finite numbers",
  invalid_label:
    "label values outside the vocabulary (1/0, true/false, yes/no, y/n, t/f; or set positive)",
  invalid_group: "values of a binned attribute that are not numbers",
  missing_id: "model-output rows without an id",
  duplicate_id: "ids that occur more than once in the join",
};

/** Whole counts: numbers or their decimal spelling (drivers return 64-bit integers as strings). */
const count = z.preprocess(
  (v) => (typeof v === "string" && /^\s*[0-9]+(\.0*)?\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: "expected a whole number ≥ 0" })
    .int("expected a whole number ≥ 0")
    .nonnegative(),
);

/** Finite numbers, or empty / null (no value, e.g. the mean of a cell without prices). */
const real = z.preprocess((v) => {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") {
    const t = v.trim();
    if (t === "") return null;
    return /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t) ? Number(t) : v;
  }
  return v;
}, z.number({ error: "expected a number" }).finite().nullable());

/** Labels are text; a database may hand back a number for a numeric group column. */
const label = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z.string({ error: "expected a group label" }).nullable(),
);

export const AGGREGATE_COUNT_COLUMNS = [
  "n",
  "selected",
  "tp",
  "fp",
  "tn",
  "fn",
  "price_count",
  "missing_price",
  "unparseable_price",
  "negative_price",
] as const;
export const AGGREGATE_REAL_COLUMNS = [
  "price_mean",
  "price_m2",
  "price_min",
  "price_max",
  "score_min",
  "score_max",
  "threshold",
] as const;
export const PRICE_VALUE_COLUMNS = ["price", "count"] as const;

export const RESERVED_COLUMNS: readonly string[] = [
  "status",
  ...AGGREGATE_COUNT_COLUMNS,
  ...AGGREGATE_REAL_COLUMNS,
  ...PRICE_VALUE_COLUMNS,
];

export function cellRowSchema(attributes: readonly string[]) {
  const shape: Record<string, z.ZodType> = {
    status: z.enum(ROW_STATUSES, { error: `expected one of: ${ROW_STATUSES.join(", ")}` }),
    n: count,
    selected: count.optional(),
  };
  for (const a of attributes) shape[a] = label;
  for (const c of AGGREGATE_COUNT_COLUMNS)
    if (c !== "n" && c !== "selected") shape[c] = count.optional();
  for (const c of AGGREGATE_REAL_COLUMNS) shape[c] = real.optional();
  return z.strictObject(shape);
}

export function priceRowSchema(attributes: readonly string[]) {
  const shape: Record<string, z.ZodType> = {
    price: real.refine((x) => x !== null && x >= 0, "expected a price ≥ 0"),
    count: count.refine((x) => x > 0, "expected a count ≥ 1"),
  };
  for (const a of attributes) shape[a] = label;
  return z.strictObject(shape);
}

export interface CellRow {
  status: RowStatus;
  groups: (string | null)[];
  counts: Partial<Record<(typeof AGGREGATE_COUNT_COLUMNS)[number], number>>;
  reals: Partial<Record<(typeof AGGREGATE_REAL_COLUMNS)[number], number | null>>;
  file: string;
  line: number;
}

export interface PriceRow {
  groups: (string | null)[];
  price: number;
  count: number;
  file: string;
  line: number;
}
