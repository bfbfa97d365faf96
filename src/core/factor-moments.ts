/**
 * Regression moments of the rows with a price: Σ z_a·z_b over the features z of each row
 * (intercept, price, one indicator per level of each categorical pricing factor, each numeric
 * factor). Group indicators are constant within a cell, so X'X and X'y of a regression of price
 * on group indicators and factors can be assembled for ANY grouping from these per-cell sums;
 * they merge by addition, like every other accumulator (src/inference/adjusted-gap.ts).
 */
export type FactorMoments = Map<string, number>;

export const INTERCEPT = "1";
export const PRICE_FEATURE = "y";
const SEP = "\u0000";

export function categoricalFeature(column: string, level: string): string {
  return `c${SEP}${column}${SEP}${level}`;
}

export function numericFeature(column: string): string {
  return `n${SEP}${column}`;
}

/** "region = Nord", "credit_score": how a feature is named in reports. */
export function describeFeature(feature: string): string {
  const [kind, column, level] = feature.split(SEP);
  return kind === "c" ? `${column} = ${level}` : (column ?? feature);
}

/** The categorical column a feature belongs to, or null for a numeric one. */
export function categoricalColumn(feature: string): string | null {
  const [kind, column] = feature.split(SEP);
  return kind === "c" ? (column ?? null) : null;
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function moment(m: FactorMoments, a: string, b: string): number {
  return m.get(pairKey(a, b)) ?? 0;
}

/** Hot-path update; features hold the intercept and the price too. */
export function addFactorRow(
  m: FactorMoments,
  features: readonly (readonly [string, number])[],
): void {
  for (let i = 0; i < features.length; i++) {
    const [a, va] = features[i] as readonly [string, number];
    for (let j = i; j < features.length; j++) {
      const [b, vb] = features[j] as readonly [string, number];
      const key = pairKey(a, b);
      m.set(key, (m.get(key) ?? 0) + va * vb);
    }
  }
}

export function mergeFactorMoments(a: FactorMoments | undefined, b: FactorMoments | undefined) {
  if (a === undefined) return b === undefined ? undefined : new Map(b);
  const out = new Map(a);
  for (const [key, value] of b ?? []) out.set(key, (out.get(key) ?? 0) + value);
  return out;
}

/** Every feature that occurs in the moments, intercept and price excluded, sorted. */
export function featuresOf(moments: Iterable<FactorMoments>): string[] {
  const features = new Set<string>();
  for (const m of moments) {
    for (const key of m.keys()) for (const f of key.split("|")) features.add(f);
  }
  features.delete(INTERCEPT);
  features.delete(PRICE_FEATURE);
  return [...features].sort();
}
