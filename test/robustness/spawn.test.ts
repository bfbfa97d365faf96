import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
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
});
