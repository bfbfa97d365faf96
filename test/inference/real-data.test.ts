import { describe, expect, it } from "vitest";
import type { AuditResult } from "../../src/result/audit-result.js";
import { holmAdjust } from "../../src/stats/index.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * The audit's intervals and p-values on real data against scipy 1.17.1 and numpy formulas of the
 * statsmodels methods, computed from the CSV files with no TypeScript involved:
 *   python3 scripts/reference/inference_reference.py
 * Wilson bounds to 1e-12, p-values to 1e-6 relative. Koopman bounds come from root-finding in
 * scipy (test/stats/check_koopman.py, brentq to 1e-15), so they agree to 1e-9.
 */
const COMPAS = {
  Asian: {
    wilson: [0.1325240091850904, 0.4210655899424448],
    newcombe: [-0.4567328352159794, -0.1663958701671587],
    katz: [0.233089703709745, 0.7750001260113003],
    koopman: [0.22518551276719032, 0.7164545783489638],
    test: "chi2",
    p: 0.00011038090969648376,
  },
  Caucasian: {
    wilson: [0.32940779686682176, 0.3670738466815212],
    newcombe: [-0.26458041774441265, -0.2153385813987544],
    katz: [0.556903810079363, 0.6285376262610154],
    koopman: [0.5566169959812168, 0.6282044158011617],
    test: "chi2",
    p: 5.119326569173725e-76,
  },
  Hispanic: {
    wilson: [0.264040498682663, 0.3349242741755988],
    newcombe: [-0.3276195423082006, -0.24995884960913245],
    katz: [0.44879393656037836, 0.5729625045696247],
    koopman: [0.4476095732909088, 0.5712343836853967],
    test: "chi2",
    p: 5.787271262920298e-42,
  },
  "Native American": {
    wilson: [0.43749467295945105, 0.837212252491663],
    newcombe: [-0.1512505451707797, 0.2497530449803318],
    katz: [0.816641339776029, 1.573008127680366],
    koopman: [0.7432378055484745, 1.4266236150934957],
    test: "chi2",
    p: 0.4997757985739708,
  },
  Other: {
    wilson: [0.171499060246031, 0.2534585043054994],
    newcombe: [-0.4198418529923463, -0.3319376789281069],
    katz: [0.2922883869530139, 0.43421494510921405],
    koopman: [0.29105242166991785, 0.43175369403493247],
    test: "chi2",
    p: 4.561173705441708e-45,
  },
} as const;

const COMPAS_RACE = ["fixtures/real/compas_for_aequitas.csv", "--protected", "race"];

async function auditJson(args: string[]): Promise<AuditResult> {
  const run = await runCli(["audit", ...args, "--format", "json", "--bootstrap-resamples", "0"]);
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as AuditResult;
}

function expectRelative(actual: number | undefined, expected: number, tolerance: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

describe("intervals and tests on real data", () => {
  it("COMPAS selection rate by race: Wilson, Newcombe, Koopman, chi-square", async () => {
    const result = await auditJson([...COMPAS_RACE, "--decision", "score"]);
    const race = result.attributes[0];
    expect(race?.references.selection_rate).toBe("African-American");
    for (const [name, want] of Object.entries(COMPAS)) {
      const g = race?.groups.find((x) => x.group === name);
      const value = g?.metrics.selection_rate;
      const d = g?.disparities.selection_rate;
      expect(value?.interval?.low).toBeCloseTo(want.wilson[0], 12);
      expect(value?.interval?.high).toBeCloseTo(want.wilson[1], 12);
      expect(d?.differenceInterval?.low).toBeCloseTo(want.newcombe[0], 12);
      expect(d?.differenceInterval?.high).toBeCloseTo(want.newcombe[1], 12);
      expectRelative(d?.ratioInterval?.low, want.koopman[0], 1e-9);
      expectRelative(d?.ratioInterval?.high, want.koopman[1], 1e-9);
      expect(d?.test).toBe(want.test);
      expectRelative(d?.pValue, want.p, 1e-6);
    }
    expect(result.inference?.ratioInterval).toBe("koopman");
  });

  it("COMPAS selection-rate ratios by Katz's log method on request (as SciPy's relative_risk)", async () => {
    const result = await auditJson([
      ...COMPAS_RACE,
      "--decision",
      "score",
      "--ratio-interval",
      "katz",
    ]);
    expect(result.inference?.ratioInterval).toBe("katz");
    for (const [name, want] of Object.entries(COMPAS)) {
      const d = result.attributes[0]?.groups.find((x) => x.group === name)?.disparities
        .selection_rate;
      expectRelative(d?.ratioInterval?.low, want.katz[0], 1e-12);
      expectRelative(d?.ratioInterval?.high, want.katz[1], 1e-12);
      expectRelative(d?.pValue, want.p, 1e-6);
    }
  });

  it("insurance charges by sex: Welch, Mann–Whitney, log ratio of means, t and median intervals", async () => {
    const result = await auditJson([
      "fixtures/real/insurance.csv",
      "--protected",
      "sex",
      "--price",
      "charges",
    ]);
    const female = result.attributes[0]?.groups.find((g) => g.group === "female");
    expect(result.attributes[0]?.references.price_mean).toBe("male");
    const mean = female?.disparities.price_mean;
    expect(mean?.test).toBe("welch");
    expectRelative(mean?.pValue, 0.03584101495601666, 1e-6);
    expectRelative(mean?.differenceInterval?.low, -2682.489318948502, 1e-9);
    expectRelative(mean?.differenceInterval?.high, -91.85534882459137, 1e-9);
    expectRelative(mean?.ratioInterval?.low, 0.8171514991724943, 1e-12);
    expectRelative(mean?.ratioInterval?.high, 0.9925906942258895, 1e-12);
    expectRelative(female?.metrics.price_mean?.interval?.low, 11720.281775487687, 1e-12);
    expectRelative(female?.metrics.price_mean?.interval?.high, 13418.875912183006, 1e-12);
    // scipy.stats.quantile_test(female, q=0, p=0.5).confidence_interval(0.95): order statistics,
    // so the bounds are data values and agree exactly.
    expect(female?.metrics.price_median?.interval).toEqual({ low: 8538.28845, high: 10106.13425 });
    const median = female?.disparities.price_median;
    expect(median?.test).toBe("mann_whitney");
    expectRelative(median?.pValue, 0.7286510894470093, 1e-6);
  });

  it("adjusts every distinct p-value of the run together (Holm by default)", async () => {
    const result = await auditJson([
      "fixtures/real/compas_for_aequitas.csv",
      "--protected",
      "race,sex",
      "--label",
      "label_value",
      "--decision",
      "score",
    ]);
    // Complements (FNR of TPR, …) and composites share their base metric's hypothesis.
    const distinct = ["selection_rate", "base_rate", "tpr", "fpr", "precision", "npv", "accuracy"];
    const found = result.attributes.flatMap((a) =>
      a.groups.flatMap((g) =>
        distinct.flatMap((m) => {
          const d = g.disparities[m as "tpr"];
          return d?.pValue === undefined ? [] : [{ p: d.pValue, adjusted: d.pAdjusted }];
        }),
      ),
    );
    expect(result.inference?.comparisons).toBe(found.length);
    const holm = holmAdjust(found.map((f) => f.p));
    found.forEach((f, i) => {
      expect(f.adjusted).toBe(holm[i]);
    });
    const tpr = result.attributes[0]?.groups.find((g) => g.group === "Caucasian")?.disparities;
    expect(tpr?.fnr?.pAdjusted).toBe(tpr?.tpr?.pAdjusted);
    expect(tpr?.equal_opportunity).toEqual(tpr?.tpr);
  });
});
