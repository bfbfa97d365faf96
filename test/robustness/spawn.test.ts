import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempFiles } from "../helpers/temp-files.js";
import { BAD, ROW_VALUE } from "./run-cli.js";

const BIN = fileURLToPath(new URL("../../bin/fairaudit.js", import.meta.url));

function fairaudit(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: BAD,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

describe("the installed command", () => {
  it.each([
    ["invalid-utf8.csv", /invalid-utf8\.csv, line 9, column 2: invalid UTF-8/],
    ["gzip.csv", /looks like gzip/],
    ["unterminated-quote.csv", /line 12, column 2 \(gender\)/],
    ["missing", /file not found/],
  ])("%s exits 2 with one located line and no stack trace", (file, message) => {
    const run = fairaudit(["audit", file, "--protected", "gender", "--decision", "decision"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(ROW_VALUE);
  });

  it("a hostile report on a terminal carries no escape sequences", () => {
    const run = fairaudit([
      "audit",
      "hostile-labels.csv",
      "--protected",
      "gender",
      "--decision",
      "decision",
    ]);
    expect(run.status).toBeLessThan(2);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(run.stdout).not.toMatch(/[\u001b\u202e]/);
  });

  describe("when standard output goes away", () => {
    const EXAMPLE = fileURLToPath(new URL("../../fixtures/example-campaign", import.meta.url));
    const f = tempFiles({});
    // A policy the example fails (exit 1) and one it passes (exit 0): the verdict's code must
    // survive a reader that stops early.
    writeFileSync(
      join(f.dir, "strict.yml"),
      "rules:\n  - metric: selection_rate\n    min: 0.999\n",
    );
    writeFileSync(join(f.dir, "lenient.yml"), "rules:\n  - metric: selection_rate\n    min: 0.5\n");
    const args = (policy: string) => [
      BIN,
      "audit",
      join(EXAMPLE, "customers.csv"),
      ...["--predictions", join(EXAMPLE, "model-output.csv"), "--id", "customer_id"],
      ...["--protected", "gender,region", "--intersect", "--decision", "targeted"],
      ...["--policy", join(f.dir, policy), "--format", "html"],
    ];

    it.each([
      ["strict.yml", 1],
      ["lenient.yml", 0],
    ])(
      "a reader that closes the pipe early (%s): no trace, the verdict's exit code %i",
      async (policy, verdict) => {
        const child = spawn(process.execPath, args(policy), { stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
        // Like `| head` that has read what it wanted: the pipe is closed before the report is written.
        child.stdout.destroy();
        const code = await new Promise<number | null>((done) => child.on("close", done));
        expect(stderr).toBe("");
        expect(code).toBe(verdict);
      },
    );

    it("a write that fails (/dev/full): one line on stderr, exit 2, whatever the verdict", () => {
      for (const policy of ["strict.yml", "lenient.yml"]) {
        const full = openSync("/dev/full", "w");
        const run = spawnSync(process.execPath, args(policy), {
          stdio: ["ignore", full, "pipe"],
          encoding: "utf8",
        });
        closeSync(full);
        expect(run.status).toBe(2);
        expect(run.stderr).toBe(
          "fairaudit: error: cannot write to standard output (ENOSPC): the output is incomplete\n",
        );
      }
    });
  });
});
