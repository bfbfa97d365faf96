import { type AttributeSpec, binIndex, binLabels, MISSING_GROUP } from "./attribute-spec.js";

export interface GrouperOptions {
  /** raw values (after trimming) that mean "not recorded" */
  missingValues: ReadonlySet<string>;
  /** refuse an attribute with more distinct groups than this (an id column by mistake) */
  maxGroups: number;
}

/** Outcome of classifying one raw value; errors carry no value (it may be personal data). */
export type GroupResult = number | "not_a_number" | "too_many_groups";

/**
 * Turns raw cells into small integer group ids (stable per run) with labels on the side,
 * so the hot path keys accumulators by numbers, not strings. Missing values form a visible group.
 */
export class Grouper {
  readonly labels: string[] = [];
  private readonly idByLabel = new Map<string, number>();
  private readonly cache = new Map<string, number>();
  private readonly edges: readonly number[] | undefined;
  private readonly binNames: readonly string[];

  constructor(
    readonly spec: AttributeSpec,
    private readonly options: GrouperOptions,
  ) {
    this.edges = spec.bins;
    this.binNames = spec.bins ? binLabels(spec.bins) : [];
  }

  classify(raw: string): GroupResult {
    const cached = this.cache.get(raw);
    if (cached !== undefined) return cached;
    const label = this.labelOf(raw);
    if (label === null) return "not_a_number";
    let id = this.idByLabel.get(label);
    if (id === undefined) {
      if (this.labels.length >= this.options.maxGroups) return "too_many_groups";
      id = this.labels.length;
      this.labels.push(label);
      this.idByLabel.set(label, id);
    }
    // Bound the cache: a numeric column binned into few groups may have many raw spellings.
    if (this.cache.size < 65_536) this.cache.set(raw, id);
    return id;
  }

  private labelOf(raw: string): string | null {
    const value = raw.trim();
    if (this.options.missingValues.has(value)) return MISSING_GROUP;
    const map = this.spec.map;
    // Own keys only: a cell reading "constructor" must not find Object.prototype members.
    const mapped = map !== undefined && Object.hasOwn(map, value) ? (map[value] as string) : value;
    if (this.edges === undefined) return mapped;
    const x = Number(mapped);
    if (mapped === "" || !Number.isFinite(x)) return null;
    return this.binNames[binIndex(this.edges, x)] ?? null;
  }
}
