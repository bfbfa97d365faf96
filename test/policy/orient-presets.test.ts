import { describe, expect, it } from "vitest";
import { loadPolicy, orientPresetRules } from "../../src/config/load-policy.js";
import { runCli } from "../helpers/run-cli.js";

describe("presets for an adverse decision", () => {
  it("mirror one-sided bounds on decision-dependent comparisons only", () => {
    expect(
      orientPresetRules([
        { metric: "selection_rate", comparison: "ratio", min: 0.8 },
        { metric: "tpr", comparison: "difference", min: -0.1 },
        { metric: "fpr", comparison: "ratio", min: 0.8, max: 1.25 },
        { metric: "equalized_odds", comparison: "max_difference", max: 0.2 },
        { metric: "price_mean", comparison: "ratio", min: 0.95 },
      ]),
    ).toEqual([
      { metric: "selection_rate", comparison: "ratio", max: 1.25 },
      { metric: "tpr", comparison: "difference", max: 0.1 },
      { metric: "fpr", comparison: "ratio", min: 0.8, max: 1.25 },
      { metric: "equalized_odds", comparison: "max_difference", max: 0.2 },
      { metric: "price_mean", comparison: "ratio", min: 0.95 },
    ]);
  });

  it("turn the four-fifths rule into 'selected at most 1.25× as often'", async () => {
    const policy = await loadPolicy("four-fifths", "adverse");
    expect(policy.rules[0]).toMatchObject({ metric: "selection_rate", max: 1.25 });
    expect(policy.rules[0]?.min).toBeUndefined();
  });

  it("flag the groups flagged as high risk too often (COMPAS), not those flagged less", async () => {
    const run = await runCli([
      "audit",
      "fixtures/real/compas_for_aequitas.csv",
      "--protected",
      "race",
      "--decision",
      "score",
      "--decision-meaning",
      "adverse",
      "--policy",
      "four-fifths",
      "--format",
      "json",
    ]);
    const result = JSON.parse(run.stdout);
    // most-favourable under an adverse decision = the group flagged least often
    const failed = result.findings
      .filter((f: { verdict: string }) => f.verdict === "fail")
      .map((f: { group: string }) => f.group);
    expect(result.attributes[0].references.selection_rate).toBe("Other");
    expect(failed).toContain("African-American");
    expect(failed).not.toContain("Other");
    expect(run.code).toBe(1);
  });
});
