import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

const EXAMPLE = resolve("fixtures/example-campaign");

/** The example campaign's audit with a policy and config lines of the test's own. */
function audit(policy: string, extra = "") {
  return tempFiles({
    "policy.yml": policy,
    "audit.yml": `data: ${EXAMPLE}/customers.csv
predictions: ${EXAMPLE}/model-output.csv
id: customer_id
protected:
  - gender
  - column: age
    name: age_band
    bins: [30, 60]
  - region
intersect: true
label: converted
decision: targeted
policy: policy.yml
${extra}`,
  });
}

const RULE = "rules:\n  - metric: selection_rate\n    min: 0.8\n";

/** Both commands; the second only when the first can tell (no data is read by validate). */
async function both(f: ReturnType<typeof tempFiles>) {
  const config = f.path("audit.yml");
  return {
    validate: await runCli(["validate", config]),
    audit: await runCli(["audit", "--config", config]),
  };
}

describe("a policy or config naming something the audit does not have", () => {
  it.each([
    [
      "a rule scoped to an unknown attribute",
      `${RULE}    attributes: [gendr]\n`,
      "",
      'policy.yml, key rules[0].attributes[0]: the rule is scoped to an unknown attribute "gendr"; did you mean "gender"? (attributes: gender, age_band, region, gender & age_band & region)',
    ],
    [
      "a reference for an intersection that is not formed",
      RULE,
      "reference:\n  gender & age_band & regoin: Female & 30-59 & Nord\n",
      'key reference.gender & age_band & regoin: reference names an unknown attribute "gender & age_band & regoin"; did you mean "gender & age_band & region"? (attributes: gender, age_band, region, gender & age_band & region)',
    ],
    [
      "a reference for an unknown attribute",
      RULE,
      "reference:\n  regoin: Nord\n",
      'key reference.regoin: reference names an unknown attribute "regoin"; did you mean "region"? (attributes: gender, age_band, region, gender & age_band & region)',
    ],
    [
      "a bin that the attribute's edges do not make, in a rule",
      `${RULE}    attributes: [age_band]\n    groups: [30-60]\n`,
      "",
      'policy.yml, key rules[0].groups[0]: the rule is scoped to an unknown group "30-60"; did you mean "30-59"? (groups: <30, 30-59, 60+, (missing))',
    ],
    [
      "a bin that the attribute's edges do not make, as its reference",
      RULE,
      "reference:\n  age_band: 30-60\n",
      'key reference.age_band: the reference of age_band names an unknown group "30-60"; did you mean "30-59"? (groups: <30, 30-59, 60+, (missing))',
    ],
    [
      "an intersection of an unknown attribute",
      RULE,
      "intersections: [[gender, regon]]\n",
      'key intersections[0]: an intersection names an unknown attribute "regon"; did you mean "region"? (attributes: gender, age_band, region)',
    ],
    [
      "a change rule scoped to an unknown attribute",
      `${RULE}changes:\n  - direction: higher-is-better\n    absolute: 0.05\n    attributes: [age]\n`,
      "",
      'policy.yml, key changes[0].attributes[0]: the change rule is scoped to an unknown attribute "age" (attributes: gender, age_band, region, gender & age_band & region)',
    ],
    [
      "a change rule scoped to an unknown rule",
      `rules:\n  - id: four-fifths\n    metric: selection_rate\n    min: 0.8\nchanges:\n  - direction: higher-is-better\n    absolute: 0.05\n    rules: [four-fifth]\n`,
      "",
      'policy.yml, key changes[0].rules[0]: the change rule is scoped to an unknown rule "four-fifth"; did you mean "four-fifths"? (rules: four-fifths)',
    ],
    [
      "an unknown metric",
      "rules:\n  - metric: selection_rat\n    min: 0.8\n",
      "",
      'did you mean "selection_rate"?',
    ],
  ])(
    "%s: validate and audit refuse it (exit 2) and suggest the name",
    async (_, policy, extra, message) => {
      const runs = await both(audit(policy, extra));
      for (const run of [runs.validate, runs.audit]) {
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr.startsWith("fairaudit: error: ")).toBe(true);
        expect(run.stderr.trim().split("\n")).toHaveLength(1);
        expect(run.stderr).toContain(message);
      }
    },
  );

  it.each([
    [
      "a rule scoped to a group no attribute has",
      `${RULE}    groups: [Femal]\n`,
      "",
      'policy.yml, key rules[0].groups[0]: the rule is scoped to group "Femal", which occurs in no attribute it applies to; did you mean "Female"?',
    ],
    [
      "a reference group the attribute does not have",
      RULE,
      "reference:\n  gender: Mael\n",
      'key reference.gender: reference group "Mael" does not occur in attribute gender; did you mean "Male"? (groups: (missing), Female, Male, Non-binary)',
    ],
    [
      "a reference group of an intersection",
      RULE,
      "reference:\n  gender & age_band & region: Female & 30-59 & Nrd\n",
      'did you mean "Female & 30-59 & Nord"?',
    ],
    [
      "a rule's group within the attributes it is scoped to only",
      `${RULE}    attributes: [region]\n    groups: [Female]\n`,
      "",
      'the rule is scoped to group "Female", which occurs in no attribute it applies to (groups: Nord, Ost, Süd, West)',
    ],
  ])(
    "%s: the audit refuses it once the groups are read (exit 2)",
    async (_, policy, extra, message) => {
      const { validate, audit: run } = await both(audit(policy, extra));
      expect(validate.code).toBe(0); // the groups of an unbinned attribute come from the data
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(message);
    },
  );

  it("refuses a where column the data does not have, with a suggestion", async () => {
    const { audit: run } = await both(audit(RULE, "where:\n  chanel: email\n"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'no column "chanel" (segment) in the header (10 columns); did you mean "channel"?',
    );
  });
});

describe("a PASS without a single finding", () => {
  it("says in every output that nothing was checked", async () => {
    // Every rule off: the policy checks nothing, and the verdict is a PASS by default only.
    const f = audit(`${RULE}    severity: "off"\n`);
    const out = join(f.dir, "out");
    const args = ["audit", "--config", f.path("audit.yml"), "--no-timestamp"];
    const terminal = await runCli(args);
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toContain("  no rule applied to this audit\n");
    expect(terminal.stdout).toContain(
      "  - no rule produced a finding (0 active rule(s), 0 of them skipped): this verdict checked nothing\n",
    );
    expect(terminal.stdout.trimEnd().split("\n").at(-1)).toBe(
      "Verdict: PASS — 0 failed, 0 warning(s), 0 inconclusive, 0 passed (no rule produced a finding, nothing was checked)",
    );
    const quiet = await runCli([...args, "--quiet"]);
    expect(quiet.stdout).toBe(
      "Verdict: PASS — 0 failed, 0 warning(s), 0 inconclusive, 0 passed (no rule produced a finding, nothing was checked)\n",
    );
    const files = await runCli([...args, "--format", "json,markdown,html,junit", "--out", out]);
    expect(files.code).toBe(0);
    const read = (ext: string) => readFileSync(join(out, `fairaudit-report.${ext}`), "utf8");
    expect(JSON.parse(read("json")).notices).toContainEqual({
      code: "no_findings",
      data: { rules: 0, skipped: 0 },
    });
    expect(read("md").split("\n")[0]).toContain(
      "**no rule produced a finding, nothing was checked**",
    );
    expect(read("html")).toContain("this verdict checked nothing");
    expect(read("junit.xml")).toContain(
      '<testsuites name="fairaudit" tests="1" failures="0" errors="0" skipped="1" time="0">',
    );
    expect(read("junit.xml")).toContain(
      '<skipped message="no rule produced a finding (0 active rule(s), 0 of them skipped): this verdict checked nothing"/>',
    );
  });

  it("counts the rules that were skipped for want of an input", async () => {
    // A price rule without a price column: skipped, so again nothing was checked.
    const f = audit("rules:\n  - metric: price_mean\n    min: 0.9\n");
    const run = await runCli(["audit", "--config", f.path("audit.yml"), "--format", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).notices).toContainEqual({
      code: "no_findings",
      data: { rules: 1, skipped: 1 },
    });
  });

  it("is not claimed when a rule produced findings", async () => {
    const run = await runCli([
      "audit",
      "--config",
      audit(RULE).path("audit.yml"),
      "--format",
      "json",
    ]);
    const codes = JSON.parse(run.stdout).notices.map((n: { code: string }) => n.code);
    expect(codes).not.toContain("no_findings");
  });
});
