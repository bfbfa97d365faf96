import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { proposeConfig } from "../../src/init/propose-config.js";
import { runCli } from "./run-cli.js";

const FIXTURE = join(import.meta.dirname, "../../fixtures/release-gate");

function columns(rows: Record<string, string[]>) {
  return Object.entries(rows).map(([name, values]) => ({ name, values }));
}

describe("validate", () => {
  it("accepts the example config and its policy without reading data", async () => {
    const run = await runCli(["validate", join(FIXTURE, "audit.yml")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 change rule(s)");
  });

  it("rejects a broken policy with exit 2 naming the file and key", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fairaudit-validate-"));
    const policy = join(dir, "policy.yml");
    await writeFile(policy, "changes:\n  - direction: sideways\n    absolute: 0.1\n");
    const run = await runCli(["validate", "--policy", policy]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("policy.yml");
    expect(run.stderr).toContain("changes[0].direction");
  });
});

describe("init", () => {
  it("recognises English and German names and tells a decision from a score", () => {
    const p = proposeConfig(
      columns({
        kunden_id: ["1", "2", "3"],
        Geschlecht: ["w", "m", "d"],
        Alter: ["23", "45", "67", "31", "52", "38", "29", "61", "44", "35", "58", "70"],
        Staatsangehörigkeit: ["DE", "TR", "PL"],
        religion: ["a", "b", "c"],
        converted: ["1", "0", "0"],
        score: ["0.1", "0.7", "0.4"],
        preis: ["9.99", "12.50", "7.00"],
      }),
    );
    expect(p.protected.map((a) => [a.category, a.column])).toEqual([
      ["gender", "Geschlecht"],
      ["age", "Alter"],
      ["nationality", "Staatsangehörigkeit"],
      ["religion", "religion"],
    ]);
    expect(p.protected[1]?.bins).toBeDefined();
    expect(p.label).toEqual({ column: "converted" });
    expect(p.score).toMatchObject({ column: "score", threshold: 0.5 });
    expect(p.price).toBe("preis");
  });

  it("writes a config that validates and audits, and never overwrites without --force", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fairaudit-init-"));
    const out = join(dir, "fairaudit.yml");
    const args = [
      "init",
      join(FIXTURE, "customers.csv"),
      "--predictions",
      join(FIXTURE, "model-output.csv"),
      "--out",
      out,
    ];
    expect((await runCli(args)).code).toBe(0);
    const text = await readFile(out, "utf8");
    expect(text).toContain("id: id");
    expect(text).toContain("decision: prediction");
    expect(text).toContain('label: "y"');
    expect((await runCli(["validate", out])).code).toBe(0);
    expect([0, 1]).toContain((await runCli(["audit", "--config", out, "--quiet"])).code);
    const again = await runCli(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("--force");
    expect((await runCli([...args, "--force"])).code).toBe(0);
  });
});
