import { fillProducts, MAX_DEGREE, type MonomialIndex, monomialIndex } from "./monomials.js";

/**
 * The outcome classes of a row: decision × label (a row without a label counts as label 0, and
 * then only the selection rate reads the classes). Every rate metric is a ratio of unions of them.
 */
export const OUTCOME_CLASSES = ["tn", "fp", "fn", "tp"] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

export function outcomeClass(decision: 0 | 1, label: -1 | 0 | 1): number {
  return decision + (label === 1 ? 2 : 0);
}

/**
 * The sufficient statistics of a probabilistic attribute within one crisp cell: for each outcome
 * class, the sums over its rows of every product of membership probabilities up to degree four;
 * for priced rows, Σ p^α (degree ≤ 4), Σ y·p^α (≤ 3) and Σ y²·p^α (≤ 2). Weighted means, their
 * linearised covariances, the linear estimator and its sandwich variance are functions of these
 * sums alone (src/membership/estimators.ts), and sums merge by addition: rows, worker threads,
 * files and a database's GROUP BY give the same numbers.
 *
 * Each sum is kept as an unevaluated pair hi + lo (Knuth's two-sum), so the total does not depend
 * on the order rows and partial sums were added in, to far below the printed precision.
 * Plain data (typed arrays), so it crosses to and from worker threads by structured clone.
 */
export interface MembershipSums {
  /** the attribute's group labels, in declaration order */
  groups: readonly string[];
  /** rows per outcome class */
  rows: number[];
  /** [class][term] as hi/lo pairs */
  rate: Float64Array;
  /** priced rows */
  priced: number;
  /** Σ p^α over the terms of degree ≤ 4, then Σ y·p^α (≤ 3), then Σ y²·p^α (≤ 2), as hi/lo pairs */
  price: Float64Array;
}

export function emptyMembership(groups: readonly string[]): MembershipSums {
  const m = monomialIndex(groups.length);
  return {
    groups: [...groups],
    rows: OUTCOME_CLASSES.map(() => 0),
    rate: new Float64Array(OUTCOME_CLASSES.length * termCount(m) * 2),
    priced: 0,
    price: new Float64Array(priceLength(m) * 2),
  };
}

function termCount(m: MonomialIndex): number {
  return m.upTo[MAX_DEGREE] as number;
}

function priceLength(m: MonomialIndex): number {
  return termCount(m) + (m.upTo[3] as number) + (m.upTo[2] as number);
}

/** hi/lo pair `i` of `a` += x, without losing the low-order bits (two-sum). */
function addPair(a: Float64Array, i: number, x: number): void {
  const hi = a[2 * i] as number;
  const s = hi + x;
  const bp = s - hi;
  a[2 * i] = s;
  a[2 * i + 1] = (a[2 * i + 1] as number) + (hi - (s - bp)) + (x - bp);
}

/** The value of pair `i`. */
export function pairValue(a: Float64Array, i: number): number {
  return (a[2 * i] as number) + (a[2 * i + 1] as number);
}

/**
 * Reusable per-row state: one row's probabilities and their products. One per accumulator,
 * so the hot path allocates nothing.
 */
export class MembershipRow {
  readonly p: Float64Array;
  private readonly products: Float64Array;
  private readonly index: MonomialIndex;

  constructor(groups: number) {
    this.index = monomialIndex(groups);
    this.p = new Float64Array(groups);
    this.products = new Float64Array(termCount(this.index));
  }

  /** The row in `p` into the sums, in outcome class `cls`, with its price (NaN: none). */
  addTo(sums: MembershipSums, cls: number, price: number): void {
    const { index, products } = this;
    fillProducts(index, this.p, products);
    const terms = products.length;
    sums.rows[cls] = (sums.rows[cls] as number) + 1;
    const base = cls * terms;
    for (let i = 0; i < terms; i++) addPair(sums.rate, base + i, products[i] as number);
    if (Number.isNaN(price)) return;
    sums.priced++;
    const three = index.upTo[3] as number;
    const two = index.upTo[2] as number;
    for (let i = 0; i < terms; i++) addPair(sums.price, i, products[i] as number);
    for (let i = 0; i < three; i++) addPair(sums.price, terms + i, price * (products[i] as number));
    const yy = price * price;
    for (let i = 0; i < two; i++)
      addPair(sums.price, terms + three + i, yy * (products[i] as number));
  }
}

/** The monoid's operation (identity: emptyMembership). Returns a new value. */
export function mergeMembership(a: MembershipSums, b: MembershipSums): MembershipSums {
  if (a.groups.join("\u0000") !== b.groups.join("\u0000")) {
    throw new Error(`cannot merge membership sums over different groups`);
  }
  const out = emptyMembership(a.groups);
  out.rows = a.rows.map((r, i) => r + (b.rows[i] as number));
  out.priced = a.priced + b.priced;
  mergePairs(out.rate, a.rate, b.rate);
  mergePairs(out.price, a.price, b.price);
  return out;
}

function mergePairs(out: Float64Array, a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < out.length / 2; i++) {
    out[2 * i] = a[2 * i] as number;
    out[2 * i + 1] = (a[2 * i + 1] as number) + (b[2 * i + 1] as number);
    addPair(out, i, b[2 * i] as number);
  }
}

/**
 * A view of the sums over one subpopulation with one outcome: what every estimator reads.
 * s0(α) = Σ p^α, s1(α) = Σ y·p^α, s2(α) = Σ y²·p^α over the subpopulation's rows; α is a
 * multiset of group indices (degree ≤ 4, 3 and 2 respectively).
 */
export interface MomentView {
  groups: number;
  rows: number;
  s0(alpha: readonly number[]): number;
  s1(alpha: readonly number[]): number;
  s2(alpha: readonly number[]): number;
}

/**
 * The view of a rate: rows in the `denominator` classes, outcome 1 in the `numerator` classes
 * (a subset of them). y is 0 or 1, so y² = y.
 */
export function rateView(
  sums: MembershipSums,
  denominator: readonly number[],
  numerator: readonly number[],
): MomentView {
  const m = monomialIndex(sums.groups.length);
  const terms = termCount(m);
  const over = (classes: readonly number[]) => (alpha: readonly number[]) => {
    const at = m.position(alpha);
    let total = 0;
    for (const c of classes) total += pairValue(sums.rate, c * terms + at);
    return total;
  };
  const s1 = over(numerator);
  return {
    groups: sums.groups.length,
    rows: denominator.reduce((a, c) => a + (sums.rows[c] as number), 0),
    s0: over(denominator),
    s1,
    s2: s1,
  };
}

/** The view of the price over priced rows. */
export function priceView(sums: MembershipSums): MomentView {
  const m = monomialIndex(sums.groups.length);
  const terms = termCount(m);
  const three = m.upTo[3] as number;
  return {
    groups: sums.groups.length,
    rows: sums.priced,
    s0: (alpha) => pairValue(sums.price, m.position(alpha)),
    s1: (alpha) => pairValue(sums.price, terms + m.position(alpha)),
    s2: (alpha) => pairValue(sums.price, terms + three + m.position(alpha)),
  };
}
