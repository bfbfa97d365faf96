import { apply, invertSymmetric, multiply } from "./linear-algebra.js";
import type { MomentView } from "./sums.js";

/**
 * Both estimators of each group's mean outcome from probabilistic membership, with their
 * covariance matrices: the same people feed every group's estimate, so the estimates are
 * correlated and Var(μ̂_r − μ̂_s) = V_rr + V_ss − 2·V_rs (docs/probabilistic-membership.md).
 */
export interface MembershipEstimates {
  /** Σ p_r over the subpopulation: the group's expected size */
  mass: number[];
  /** (Σ p_r)² / Σ p_r²: the sample size the weighted mean is worth */
  effectiveN: number[];
  /** μ̂_r = Σ p_r·y / Σ p_r (null: no mass) */
  weighted: (number | null)[];
  /** linearised covariance of the weighted means (entries of massless groups are NaN) */
  weightedCov: number[][];
  /** β̂ of the regression of y on the probability vector, no intercept (null: not identified) */
  linear: (number | null)[] | null;
  /** heteroskedasticity-robust (HC0) covariance of β̂ */
  linearCov: number[][] | null;
}

/**
 * The weighted estimator (Chen, Kallus, Mao, Svacha & Udell 2019: it biases gaps toward zero
 * when membership is uncertain) and the linear one (Elzayn et al. 2025: under their conditions it
 * errs the other way), from sums alone.
 *
 * Weighted: μ̂_r is a ratio of sums; its linearisation (Taylor, as for a survey ratio estimator)
 * gives Cov(μ̂_r, μ̂_s) = Σ p_r p_s (y − μ̂_r)(y − μ̂_s) / (Σp_r · Σp_s), expanded into s2, s1, s0.
 *
 * Linear: β̂ = G⁻¹ b with G = Σ p pᵀ, b = Σ p y; the sandwich G⁻¹ M G⁻¹ with
 * M_rs = Σ p_r p_s (y − pᵀβ̂)² = s2(rs) − 2 Σ_t β̂_t s1(rst) + Σ_tu β̂_t β̂_u s0(rstu).
 * Groups without mass are left out of the regression (their β̂ is null).
 */
export function estimateMembership(view: MomentView): MembershipEstimates {
  const k = view.groups;
  const ks = [...Array(k).keys()];
  const mass = ks.map((r) => view.s0([r]));
  const effectiveN = ks.map((r) => {
    const sq = view.s0([r, r]);
    return sq > 0 ? (mass[r] as number) ** 2 / sq : 0;
  });
  const weighted = ks.map((r) =>
    (mass[r] as number) > 0 ? view.s1([r]) / (mass[r] as number) : null,
  );
  const weightedCov = ks.map((r) =>
    ks.map((s) => {
      const mr = weighted[r];
      const ms = weighted[s];
      if (mr === null || ms === null || mr === undefined || ms === undefined) return Number.NaN;
      const rs = [r, s];
      const num = view.s2(rs) - (mr + ms) * view.s1(rs) + mr * ms * view.s0(rs);
      return num / ((mass[r] as number) * (mass[s] as number));
    }),
  );
  const { linear, linearCov } = linearEstimator(
    view,
    ks.filter((r) => (mass[r] as number) > 0),
  );
  return { mass, effectiveN, weighted, weightedCov, linear, linearCov };
}

function linearEstimator(
  view: MomentView,
  present: readonly number[],
): { linear: (number | null)[] | null; linearCov: number[][] | null } {
  const k = view.groups;
  const gram = present.map((r) => present.map((s) => view.s0([r, s])));
  const inverse = present.length === 0 ? null : invertSymmetric(gram);
  if (inverse === null) return { linear: null, linearCov: null };
  const beta = apply(
    inverse,
    present.map((r) => view.s1([r])),
  );
  const meat = present.map((r) =>
    present.map((s) => {
      let m = view.s2([r, s]);
      present.forEach((t, ti) => {
        const bt = beta[ti] as number;
        m -= 2 * bt * view.s1([r, s, t]);
        present.forEach((u, ui) => {
          m += bt * (beta[ui] as number) * view.s0([r, s, t, u]);
        });
      });
      return m;
    }),
  );
  const cov = multiply(multiply(inverse, meat), inverse);
  const full = (value: (ri: number, si: number) => number) =>
    [...Array(k).keys()].map((r) =>
      [...Array(k).keys()].map((s) => {
        const ri = present.indexOf(r);
        const si = present.indexOf(s);
        return ri === -1 || si === -1 ? Number.NaN : value(ri, si);
      }),
    );
  return {
    linear: [...Array(k).keys()].map((r) => {
      const ri = present.indexOf(r);
      return ri === -1 ? null : (beta[ri] as number);
    }),
    linearCov: full((ri, si) => cov[ri]?.[si] as number),
  };
}

export interface Contrast {
  value: number;
  /** standard error (of the difference; of log(ratio) for a ratio) */
  se: number;
}

/** μ_r − μ_s with Var = V_rr + V_ss − 2·V_rs (V_rs = 0 when the estimates come from disjoint rows). */
export function differenceOf(
  mr: number,
  ms: number,
  vrr: number,
  vss: number,
  vrs: number,
): Contrast {
  return { value: mr - ms, se: Math.sqrt(Math.max(0, vrr + vss - 2 * vrs)) };
}

/** μ_r / μ_s with the delta method on the log scale; null when either mean is not positive. */
export function ratioOf(
  mr: number,
  ms: number,
  vrr: number,
  vss: number,
  vrs: number,
): Contrast | null {
  if (!(mr > 0) || !(ms > 0)) return null;
  const v = vrr / (mr * mr) + vss / (ms * ms) - (2 * vrs) / (mr * ms);
  return { value: mr / ms, se: Math.sqrt(Math.max(0, v)) };
}
