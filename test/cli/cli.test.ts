import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

const execFileAsync = promisify(execFile);

/** Runs the built CLI as a user would, colourless. */
async function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // the layout width is the default one unless a test sets it
  const { COLUMNS: _columns, ...env } = process.env;
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ["bin/fairaudit.js", ...args],
      {
        env: { ...env, NO_COLOR: "1" },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const EXAMPLE = ["audit", "--config", "fixtures/example-campaign/audit.yml"];

describe("fairaudit audit, end to end", () => {
  it("exit 0: the bundled example passes with warnings (colourless output snapshot)", async () => {
    const run = await spawnCli(EXAMPLE);
    expect(run.stderr).toBe("");
    expect(run.stdout).not.toContain("\u001b[");
    expect(`${run.stdout}\nExit code: ${run.code}`).toMatchSnapshot();
    expect(run.code).toBe(0);
  });

  it("--verbose tells how the data was read (threads, the join) and how long each stage took", async () => {
    const run = await runCli([...EXAMPLE, "--quiet", "--verbose", "--bootstrap-resamples", "0"]);
    expect(run.code).toBe(0);
    const [pass, time, rest] = run.stderr.split("\n");
    // The example's model output is a second file in no particular order; too small for threads.
    expect(pass).toBe("fairaudit: data read with one thread, model output joined by a hash join");
    expect(time).toMatch(
      /^fairaudit: time: data \d+\.\d\d s, statistics \d+\.\d\d s, reports \d+\.\d\d s$/,
    );
    expect(rest).toBe("");
  });

  it("exit 1: the policy fails (COMPAS under the four-fifths rule)", async () => {
    const run = await spawnCli([
      "audit",
      "fixtures/real/compas_for_aequitas.csv",
      "--protected",
      "race",
      "--decision",
      "score",
      "--policy",
      "four-fifths",
      "--quiet",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout.trim()).toMatch(/^Verdict: FAIL — \d+ failed/);
  });

  it("exit 2: bad usage, with one clear line and no stack trace", async () => {
    const run = await spawnCli([
      "audit",
      "fixtures/real/compas_for_aequitas.csv",
      "--protected",
      "race",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^fairaudit: error: .*nothing to audit/);
    expect(run.stderr).not.toMatch(/\s+at /);
  });

  it("exit 2: bad data names file, line and column", async () => {
    const f = tempFiles({ "bad.csv": "gender,selected\nF,1\nM,perhaps\n" });
    const run = await spawnCli([
      "audit",
      f.path("bad.csv"),
      "--protected",
      "gender",
      "--decision",
      "selected",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "bad.csv, line 3, column 2 (selected): not a recognised binary value",
    );
    expect(run.stderr).not.toContain("perhaps");
  });

  it("exit 2: an unknown flag or a missing file", async () => {
    expect((await runCli(["audit", "x.csv", "--no-such-flag"])).code).toBe(2);
    const missing = await runCli([
      "audit",
      "no/such/file.csv",
      "--protected",
      "g",
      "--decision",
      "d",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("file not found");
  });

  it("exit 2: a policy error names the file and the key", async () => {
    const f = tempFiles({ "policy.yml": "rules:\n  - metric: selection_rate\n    min: high\n" });
    const run = await runCli([
      "audit",
      "fixtures/real/compas_for_aequitas.csv",
      "--protected",
      "race",
      "--decision",
      "score",
      "--policy",
      f.path("policy.yml"),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/policy\.yml, key rules\[0\]\.min: /);
  });

  it("--help explains every flag with examples", async () => {
    const run = await runCli(["audit", "--help"]);
    expect(run.code).toBe(0);
    for (const flag of [
      "--predictions",
      "--id",
      "--protected",
      "--intersect",
      "--label",
      "--positive",
      "--decision",
      "--score",
      "--threshold",
      "--top-k",
      "--top-percent",
      "--price",
      "--where",
      "--reference",
      "--policy",
      "--config",
      "--format",
      "--out",
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain("Examples:");
  });

  it("writes several formats into --out, and only there", async () => {
    const f = tempFiles({});
    const run = await runCli([...EXAMPLE, "--format", "json,csv", "--out", f.dir]);
    expect(run.code).toBe(0);
    const json = JSON.parse(readFileSync(`${f.dir}/fairaudit-report.json`, "utf8"));
    expect(json.schemaVersion).toBe("1.0.0");
    const csv = readFileSync(`${f.dir}/fairaudit-report.csv`, "utf8").split("\r\n");
    expect(csv[0]).toBe(
      "attribute,group,metric,value,reference,difference,ratio,n,numerator,denominator," +
        "ci_low,ci_high,diff_ci_low,diff_ci_high,ratio_ci_low,ratio_ci_high,p_value,p_adjusted,test," +
        "adjusted_difference,adjusted_ci_low,adjusted_ci_high,adjusted_rows,adjusted_factors",
    );
    // the example declares channel and region as pricing factors: gender has an adjusted gap
    expect(csv.find((line) => line.startsWith("gender,Female,price_mean,"))).toMatch(
      /,0\.40\d*,0\.1[45]\d*,0\.6[56]\d*,3986,channel; region$/,
    );
    expect(csv.some((line) => line.startsWith("age_band,60+,selection_rate,"))).toBe(true);
  });
});

describe("the terminal report's width", () => {
  // every line but the verdict, which stays one line for scripts
  const longest = (text: string) =>
    Math.max(
      ...text
        .split("\n")
        .filter((l) => !l.startsWith("Verdict: "))
        .map((l) => [...l].length),
    );
  it("follows --width and, when piped, COLUMNS; 100 otherwise", async () => {
    const aequitas = [...EXAMPLE, "--policy", "aequitas"];
    const flag = await spawnCli([...aequitas, "--width", "60"]);
    expect(flag.code).toBe(1);
    expect(longest(flag.stdout)).toBeLessThanOrEqual(60);
    const env = await runCli(aequitas, { COLUMNS: "80" });
    expect(longest(env.stdout)).toBeLessThanOrEqual(80);
    expect(longest(env.stdout)).toBeGreaterThan(70);
    const piped = await runCli(aequitas);
    expect(longest(piped.stdout)).toBeLessThanOrEqual(100);
    expect(longest(piped.stdout)).toBeGreaterThan(90);
  });
  it("refuses a width too narrow to lay out", async () => {
    const run = await runCli([...EXAMPLE, "--width", "20"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--width.*whole number of columns ≥ 40/);
  });
});

describe("usage errors that would otherwise be silently ignored", () => {
  it("a threshold without a score is refused", async () => {
    const run = await runCli([
      "audit",
      "fixtures/real/compas_for_aequitas.csv",
      "--protected",
      "race",
      "--decision",
      "score",
      "--threshold",
      "0.5",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("apply to a score column");
  });
});
