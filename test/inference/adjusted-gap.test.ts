import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditResult } from "../../src/result/audit-result.js";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

/**
 * Reference: numpy least squares on fixtures/real/insurance.csv (numpy 2.4.6, scipy 1.17.1):
 *   X = [1, female, smoker=yes, region ∈ {northeast, northwest, southwest} (southeast, the most
 *   frequent, left out), age, bmi, children];  beta, _, _, _ = np.linalg.lstsq(X, charges)
 *   se = sqrt(diag(s² (XᵀX)⁻¹)), s² = RSS / (1338 − 9);  t = stats.t.ppf(0.975, 1329)
 * gives for female (reference: male, the largest group):
 *   beta = 131.31435939510664, se = 332.94543913187607,
 *   interval = (-521.8415517080075, 784.4702704982208)
 * The unadjusted gap of means is −1387.17 (female 12569.58, male 13956.75).
 */
describe("the price gap adjusted for legitimate pricing factors", () => {
  it("equals least squares with group indicators (insurance charges by sex)", async () => {
    const f = tempFiles({
      "audit.json": JSON.stringify({
        data: resolve("fixtures/real/insurance.csv"),
        protected: ["sex"],
        price: "charges",
        priceFactors: { categorical: ["smoker", "region"], numeric: ["age", "bmi", "children"] },
      }),
    });
    const run = await runCli(["audit", "--config", f.path("audit.json"), "--format", "json"]);
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout) as AuditResult;
    const female = result.attributes[0]?.groups.find((g) => g.group === "female");
    const adjusted = female?.disparities.price_mean?.adjusted;
    expect(adjusted).toBeDefined();
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(adjusted?.difference ?? 0, 131.31435939510664)).toBeLessThan(1e-9);
    expect(rel(adjusted?.standardError ?? 0, 332.94543913187607)).toBeLessThan(1e-9);
    expect(rel(adjusted?.low ?? 0, -521.8415517080075)).toBeLessThan(1e-9);
    expect(rel(adjusted?.high ?? 0, 784.4702704982208)).toBeLessThan(1e-9);
    expect(adjusted?.rows).toBe(1338);
    expect(adjusted?.factors).toEqual([
      "region = northeast",
      "region = northwest",
      "region = southwest",
      "smoker = yes",
      "age",
      "bmi",
      "children",
    ]);
    // the reference group has no gap to itself
    const male = result.attributes[0]?.groups.find((g) => g.group === "male");
    expect(male?.disparities.price_mean?.adjusted).toBeUndefined();
    expect(
      result.inputs.columnsRead.filter((c) => c.role === "price_factor").map((c) => c.column),
    ).toEqual(["smoker", "region", "age", "bmi", "children"]);
  });

  it("keeps its digits for prices near 1e12 with a spread of 1000 and a factor in Unix seconds", async () => {
    // Exact rational least squares on fixtures/edge/price-1e12.csv (fractions.Fraction; numpy on
    // the centred design agrees to 1e-14, numpy on the raw design is off by orders of magnitude):
    //   python3 test/inference/check_adjusted_gap_numerics.py
    //   exact    [487.193756571425, 140.2802412167523, 210.83230320513064, 763.5552099377194]
    // (gap of B to A, its SE, the 95% t interval on 240 − 4 df). Uncentred moments gave no gap.
    const f = tempFiles({
      "audit.json": JSON.stringify({
        data: resolve("fixtures/edge/price-1e12.csv"),
        protected: ["group"],
        price: "price",
        priceFactors: { categorical: ["channel"], numeric: ["t"] },
      }),
    });
    const run = await runCli(["audit", "--config", f.path("audit.json"), "--format", "json"]);
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout) as AuditResult;
    const b = result.attributes[0]?.groups.find((g) => g.group === "B");
    const adjusted = b?.disparities.price_mean?.adjusted;
    const rel = (a: number | undefined, want: number) => Math.abs((a ?? 0) - want) / Math.abs(want);
    expect(rel(adjusted?.difference, 487.193756571425)).toBeLessThan(1e-9);
    expect(rel(adjusted?.standardError, 140.2802412167523)).toBeLessThan(1e-9);
    expect(rel(adjusted?.low, 210.83230320513064)).toBeLessThan(1e-9);
    expect(rel(adjusted?.high, 763.5552099377194)).toBeLessThan(1e-9);
    expect(result.notices.some((n) => n.code === "adjusted_gap_unavailable")).toBe(false);
  });

  it("says why in a notice when the gap cannot be estimated (an aliased factor)", async () => {
    const rows = ["group,age,age2x,price"];
    for (let i = 0; i < 60; i++) {
      const age = 20 + (i % 40);
      rows.push(`${i % 3 === 0 ? "B" : "A"},${age},${2 * age + 3},${100 + (i % 7)}`);
    }
    const f = tempFiles({
      "data.csv": `${rows.join("\n")}\n`,
      "audit.json": JSON.stringify({
        data: "data.csv",
        protected: ["group"],
        price: "price",
        priceFactors: { numeric: ["age", "age2x"] },
      }),
    });
    const run = await runCli(["audit", "--config", f.path("audit.json"), "--format", "json"]);
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout) as AuditResult;
    const b = result.attributes[0]?.groups.find((g) => g.group === "B");
    expect(b?.disparities.price_mean?.adjusted).toBeUndefined();
    expect(result.notices).toContainEqual({
      code: "adjusted_gap_unavailable",
      data: { attribute: "group", reason: "collinear", column: "age2x" },
    });
  });
});
