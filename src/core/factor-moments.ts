/**
 * Regression moments of the rows with a price: Σ z_a·z_b over the features z of each row
 * (intercept, price, one indicator per level of each categorical pricing factor, each numeric
 * factor). Group indicators are constant within a cell, so X'X and X'y of a regression of price
 * on group indicators and factors can be assembled for ANY grouping from these per-cell sums;
 * they merge by addition, like every other accumulator (src/inference/adjusted-gap.ts).
 *
 * The price and the numeric factors are accumulated about a shift — their value in the cell's
 * first row, kept under `shiftKey(feature)` — so z = x − s: prices near 1e12 with a spread of
 * 1000 keep their digits (uncentred, Σy² ≈ n·1e24 swamps a residual sum of squares of n·1e6 at
 * double precision). A regression with an intercept is the same with shifted columns (only the
 * intercept moves), and moments about one shift convert exactly to another (`shiftTo`), so cells
 * with different shifts still merge.
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

const SHIFT = "@";

/** The key under which a shifted feature's shift is kept. */
export function shiftKey(feature: string): string {
  return `${SHIFT}${feature}`;
}

/** The price and the numeric factors are shifted; the intercept and indicators (0/1) are not. */
function isShifted(feature: string): boolean {
  return feature === PRICE_FEATURE || feature.startsWith(`n${SEP}`);
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function moment(m: FactorMoments, a: string, b: string): number {
  return m.get(pairKey(a, b)) ?? 0;
}

/** Scratch space of addFactorRow: a row's shifted values. */
const shifted: number[] = [];

/** Hot-path update; features hold the intercept and the price too. */
export function addFactorRow(
  m: FactorMoments,
  features: readonly (readonly [string, number])[],
): void {
  for (let i = 0; i < features.length; i++) {
    const [a, va] = features[i] as readonly [string, number];
    if (isShifted(a)) {
      const key = shiftKey(a);
      let shift = m.get(key);
      if (shift === undefined) {
        shift = va;
        m.set(key, va);
      }
      shifted[i] = va - shift;
    } else shifted[i] = va;
  }
  for (let i = 0; i < features.length; i++) {
    const a = (features[i] as readonly [string, number])[0];
    const va = shifted[i] as number;
    for (let j = i; j < features.length; j++) {
      const b = (features[j] as readonly [string, number])[0];
      const key = pairKey(a, b);
      m.set(key, (m.get(key) ?? 0) + va * (shifted[j] as number));
    }
  }
}

/**
 * The same moments about other shifts: with d = old shift − new shift,
 *   Σ(a − t_a)(b − t_b) = Σ(a − s_a)(b − s_b) + d_a·Σ(b − s_b) + d_b·Σ(a − s_a) + n·d_a·d_b.
 * The shifts are data values of the same columns, so d is of the data's spread, not its size.
 */
export function shiftTo(m: FactorMoments, target: (feature: string) => number): FactorMoments {
  const n = moment(m, INTERCEPT, INTERCEPT);
  const delta = (f: string) => (isShifted(f) ? (m.get(shiftKey(f)) ?? 0) - target(f) : 0);
  const sum = (f: string) => (f === INTERCEPT ? n : moment(m, INTERCEPT, f));
  const out: FactorMoments = new Map();
  for (const [key, value] of m) {
    if (key.startsWith(SHIFT)) {
      out.set(key, target(key.slice(SHIFT.length)));
      continue;
    }
    const [a = "", b = ""] = key.split("|");
    const da = delta(a);
    const db = delta(b);
    out.set(key, da === 0 && db === 0 ? value : value + da * sum(b) + db * sum(a) + n * da * db);
  }
  return out;
}

/** The shift of a feature (0 for one that is not shifted or not present). */
export function shiftOf(m: FactorMoments, feature: string): number {
  return m.get(shiftKey(feature)) ?? 0;
}

export function mergeFactorMoments(a: FactorMoments | undefined, b: FactorMoments | undefined) {
  if (a === undefined) return b === undefined ? undefined : new Map(b);
  if (b === undefined) return new Map(a);
  // b about a's shifts (a feature only b has keeps b's), then add.
  const aligned = shiftTo(b, (f) => a.get(shiftKey(f)) ?? shiftOf(b, f));
  const out = new Map(a);
  for (const [key, value] of aligned) {
    if (key.startsWith(SHIFT)) {
      if (!out.has(key)) out.set(key, value);
    } else out.set(key, (out.get(key) ?? 0) + value);
  }
  return out;
}

/** Every feature that occurs in the moments, intercept and price excluded, sorted. */
export function featuresOf(moments: Iterable<FactorMoments>): string[] {
  const features = new Set<string>();
  for (const m of moments) {
    for (const key of m.keys())
      if (!key.startsWith(SHIFT)) for (const f of key.split("|")) features.add(f);
  }
  features.delete(INTERCEPT);
  features.delete(PRICE_FEATURE);
  return [...features].sort();
}
