/**
 * The products of membership probabilities the estimators need, up to degree four: p_r (the
 * weighted means), p_r·p_s (their linearised covariances, the regression's Gram matrix) and
 * p_r·p_s·p_t, p_r·p_s·p_t·p_u (the linear estimator's heteroskedasticity-robust variance).
 * Each product is a multiset of group indices, listed once in ascending order, so a cell stores
 * C(K+1,2) rather than K² second-order sums and so on.
 */
export interface MonomialIndex {
  readonly groups: number;
  /** monomials in order of degree, then lexicographically; each a sorted tuple of group indices */
  readonly terms: readonly (readonly number[])[];
  /** for each term, the position of the term without its last index (-1 for degree one) */
  readonly parent: Int32Array;
  /** for each term, its last index */
  readonly last: Int32Array;
  /** how many terms have degree ≤ d, for d = 0..4 */
  readonly upTo: readonly number[];
  /** the position of a multiset of indices (any order) */
  position(indices: readonly number[]): number;
}

export const MAX_DEGREE = 4;

const cache = new Map<number, MonomialIndex>();

export function monomialIndex(groups: number): MonomialIndex {
  const hit = cache.get(groups);
  if (hit) return hit;
  const terms: number[][] = [];
  const upTo = [0];
  let previous: number[][] = [[]];
  for (let degree = 1; degree <= MAX_DEGREE; degree++) {
    const next: number[][] = [];
    for (const t of previous) {
      const from = t.length === 0 ? 0 : (t[t.length - 1] as number);
      for (let g = from; g < groups; g++) next.push([...t, g]);
    }
    terms.push(...next);
    upTo.push(terms.length);
    previous = next;
  }
  const keyOf = (t: readonly number[]) => t.join(",");
  const at = new Map(terms.map((t, i) => [keyOf(t), i]));
  const parent = new Int32Array(terms.length);
  const last = new Int32Array(terms.length);
  terms.forEach((t, i) => {
    parent[i] = t.length === 1 ? -1 : (at.get(keyOf(t.slice(0, -1))) as number);
    last[i] = t[t.length - 1] as number;
  });
  const index: MonomialIndex = {
    groups,
    terms,
    parent,
    last,
    upTo,
    position(indices) {
      const found = at.get(keyOf([...indices].sort((a, b) => a - b)));
      if (found === undefined) throw new Error(`no monomial over groups ${indices.join(",")}`);
      return found;
    },
  };
  cache.set(groups, index);
  return index;
}

/** Every term's product for one row's probabilities, into `out` (parents come first). */
export function fillProducts(index: MonomialIndex, p: ArrayLike<number>, out: Float64Array): void {
  const { parent, last } = index;
  for (let i = 0; i < parent.length; i++) {
    const up = parent[i] as number;
    const x = p[last[i] as number] as number;
    out[i] = up === -1 ? x : (out[up] as number) * x;
  }
}
