import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../src/result/audit-result.js";
import { runCli } from "./run-cli.js";

const FIXTURE = join(import.meta.dirname, "../../fixtures/release-gate");
const CONFIG = join(FIXTURE, "audit.yml");

let dir: string;

/** The same customers with a model whose scores for one group are scaled: more or less disparate. */
async function scaledOutput(name: string, factor: number): Promise<string> {
  const customers = (await readFile(join(FIXTURE, "customers.csv"), "utf8")).trim().split("\n");
  const divorced = new Set(
    customers
      .slice(1)
      .map((l) => l.split(","))
      .filter((f) => f[2] === "divorced")
      .map((f) => f[0]),
  );
  const lines = (await readFile(join(FIXTURE, "model-output.csv"), "utf8")).trim().split("\n");
  const out = [lines[0]];
  for (const line of lines.slice(1)) {
    const [id, score] = line.split(",");
    const s = divorced.has(id) ? Number(score) * factor : Number(score);
    out.push(`${id},${s},${s >= 0.2 ? 1 : 0}`);
  }
  const path = join(dir, name);
  await writeFile(path, `${out.join("\n")}\n`);
  return path;
}

async function audit(args: string[], env: Record<string, string> = {}) {
  return runCli(["audit", "--config", CONFIG, ...args], { env });
}

async function report(path: string): Promise<AuditResult> {
  return JSON.parse(await readFile(path, "utf8")) as AuditResult;
}

describe("release gate (audit --baseline)", () => {
  let baseline: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fairaudit-gate-"));
    const run = await audit(["--format", "json", "--out", join(dir, "base"), "--quiet"]);
    expect(run.code).toBe(0);
    baseline = join(dir, "base", "fairaudit-report.json");
  });

  it("passes the original model against its own report", async () => {
    const run = await audit([
      "--baseline",
      baseline,
      "--format",
      "json",
      "--out",
      join(dir, "self"),
    ]);
    expect(run.code).toBe(0);
    const r = await report(join(dir, "self", "fairaudit-report.json"));
    expect(r.baseline).toMatchObject({ status: "compared", missing: 0, added: 0 });
    expect(r.findings.filter((f) => f.change).length).toBeGreaterThan(0);
    expect(r.findings.filter((f) => f.change).every((f) => f.verdict === "pass")).toBe(true);
  });

  it("fails a worsened model with exit 1 naming the regressed findings", async () => {
    // 0.95: the absolute four-fifths bound still holds; only the change rule catches it
    const worse = await scaledOutput("worse.csv", 0.95);
    const out = join(dir, "worse");
    const run = await audit([
      "--predictions",
      worse,
      "--baseline",
      baseline,
      "--format",
      "terminal,json",
      "--out",
      out,
    ]);
    expect(run.code).toBe(1);
    const r = await report(join(out, "fairaudit-report.json"));
    const failed = r.findings.filter((f) => f.verdict === "fail");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.change?.rule === "no-regression")).toBe(true);
    expect(new Set(failed.map((f) => `${f.attribute}=${f.group}`))).toEqual(
      new Set(["marital=divorced"]),
    );
    expect(run.stdout).toMatch(/FAIL +marital +divorced +selection rate/);
    expect(run.stdout).toContain("four-fifths: Δ");
  });

  it("passes an improved model", async () => {
    const better = await scaledOutput("better.csv", 1.1);
    const run = await audit(["--predictions", better, "--baseline", baseline, "--quiet"]);
    expect(run.code).toBe(0);
  });

  it("fails a finding that is in the baseline but missing now", async () => {
    const base = await report(baseline);
    const extra = structuredClone(base);
    extra.findings.push({
      ...(base.findings[0] as AuditResult["findings"][number]),
      group: "widowed",
    });
    const path = join(dir, "extra.json");
    await writeFile(path, JSON.stringify(extra));
    const run = await audit(["--baseline", path, "--format", "json"]);
    expect(run.code).toBe(1);
    const r = JSON.parse(run.stdout) as AuditResult;
    expect(r.findings.find((f) => f.group === "widowed")).toMatchObject({
      verdict: "fail",
      change: { status: "missing" },
    });
  });

  it("exits 2 when the baseline does not exist (a misspelt path must not pass the gate)", async () => {
    for (const extra of [[], ["--quiet"], ["--format", "json"]]) {
      const run = await audit(["--baseline", join(dir, "nope.json"), ...extra]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        `fairaudit: error: ${join(dir, "nope.json")}: the baseline report does not exist (for a first release without one, add --baseline-optional)\n`,
      );
    }
  });

  it("with --baseline-optional, skips change rules for a missing baseline and says so everywhere", async () => {
    const args = ["--baseline", join(dir, "nope.json"), "--baseline-optional"];
    const run = await audit([...args, "--format", "json"]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as AuditResult;
    expect(r.baseline).toMatchObject({ status: "not_found", file: "nope.json" });
    expect(r.policy.skipped).toContainEqual({ rule: "no-regression", reason: "no_baseline" });
    expect(r.notices).toContainEqual({
      code: "no_baseline",
      data: { rules: 1, file: "nope.json" },
    });
    const quiet = await audit([...args, "--quiet"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(
      /^Verdict: .* \(1 change rule\(s\) skipped: no baseline report\)\n$/,
    );
    const out = join(dir, "optional");
    expect((await audit([...args, "--format", "markdown,junit,html", "--out", out])).code).toBe(0);
    const md = await readFile(join(out, "fairaudit-report.md"), "utf8");
    expect(md.split("\n")[0]).toContain("**1 change rule(s) skipped: no baseline report**");
    const junit = await readFile(join(out, "fairaudit-report.junit.xml"), "utf8");
    expect(junit).toContain(
      '<skipped message="baseline report nope.json not found: 1 change rule(s) skipped"/>',
    );
    const html = await readFile(join(out, "fairaudit-report.html"), "utf8");
    expect(html).toContain("baseline report nope.json not found: 1 change rule(s) skipped");
  });

  it("refuses --baseline-optional without --baseline", async () => {
    const run = await audit(["--baseline-optional"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--baseline-optional qualifies --baseline");
  });

  it("exits 2 naming the file when the baseline is not a report", async () => {
    const path = join(dir, "not-a-report.json");
    await writeFile(path, '{"hello": "world"}');
    const run = await audit(["--baseline", path, "--quiet"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not-a-report.json");
    expect(run.stderr).toContain("not a fairaudit JSON report");
  });
});

describe("reproducibility", () => {
  it("gives byte-identical JSON and CSV for the same inputs with SOURCE_DATE_EPOCH", async () => {
    const env = { SOURCE_DATE_EPOCH: "1700000000" };
    const a = join(dir, "repro-a");
    const b = join(dir, "repro-b");
    expect((await audit(["--format", "json,csv", "--out", a], env)).code).toBe(0);
    expect((await audit(["--format", "json,csv", "--out", b], env)).code).toBe(0);
    for (const file of ["fairaudit-report.json", "fairaudit-report.csv"]) {
      expect(await readFile(join(a, file))).toEqual(await readFile(join(b, file)));
    }
    const r = await report(join(a, "fairaudit-report.json"));
    expect(r.run?.generatedAt).toBe("2023-11-14T22:13:20.000Z");
    expect(r.run?.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.run?.seed).toBe(1);
    expect(r.inputs.files.map((f) => f.sha256)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });

  it("omits the timestamp with --no-timestamp", async () => {
    const run = await audit(["--format", "json", "--no-timestamp"]);
    const r = JSON.parse(run.stdout) as AuditResult;
    expect(r.run).toBeDefined();
    expect(r.run?.generatedAt).toBeUndefined();
  });

  it("records the sha256 of each input as computed while streaming", async () => {
    const { createHash } = await import("node:crypto");
    const run = await audit(["--format", "json", "--no-timestamp"]);
    const r = JSON.parse(run.stdout) as AuditResult;
    const expected = createHash("sha256")
      .update(await readFile(join(FIXTURE, "customers.csv")))
      .digest("hex");
    expect(r.inputs.files[0]?.sha256).toBe(expected);
  });
});
