/**
 * A pivot below this fraction of the largest diagonal entry means the probability columns are
 * (numerically) collinear: the linear estimator is not identified (e.g. every row carries the
 * same probability vector).
 */
const SINGULAR_TOLERANCE = 1e-10;

/** The inverse of a symmetric positive-definite matrix by Gauss–Jordan elimination, or null. */
export function invertSymmetric(a: readonly (readonly number[])[]): number[][] | null {
  const k = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i] ?? 0)));
  if (!(scale > 0)) return null;
  for (let col = 0; col < k; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < k; r++) {
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivotRow]?.[col] ?? 0)) pivotRow = r;
    }
    const pivot = m[pivotRow]?.[col] ?? 0;
    if (!(Math.abs(pivot) > SINGULAR_TOLERANCE * scale)) return null;
    [m[col], m[pivotRow]] = [m[pivotRow] as number[], m[col] as number[]];
    const row = m[col] as number[];
    for (let j = 0; j < 2 * k; j++) row[j] = (row[j] as number) / pivot;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const other = m[r] as number[];
      const f = other[col] as number;
      if (f === 0) continue;
      for (let j = 0; j < 2 * k; j++) other[j] = (other[j] as number) - f * (row[j] as number);
    }
  }
  return m.map((row) => row.slice(k));
}

/** a · b for square matrices. */
export function multiply(a: readonly (readonly number[])[], b: readonly (readonly number[])[]) {
  return a.map((row) =>
    (b[0] ?? []).map((_, j) => row.reduce((s, x, t) => s + x * (b[t]?.[j] ?? 0), 0)),
  );
}

/** a · v */
export function apply(a: readonly (readonly number[])[], v: readonly number[]): number[] {
  return a.map((row) => row.reduce((s, x, t) => s + x * (v[t] ?? 0), 0));
}
