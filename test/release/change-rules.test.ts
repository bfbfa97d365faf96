import { describe, expect, it } from "vitest";
import { allowedChange, evaluateChanges } from "../../src/policy/change-rules.js";
import type { Finding } from "../../src/policy/finding.js";
import { findingKey } from "../../src/policy/finding-key.js";
import type { ChangeRule } from "../../src/policy/policy-schema.js";

function finding(group: string, actual: number | null, rule = "four-fifths"): Finding {
  return {
    rule,
    metric: "selection_rate",
    comparison: "ratio",
    attribute: "gender",
    group,
    reference: "male",
    expected: { min: 0.8 },
    actual,
    verdict: actual === null ? "inconclusive" : actual >= 0.8 ? "pass" : "fail",
    severity: "error",
    n: 100,
    referenceN: 200,
  };
}

const gate: ChangeRule = {
  id: "no-regression",
  direction: "higher-is-better",
  absolute: 0.02,
  severity: "error",
};

describe("findingKey", () => {
  it("identifies a finding by rule, attribute and group, and a change finding by its change rule too", () => {
    const f = finding("female", 0.9);
    const later: Finding = { ...f, actual: 0.5 };
    const elsewhere: Finding = { ...f, group: "diverse" };
    const gated: Finding = {
      ...f,
      change: { status: "compared", rule: "gate", baseline: 1, change: 0, allowed: {} },
    };
    expect(findingKey(f)).toBe(findingKey(later));
    expect(findingKey(f)).not.toBe(findingKey(elsewhere));
    expect(findingKey(f)).not.toBe(findingKey(gated));
  });
});

describe("allowedChange", () => {
  it("turns slack into a bound on current − baseline; negative slack requires improvement", () => {
    expect(allowedChange({ direction: "higher-is-better", absolute: 0.02 }, 0.9)).toEqual({
      min: -0.02,
    });
    expect(allowedChange({ direction: "lower-is-better", absolute: -0.01 }, 0.1)).toEqual({
      max: -0.01,
    });
    // both slacks: the stricter holds
    const both = allowedChange(
      { direction: "higher-is-better", absolute: 0.05, relative: 0.01 },
      2,
    );
    expect(both).toEqual({ min: -0.02 });
    expect(allowedChange({ direction: "higher-is-better", relative: 0.1 }, 0)).toBe(
      "zero_baseline",
    );
  });
});

describe("evaluateChanges", () => {
  it("passes an unchanged finding and fails one that fell by more than the slack", () => {
    const baseline = [finding("female", 0.9), finding("diverse", 0.85)];
    const current = [finding("female", 0.9), finding("diverse", 0.82)];
    const out = evaluateChanges(baseline, current, [gate]);
    const byGroup = Object.fromEntries(out.map((f) => [f.group, f]));
    expect(byGroup.female?.verdict).toBe("pass");
    expect(byGroup.diverse?.verdict).toBe("fail");
    expect(byGroup.diverse?.change?.baseline).toBe(0.85);
    expect(byGroup.diverse?.change?.change).toBeCloseTo(-0.03);
    expect(byGroup.diverse?.expected.min).toBeCloseTo(0.83);
  });

  it("passes an improvement, and requires one when the slack is negative", () => {
    const baseline = [finding("female", 0.9)];
    const improved = [finding("female", 0.95)];
    expect(evaluateChanges(baseline, improved, [gate])[0]?.verdict).toBe("pass");
    const demand: ChangeRule = { ...gate, absolute: -0.1 };
    expect(evaluateChanges(baseline, improved, [demand])[0]?.verdict).toBe("fail");
  });

  it("fails a baseline finding that is missing now, and ignores findings new in this run", () => {
    const out = evaluateChanges([finding("female", 0.9)], [finding("diverse", 0.9)], [gate]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ group: "female", verdict: "fail", actual: null });
    expect(out[0]?.change?.status).toBe("missing");
  });

  it("is inconclusive when either value is undefined, and honours scopes and warn severity", () => {
    const undefinedNow = evaluateChanges(
      [finding("female", 0.9)],
      [finding("female", null)],
      [gate],
    );
    expect(undefinedNow[0]?.verdict).toBe("inconclusive");
    const scoped = evaluateChanges(
      [finding("female", 0.9)],
      [finding("female", 0.5)],
      [{ ...gate, rules: ["another-rule"] }],
    );
    expect(scoped).toEqual([]);
    const warn = evaluateChanges(
      [finding("female", 0.9)],
      [finding("female", 0.85)],
      [{ ...gate, severity: "warn" }],
    );
    expect(warn[0]?.verdict).toBe("warn");
  });
});
