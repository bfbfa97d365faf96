import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { differenceOf, estimateMembership } from "../../src/membership/estimators.js";
import {
  emptyMembership,
  MembershipRow,
  outcomeClass,
  rateView,
} from "../../src/membership/sums.js";

/**
 * fixtures/membership/population.csv (scripts/write-membership-population.ts): 3000 synthetic
 * people in five tracts, true group known, membership probabilities = the tract's composition.
 * The expected values were computed independently from the rows with numpy 2.4.6 (weighted means
 * and their influence-function covariance; np.linalg.lstsq and the explicit HC0 sandwich
 * (PᵀP)⁻¹ Pᵀdiag(e²)P (PᵀP)⁻¹), not from the sums:
 *   python3 test/membership/check_population.py
 * weighted [0.447734188667 0.362306297395 0.378437554738]
 * weighted se [0.010867587148 0.009686101505 0.011677653695]
 * weighted gap b-a -0.0854278912715174 se 0.009629663845101654
 * linear [0.576755270475 0.212647023793 0.421684878899]
 * linear se [0.022556181425 0.028116023694 0.048288955472]
 * linear gap b-a -0.36410824668276043 se 0.04245387813616702
 * true [0.523012552301 0.289891395155 0.375] true gap b-a -0.23312115714670217
 * effective n [2118.221663442903 2388.191301384791 1728.733709921348]
 */
const text = readFileSync(
  new URL("../../fixtures/membership/population.csv", import.meta.url),
  "utf8",
);
const rows = text
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [, group, a, b, c, y] = line.split(",");
    return { group: group as string, p: [Number(a), Number(b), Number(c)], y: Number(y) as 0 | 1 };
  });

function estimates() {
  const sums = emptyMembership(["a", "b", "c"]);
  const row = new MembershipRow(3);
  for (const r of rows) {
    row.p.set(r.p);
    row.addTo(sums, outcomeClass(r.y, -1), Number.NaN);
  }
  // selection rate: every row in the denominator, the selected classes (fp, tp) in the numerator
  return estimateMembership(rateView(sums, [0, 1, 2, 3], [1, 3]));
}

describe("membership estimators on a population with known groups", () => {
  const e = estimates();
  const se = (v: number[][], r: number) => Math.sqrt(v[r]?.[r] as number);

  it("weighted means and linearised standard errors match numpy", () => {
    expect(e.weighted[0]).toBeCloseTo(0.447734188667, 10);
    expect(e.weighted[1]).toBeCloseTo(0.362306297395, 10);
    expect(e.weighted[2]).toBeCloseTo(0.378437554738, 10);
    expect(se(e.weightedCov, 0)).toBeCloseTo(0.010867587148, 10);
    expect(se(e.weightedCov, 1)).toBeCloseTo(0.009686101505, 10);
    expect(se(e.weightedCov, 2)).toBeCloseTo(0.011677653695, 10);
  });

  it("linear estimates and HC0 standard errors match numpy", () => {
    const cov = e.linearCov as number[][];
    expect(e.linear?.[0]).toBeCloseTo(0.576755270475, 9);
    expect(e.linear?.[1]).toBeCloseTo(0.212647023793, 9);
    expect(e.linear?.[2]).toBeCloseTo(0.421684878899, 9);
    expect(se(cov, 0)).toBeCloseTo(0.022556181425, 9);
    expect(se(cov, 1)).toBeCloseTo(0.028116023694, 9);
    expect(se(cov, 2)).toBeCloseTo(0.048288955472, 9);
  });

  it("gap standard errors subtract the between-group covariance", () => {
    const w = e.weightedCov;
    const gw = differenceOf(
      e.weighted[1] as number,
      e.weighted[0] as number,
      w[1]?.[1] as number,
      w[0]?.[0] as number,
      w[0]?.[1] as number,
    );
    expect(gw.value).toBeCloseTo(-0.0854278912715174, 10);
    expect(gw.se).toBeCloseTo(0.009629663845101654, 10);
    // Ignoring the covariance would give a different (here larger) standard error.
    expect(Math.hypot(se(w, 0), se(w, 1))).toBeGreaterThan(gw.se * 1.2);
    const l = e.linearCov as number[][];
    const gl = differenceOf(
      e.linear?.[1] as number,
      e.linear?.[0] as number,
      l[1]?.[1] as number,
      l[0]?.[0] as number,
      l[0]?.[1] as number,
    );
    expect(gl.value).toBeCloseTo(-0.36410824668276043, 9);
    expect(gl.se).toBeCloseTo(0.04245387813616702, 9);
  });

  it("the bracket between the two estimates contains the true gap", () => {
    const rate = (g: string) => {
      const members = rows.filter((r) => r.group === g);
      return members.reduce((s, r) => s + r.y, 0) / members.length;
    };
    const trueGap = rate("b") - rate("a");
    expect(trueGap).toBeCloseTo(-0.23312115714670217, 12);
    const weightedGap = (e.weighted[1] as number) - (e.weighted[0] as number);
    const linearGap = (e.linear?.[1] as number) - (e.linear?.[0] as number);
    expect(Math.min(weightedGap, linearGap)).toBeLessThan(trueGap);
    expect(Math.max(weightedGap, linearGap)).toBeGreaterThan(trueGap);
    // The weighted estimator understates the gap (Chen et al. 2019).
    expect(Math.abs(weightedGap)).toBeLessThan(Math.abs(trueGap));
  });

  it("effective n is (Σp)²/Σp²", () => {
    expect(e.effectiveN[0]).toBeCloseTo(2118.221663442903, 8);
    expect(e.effectiveN[1]).toBeCloseTo(2388.191301384791, 8);
    expect(e.effectiveN[2]).toBeCloseTo(1728.733709921348, 8);
  });
});
