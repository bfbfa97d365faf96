import tcdf from "@stdlib/stats-base-dists-t-cdf";
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import { available, type Interval, type Outcome, unavailable } from "./outcome.js";
import { assertConfidence } from "./validate.js";

export interface RegressionMoments {
  readonly xtx: readonly (readonly number[])[];
  readonly xty: readonly number[];
  readonly yty: number;
  readonly n: number;
  /**
   * Column 0 is the intercept (the constant 1, so xtx[0][j] = Σx_j). The fit is then solved on
   * the centred, scaled cross-products, where both accuracy and collinearity are judged.
   */
  readonly intercept?: boolean;
}

/** Why a fit is unavailable, as data: the singular column, when that is the reason. */
export type OlsOutcome = Outcome<OlsFit> & { readonly singularColumn?: number };

export interface OlsFit {
  readonly coefficients: number[];
  /** Classical (homoskedastic) standard errors √(σ̂² [(X'X)⁻¹]ⱼⱼ). */
  readonly standardErrors: number[];
  readonly tStatistics: number[];
  /** Two-sided p-values of H0: βⱼ = 0 on residualDf degrees of freedom. */
  readonly pValues: number[];
  /** βⱼ ± t_{1−α/2, n−p} · SEⱼ. */
  readonly intervals: Interval[];
  /** n − p. */
  readonly residualDf: number;
  /** σ̂² = RSS / (n − p). */
  readonly residualVariance: number;
  readonly residualSumOfSquares: number;
}

/**
 * A pivot below this fraction of its original diagonal entry means the
 * column is (numerically) a linear combination of the previous ones: the
 * uncentred R² of column j on columns < j exceeds 1 − 1e-10. Rounding in
 * accumulated moments is ~1e-16 relative, so genuine designs sit far above.
 */
const SINGULAR_TOLERANCE = 1e-10;

/**
 * Lower-triangular Cholesky factor L of a symmetric positive-definite A
 * (A = L Lᵀ), or the index of the first column found to be collinear.
 * Golub & Van Loan, Matrix Computations (4th ed.), Algorithm 4.2.1.
 */
function choleskyFactor(a: readonly (readonly number[])[]): number[][] | number {
  const p = a.length;
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    const lj = l[j] ?? [];
    const diagonal = a[j]?.[j] ?? 0;
    let pivot = diagonal;
    for (let k = 0; k < j; k++) pivot -= (lj[k] ?? 0) ** 2;
    if (!(diagonal > 0) || !(pivot > SINGULAR_TOLERANCE * diagonal)) {
      return j;
    }
    const root = Math.sqrt(pivot);
    lj[j] = root;
    for (let i = j + 1; i < p; i++) {
      const li = l[i] ?? [];
      let sum = a[i]?.[j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (li[k] ?? 0) * (lj[k] ?? 0);
      li[j] = sum / root;
    }
  }
  return l;
}

/** Inverse of L Lᵀ from its Cholesky factor: (L⁻¹)ᵀ L⁻¹. */
function invertFromCholesky(l: readonly (readonly number[])[]): number[][] {
  const p = l.length;
  // Columns of L⁻¹ by forward substitution on unit vectors.
  const inverseL = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let col = 0; col < p; col++) {
    for (let i = col; i < p; i++) {
      let sum = i === col ? 1 : 0;
      for (let k = col; k < i; k++) sum -= (l[i]?.[k] ?? 0) * (inverseL[k]?.[col] ?? 0);
      (inverseL[i] ?? [])[col] = sum / (l[i]?.[i] ?? 1);
    }
  }
  const inverse = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < p; k++) sum += (inverseL[k]?.[i] ?? 0) * (inverseL[k]?.[j] ?? 0);
      (inverse[i] ?? [])[j] = sum;
      (inverse[j] ?? [])[i] = sum;
    }
  }
  return inverse;
}

/**
 * Ordinary least squares from the sufficient statistics X'X, X'y, y'y, n, so
 * fits can be computed from merged per-shard moments without the rows.
 *
 *   β̂ = (X'X)⁻¹ X'y,   RSS = y'y − β̂'X'y,   σ̂² = RSS/(n − p)
 *   SE(β̂ⱼ) = √(σ̂² [(X'X)⁻¹]ⱼⱼ),   β̂ⱼ ± t_{1−α/2, n−p} · SE
 *
 * (e.g. Greene, Econometric Analysis, §4.5). X'X is factored by Cholesky:
 * the design has a handful of columns, X'X is symmetric positive definite
 * exactly when the design has full rank, and a pivot that collapses relative
 * to its diagonal identifies the offending column for the error message —
 * a general-purpose matrix library would add a dependency for ~40 lines and
 * hide that tolerance. RSS from moments can lose digits to cancellation when
 * the fit is nearly perfect; it is clamped at 0.
 *
 * Unavailable when X'X is singular (collinear or all-zero column) or when
 * n ≤ p (no residual degrees of freedom).
 */
export function olsFromMoments(moments: RegressionMoments, confidence = 0.95): OlsOutcome {
  assertConfidence(confidence);
  const p = moments.xty.length;
  if (moments.xtx.length !== p || moments.xtx.some((row) => row.length !== p)) {
    throw new RangeError(`xtx must be ${p}×${p} to match xty`);
  }
  if (p === 0) {
    throw new RangeError("at least one regressor is required");
  }
  const residualDf = moments.n - p;
  if (residualDf <= 0) {
    return unavailable(
      `need more observations than coefficients (n = ${moments.n}, p = ${p}), so no residual degrees of freedom`,
    );
  }
  const solved = moments.intercept === true ? solveCentred(moments) : solveRaw(moments);
  if (typeof solved === "number") {
    return {
      ...unavailable(
        `X'X is singular: column ${solved} is (numerically) a linear combination of the columns before it, or ${moments.intercept === true ? "constant" : "all zero"}`,
      ),
      singularColumn: solved,
    };
  }
  const { coefficients, variances, residualSumOfSquares } = solved;
  const residualVariance = residualSumOfSquares / residualDf;
  const critical = tquantile(1 - (1 - confidence) / 2, residualDf);
  const standardErrors = variances.map((v) => Math.sqrt(residualVariance * v));
  const tStatistics = coefficients.map((b, j) => b / (standardErrors[j] ?? 0));
  const pValues = tStatistics.map((t) =>
    Number.isNaN(t) ? 1 : Math.min(1, 2 * tcdf(-Math.abs(t), residualDf)),
  );
  const intervals = coefficients.map((b, j) => {
    const half = critical * (standardErrors[j] ?? 0);
    return { low: b - half, high: b + half };
  });
  return available({
    coefficients,
    standardErrors,
    tStatistics,
    pValues,
    intervals,
    residualDf,
    residualVariance,
    residualSumOfSquares,
  });
}

interface Solved {
  coefficients: number[];
  /** [(X'X)⁻¹]ⱼⱼ: the variance of each coefficient per unit of σ² */
  variances: number[];
  residualSumOfSquares: number;
}

/** β̂ = (X'X)⁻¹X'y on the moments as they are. Returns the singular column instead. */
function solveRaw(moments: RegressionMoments): Solved | number {
  const factor = choleskyFactor(moments.xtx);
  if (typeof factor === "number") return factor;
  const inverse = invertFromCholesky(factor);
  const coefficients = inverse.map((row) =>
    row.reduce((sum, value, j) => sum + value * (moments.xty[j] ?? 0), 0),
  );
  const explained = coefficients.reduce((sum, b, j) => sum + b * (moments.xty[j] ?? 0), 0);
  return {
    coefficients,
    variances: inverse.map((row, j) => row[j] ?? 0),
    residualSumOfSquares: Math.max(0, moments.yty - explained),
  };
}

/**
 * With an intercept in column 0: the slopes from the centred cross-products
 *   C_ij = Σx_i x_j − Σx_i Σx_j / n,  c_i = Σx_i y − Σx_i Σy / n,  c_yy = Σy² − (Σy)² / n,
 * scaled to unit diagonal (D = diag(C)^−½, A = D C D) before the Cholesky factorisation, so the
 * tolerance is on the centred R² of a column on the columns before it (> 1 − 1e-10 is
 * collinear) whatever the columns' size or offset — Unix seconds within one hour are a fine
 * regressor — and a column whose centred sum of squares is below 1e-10 of its raw one carries
 * no variation that the moments can resolve (it is constant). Then
 *   β = D A⁻¹ D c,  RSS = c_yy − βᵀc,  β₀ = ȳ − βᵀx̄,
 *   Var(β)/σ² = D A⁻¹ D,  Var(β₀)/σ² = 1/n + x̄ᵀ D A⁻¹ D x̄
 * (the intercept's variance by the partitioned inverse; e.g. Seber & Lee, Linear Regression
 * Analysis, 2nd ed., §3.11).
 */
function solveCentred(moments: RegressionMoments): Solved | number {
  const { xtx, xty, yty } = moments;
  const p = xty.length;
  const n = xtx[0]?.[0] ?? 0;
  if (!(n > 0)) return 0;
  const k = p - 1;
  const sx = (i: number) => xtx[0]?.[i + 1] ?? 0;
  const centred = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => (xtx[i + 1]?.[j + 1] ?? 0) - (sx(i) * sx(j)) / n),
  );
  const scale: number[] = [];
  for (let i = 0; i < k; i++) {
    const c = centred[i]?.[i] ?? 0;
    const raw = xtx[i + 1]?.[i + 1] ?? 0;
    if (!(c > SINGULAR_TOLERANCE * raw)) return i + 1;
    scale.push(1 / Math.sqrt(c));
  }
  const scaled = centred.map((row, i) => row.map((v, j) => v * (scale[i] ?? 0) * (scale[j] ?? 0)));
  const factor = k === 0 ? [] : choleskyFactor(scaled);
  if (typeof factor === "number") return factor + 1;
  const inverse = k === 0 ? [] : invertFromCholesky(factor);
  const sy = xty[0] ?? 0;
  const cy = Array.from({ length: k }, (_, i) => (xty[i + 1] ?? 0) - (sx(i) * sy) / n);
  // Var(β)/σ² = D A⁻¹ D, and β = that times c.
  const covariance = inverse.map((row, i) =>
    row.map((v, j) => v * (scale[i] ?? 0) * (scale[j] ?? 0)),
  );
  const slopes = covariance.map((row) => row.reduce((sum, v, j) => sum + v * (cy[j] ?? 0), 0));
  const explained = slopes.reduce((sum, b, j) => sum + b * (cy[j] ?? 0), 0);
  const residualSumOfSquares = Math.max(0, yty - (sy * sy) / n - explained);
  const means = Array.from({ length: k }, (_, i) => sx(i) / n);
  const intercept = sy / n - slopes.reduce((sum, b, j) => sum + b * (means[j] ?? 0), 0);
  let interceptVariance = 1 / n;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      interceptVariance += (means[i] ?? 0) * (covariance[i]?.[j] ?? 0) * (means[j] ?? 0);
  return {
    coefficients: [intercept, ...slopes],
    variances: [interceptVariance, ...covariance.map((row, j) => row[j] ?? 0)],
    residualSumOfSquares,
  };
}
