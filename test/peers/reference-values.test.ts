import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RATE_METRIC_IDS } from "../../src/core/metric-ids.js";
import type { AuditResult } from "../../src/result/audit-result.js";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

/**
 * The audit against values computed independently from the metric definitions
 * (scripts/reference/compute_reference.py: Python's csv + math, numpy as a second path;
 * fixtures/reference/README.md). Every rate is one division of two integers, so the numbers must
 * agree exactly; Fairlearn's MetricFrame and Aequitas' Group() use the same definitions
 * (docs/metrics.md says where they differ).
 */
interface ReferenceGroup {
  n: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  metrics: Record<string, number | null>;
}
interface ReferenceAttribute {
  reference: string;
  groups: Record<string, ReferenceGroup>;
  disparities: Record<string, Record<string, { difference: number | null; ratio: number | null }>>;
  summaries: Record<string, { max_difference: number | null; min_ratio: number | null }>;
}
interface Reference {
  attributes: Record<string, ReferenceAttribute>;
}

function reference(name: string): Reference {
  return JSON.parse(readFileSync(`fixtures/reference/${name}.json`, "utf8")) as Reference;
}

async function auditJson(args: string[]): Promise<AuditResult> {
  const run = await runCli(["audit", ...args, "--min-group-size", "0", "--format", "json"]);
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as AuditResult;
}

function expectAgreement(result: AuditResult, ref: Reference): void {
  for (const [name, expected] of Object.entries(ref.attributes)) {
    const attribute = result.attributes.find((a) => a.attribute === name);
    expect(attribute, name).toBeDefined();
    if (!attribute) continue;
    expect(attribute.references.selection_rate).toBe(expected.reference);
    expect(attribute.groups.map((g) => g.group).sort()).toEqual(
      Object.keys(expected.groups).sort(),
    );
    for (const group of attribute.groups) {
      const want = expected.groups[group.group] as ReferenceGroup;
      expect({ n: group.n, tp: group.tp, fp: group.fp, tn: group.tn, fn: group.fn }).toEqual({
        n: want.n,
        tp: want.tp,
        fp: want.fp,
        tn: want.tn,
        fn: want.fn,
      });
      for (const metric of RATE_METRIC_IDS) {
        expect(group.metrics[metric]?.value, `${name}/${group.group}/${metric}`).toBe(
          want.metrics[metric],
        );
        const d = expected.disparities[group.group]?.[metric];
        expect(
          group.disparities[metric]?.difference ?? null,
          `${group.group} ${metric} difference`,
        ).toBe(d?.difference ?? null);
        expect(group.disparities[metric]?.ratio ?? null, `${group.group} ${metric} ratio`).toBe(
          d?.ratio ?? null,
        );
      }
    }
    for (const metric of RATE_METRIC_IDS) {
      const s = expected.summaries[metric];
      expect(attribute.summaries[metric]?.maxDifference ?? null).toBe(s?.max_difference ?? null);
      expect(attribute.summaries[metric]?.minRatio ?? null).toBe(s?.min_ratio ?? null);
    }
  }
}

describe("agreement with independently computed reference values", () => {
  it("COMPAS (as shipped by Aequitas): every count, rate, difference, ratio and summary", async () => {
    const result = await auditJson([
      "fixtures/real/compas_for_aequitas.csv",
      "--protected",
      "race,sex,age_cat",
      "--label",
      "label_value",
      "--decision",
      "score",
    ]);
    expectAgreement(result, reference("compas"));
  });

  it("German credit (synthetic decision: duration ≤ 24 months)", async () => {
    // The decision rule is added as a column here, exactly as the reference script defines it.
    const lines = readFileSync("fixtures/real/german_credit.csv", "utf8").trim().split("\n");
    const header = (lines[0] as string).split(",");
    const duration = header.indexOf("duration_months");
    const withDecision = lines.map((line, i) =>
      i === 0 ? `${line},selected` : `${line},${Number(line.split(",")[duration]) <= 24 ? 1 : 0}`,
    );
    const f = tempFiles({ "german.csv": `${withDecision.join("\n")}\n` });
    const result = await auditJson([
      f.path("german.csv"),
      "--protected",
      "sex,age_band,foreign_worker",
      "--label",
      "credit_good",
      "--decision",
      "selected",
    ]);
    expectAgreement(result, reference("german"));
  });

  it("insurance charges by sex: count, mean, median, SD, min, max (relative 1e-12)", async () => {
    const ref = JSON.parse(readFileSync("fixtures/reference/insurance.json", "utf8")) as {
      attributes: { sex: { groups: Record<string, Record<string, number>> } };
    };
    const result = await auditJson([
      "fixtures/real/insurance.csv",
      "--protected",
      "sex",
      "--price",
      "charges",
    ]);
    const sex = result.attributes[0];
    for (const group of sex?.groups ?? []) {
      const want = ref.attributes.sex.groups[group.group] as Record<string, number>;
      expect(group.price?.count).toBe(want.count);
      for (const key of ["mean", "median", "sd", "min", "max"] as const) {
        const got = group.price?.[key] ?? Number.NaN;
        expect(
          Math.abs(got - (want[key] as number)) / Math.abs(want[key] as number),
          `${group.group} ${key}`,
        ).toBeLessThan(1e-12);
      }
    }
  });
});
