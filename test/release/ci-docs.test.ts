import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const CONFIG = join(ROOT, "fixtures/release-gate/audit.yml");
const run = promisify(execFile);

/** Runs a docs/ci script exactly as CI would, with the CLI from source. */
async function script(name: string, env: Record<string, string>) {
  try {
    const { stdout } = await run("sh", [join(ROOT, "docs/ci", name)], {
      cwd: ROOT,
      env: {
        ...process.env,
        NO_COLOR: "1",
        FAIRAUDIT: `node --import tsx ${join(ROOT, "test/release/cli-entry.ts")}`,
        ...env,
      },
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe("docs/ci scripts", () => {
  // Each script starts the CLI several times from source: allow for slow machines.
  it("release-gate.sh: first release without a baseline, then gated against it", {
    timeout: 120_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "fairaudit-ci-"));
    const first = await script("release-gate.sh", {
      FAIRAUDIT_CONFIG: CONFIG,
      FAIRAUDIT_BASELINE: join(dir, "baseline.json"),
      FAIRAUDIT_OUT: join(dir, "first"),
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("change rule(s) skipped");
    const second = await script("release-gate.sh", {
      FAIRAUDIT_CONFIG: CONFIG,
      FAIRAUDIT_BASELINE: join(dir, "first/fairaudit-report.json"),
      FAIRAUDIT_OUT: join(dir, "second"),
    });
    expect(second.code).toBe(0);
    expect(await readFile(join(dir, "second/comment.md"), "utf8")).toContain("fairaudit");
  });

  it("nightly-audit.sh: appends to the history and writes the trend page", {
    timeout: 120_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "fairaudit-nightly-"));
    const env = {
      FAIRAUDIT_CONFIG: CONFIG,
      FAIRAUDIT_HISTORY: join(dir, "audits.jsonl"),
      FAIRAUDIT_OUT: join(dir, "reports"),
    };
    expect((await script("nightly-audit.sh", env)).code).toBe(0);
    expect((await script("nightly-audit.sh", env)).code).toBe(0);
    const lines = (await readFile(env.FAIRAUDIT_HISTORY, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(2);
    expect((await stat(join(dir, "reports/trends.html"))).size).toBeGreaterThan(0);
  });

  it("the CI examples call the tested scripts", async () => {
    for (const file of ["github-actions.yml", "gitlab-ci.yml"]) {
      expect(await readFile(join(ROOT, "docs/ci", file), "utf8")).toContain(
        "sh docs/ci/release-gate.sh",
      );
    }
    expect(await readFile(join(ROOT, "docs/ci/fairaudit-nightly.service"), "utf8")).toContain(
      "docs/ci/nightly-audit.sh",
    );
  });
});
