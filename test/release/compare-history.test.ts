import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ComparisonRow } from "../../src/compare/compare-reports.js";
import { parseHistory } from "../../src/history/append-history.js";
import type { HistoryEntry } from "../../src/history/history-schema.js";
import { sparkline } from "../../src/history/render-history.js";
import { computeTrends } from "../../src/history/trends.js";
import { runCli } from "./run-cli.js";

const CONFIG = join(import.meta.dirname, "../../fixtures/release-gate/audit.yml");

function entry(day: number, value: number): HistoryEntry {
  return {
    v: 1,
    time: `2026-01-${String(day).padStart(2, "0")}T02:30:00.000Z`,
    tool: "0.1.0",
    configHash: "abc",
    inputs: [],
    rows: { read: 100, audited: 100 },
    verdict: value >= 0.8 ? "pass" : "fail",
    findings: [
      {
        rule: "four-fifths",
        attribute: "gender",
        group: "female",
        metric: "selection_rate",
        comparison: "ratio",
        value,
        verdict: value >= 0.8 ? "pass" : "fail",
        min: 0.8,
      },
    ],
  };
}

describe("history trends", () => {
  it("flags a metric whose distance to its bound never grew and shrank over the last runs", () => {
    const falling = [0.99, 0.95, 0.95, 0.9, 0.86, 0.84].map((v, i) => entry(i + 1, v));
    const trends = computeTrends(falling, { driftRuns: 5 });
    expect(trends.drifting).toBe(1);
    expect(trends.series[0]?.drift).toMatchObject({ runs: 5, runsToBound: 2 });
    const wobbling = [0.99, 0.95, 0.97, 0.9, 0.86, 0.84].map((v, i) => entry(i + 1, v));
    expect(computeTrends(wobbling, { driftRuns: 5 }).drifting).toBe(0);
    expect(computeTrends(falling, { driftRuns: 5, last: 3 }).drifting).toBe(0);
  });

  it("draws sparklines with gaps for runs without the finding", () => {
    expect(sparkline([0, 0.5, null, 1])).toBe("▁▅ █");
  });

  it("rejects a line that is not a history entry, naming its line", () => {
    const good = JSON.stringify(entry(1, 0.9));
    expect(() => parseHistory(`${good}\n{"v":1}\n`, "h.jsonl")).toThrow(/history line/);
    expect(parseHistory(`${good}\n\n${good}\n`, "h.jsonl")).toHaveLength(2);
  });
});

describe("audit --history, history and compare commands", () => {
  it("appends one line per run and renders every format", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fairaudit-history-"));
    const history = join(dir, "audits.jsonl");
    for (const epoch of ["1700000000", "1700086400"]) {
      const run = await runCli(["audit", "--config", CONFIG, "--history", history, "--quiet"], {
        env: { SOURCE_DATE_EPOCH: epoch },
      });
      expect(run.code).toBe(0);
    }
    const entries = parseHistory(await readFile(history, "utf8"), "audits.jsonl");
    expect(entries.map((e) => e.time)).toEqual([
      "2023-11-14T22:13:20.000Z",
      "2023-11-15T22:13:20.000Z",
    ]);
    expect(entries[0]?.inputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const format of ["terminal", "json", "csv", "markdown", "html"]) {
      const run = await runCli(["history", history, "--format", format]);
      expect(run.code).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(0);
    }
    const html = await runCli(["history", history, "--format", "html"]);
    expect(html.stdout).toContain("<svg");
    expect(html.stdout).not.toContain("<script");
    expect((await runCli(["history", history, "--fail-on-drift"])).code).toBe(0);
  });

  it("compares two reports finding by finding in every format", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fairaudit-compare-"));
    const a = join(dir, "a.json");
    const run = await runCli(["audit", "--config", CONFIG, "--format", "json", "--no-timestamp"]);
    await writeFile(a, run.stdout);
    const changed = JSON.parse(run.stdout);
    changed.findings[0].actual = 0.5;
    changed.findings[0].verdict = "fail";
    const b = join(dir, "b.json");
    await writeFile(b, JSON.stringify(changed));
    const json = await runCli(["compare", a, b, "--format", "json"]);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout).rows as ComparisonRow[];
    expect(rows[0]).toMatchObject({ move: "worse", new: { value: 0.5, verdict: "fail" } });
    for (const format of ["terminal", "csv", "markdown"]) {
      expect((await runCli(["compare", a, b, "--format", format])).code).toBe(0);
    }
    const md = await runCli(["compare", a, b, "--format", "markdown"]);
    expect(md.stdout).toContain("→ FAIL");
    expect((await runCli(["compare", a, join(dir, "missing.json")])).code).toBe(2);
  });
});
