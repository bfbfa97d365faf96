import type { AttributeSpec } from "../groups/attribute-spec.js";

/** Where the decision comes from: a 0/1 column, or a score turned into one. */
export type DecisionSpec =
  | { kind: "column"; column: string; positive?: string }
  | { kind: "threshold"; column: string; threshold: number }
  | { kind: "top-k"; column: string; k: number }
  | { kind: "top-percent"; column: string; percent: number };

export interface SegmentFilter {
  column: string;
  value: string;
}

/** Everything the loader needs; paths are already resolved. */
export interface LoadSpec {
  data: string;
  /** further data files, audited as if concatenated after `data` (same columns) */
  moreData?: readonly string[];
  /** model output in a second file, joined on `id` (a column of both files) */
  predictions?: { path: string; id: string };
  attributes: readonly AttributeSpec[];
  label?: { column: string; positive?: string };
  /** absent in a price-only audit: then no decision-based metric is computed */
  decision?: DecisionSpec;
  price?: string;
  /**
   * MiB that exact price medians may hold while the data are read: 8 bytes per priced row (see
   * ValueCounts); past it the audit stops with an error naming priceMemory.
   */
  priceMemoryMb?: number;
  /** legitimate pricing factors for the adjusted price gap */
  priceFactors?: { categorical: readonly string[]; numeric: readonly string[] };
  where: readonly SegmentFilter[];
  missingValues: readonly string[];
  maxGroups: number;
  /** only rows whose value here is affirmative (1, true, yes) may be used for the audit */
  consent?: string;
  /** worker threads for the final pass over a large file (1: this thread only) */
  threads?: number;
  /** told how far the reading has come, after every chunk; the shell draws it (or not) */
  onProgress?: ProgressCallback;
  /** told how the final pass ran (for benchmarks and tests; reports never depend on it) */
  onPass?: (pass: PassInfo) => void;
}

/** How the final pass ran: over how many threads, and how the model output was joined. */
export interface PassInfo {
  threads: number;
  join: "merge" | "hash" | null;
}

/** Bytes of all passes over all files; rows are data rows read so far. */
export interface LoadProgress {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}
export type ProgressCallback = (progress: LoadProgress) => void;

export const COLUMN_ROLES = [
  "id",
  "protected",
  "label",
  "decision",
  "score",
  "price",
  "segment",
  "price_factor",
  "consent",
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export interface ColumnRead {
  file: string;
  column: string;
  role: ColumnRole;
}

export const EXCLUSION_REASONS = [
  "no_consent",
  "no_model_output",
  "missing_label",
  "missing_decision",
  "missing_score",
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const PRICE_ISSUES = ["missing_price", "unparseable_price", "negative_price"] as const;
export type PriceIssue = (typeof PRICE_ISSUES)[number];

export interface InputFile {
  role: "data" | "predictions";
  name: string;
  bytes: number;
  rows: number;
  /** hex sha256 of the file's bytes */
  sha256?: string;
}

/** What happened to every row read: nothing is dropped without being counted here. */
export interface LoadTally {
  rowsRead: number;
  outsideSegment: number;
  excluded: Record<ExclusionReason, number>;
  audited: number;
  /** rows audited for rates but without a usable price */
  price: Record<PriceIssue, number>;
  /** model-output rows whose id is not in the dataset (or outside the segment) */
  unmatchedPredictions: number;
  /** audited rows whose score lies outside [0, 1] (disclosed when the threshold looks like a probability) */
  scoresOutsideUnitInterval: number;
}

export interface DecisionInfo {
  kind: DecisionSpec["kind"] | "none";
  column: string;
  /** the score cut-off actually applied (threshold, or derived from top-k / top-percent) */
  threshold?: number;
  scoreMin?: number;
  scoreMax?: number;
}
