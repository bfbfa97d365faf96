import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

/**
 * The usual case of a model release: predictions exist for a test split only. 200 customers,
 * model output for the 120 with even-numbered ids (40% have none); every group has 60+ rows.
 */
function split() {
  const data = ["id,gender,converted"];
  const output = ["id,targeted"];
  for (let i = 0; i < 200; i++) {
    data.push(`${i},${i % 2 === 0 ? "F" : "M"},${i % 3 === 0 ? 1 : 0}`);
    if (i % 5 < 3) output.push(`${i},${i % 7 < 3 ? 1 : 0}`);
  }
  return tempFiles({ "data.csv": `${data.join("\n")}\n`, "output.csv": `${output.join("\n")}\n` });
}

const args = (f: ReturnType<typeof split>) => [
  "audit",
  f.path("data.csv"),
  "--predictions",
  f.path("output.csv"),
  "--id",
  "id",
  "--protected",
  "gender",
  "--label",
  "converted",
  "--decision",
  "targeted",
  "--format",
  "json",
];

describe("auditing only the rows that have model output", () => {
  it("without the flag, 40% of rows without model output is too many exclusions (exit 2)", async () => {
    const run = await runCli(args(split()));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("80 of 200 rows (40.0%) would be excluded");
  });

  it("--scored-only audits the 120 scored rows and says so beside the verdict", async () => {
    const f = split();
    const run = await runCli([...args(f), "--scored-only"]);
    expect(run.code).toBeLessThan(2);
    const report = JSON.parse(run.stdout);
    expect(report.inputs.rows.audited).toBe(120);
    expect(report.notices).toContainEqual({ code: "scored_only", data: { rows: 80 } });
    expect(report.notices.map((n: { code: string }) => n.code)).not.toContain("rows_excluded");
    const terminal = await runCli([...args(f).slice(0, -2), "--scored-only"]);
    expect(terminal.stdout).toContain("80 row(s) without model output were not audited");
    const markdown = await runCli([...args(f).slice(0, -1), "markdown", "--scored-only"]);
    expect(markdown.stdout.split("\n").slice(0, 8).join("\n")).toContain("without model output");
  });

  it("--scored-only does not hide a data problem among the scored rows", async () => {
    const f = split();
    const broken = tempFiles({
      "output.csv": (await import("node:fs"))
        .readFileSync(f.path("output.csv"), "utf8")
        .replace(/^(\d+),[01]$/gm, (line, id) => (Number(id) % 4 === 0 ? `${id},` : line)),
    });
    const run = await runCli([
      ...args(f).map((a) => (a === f.path("output.csv") ? broken.path("output.csv") : a)),
      "--scored-only",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would be excluded \(.*decision/);
  });

  it("--max-excluded-share and --suppress-below override the policy, and the report shows them", async () => {
    const f = split();
    const run = await runCli([...args(f), "--max-excluded-share", "0.5", "--suppress-below", "70"]);
    expect(run.code).toBeLessThan(2);
    const report = JSON.parse(run.stdout);
    expect(report.policy.maxExcludedShare).toBe(0.5);
    expect(report.policy.suppressBelow).toBe(70);
    expect(report.inputs.rows.audited).toBe(120);
    // each gender has 60 scored rows, below 70: both withheld
    expect(report.notices.map((n: { code: string }) => n.code)).toContain("suppressed_groups");
    const bad = await runCli([...args(f), "--max-excluded-share", "1.5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--max-excluded-share");
  });
});
