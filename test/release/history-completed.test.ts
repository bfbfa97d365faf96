import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFiles } from "../helpers/temp-files.js";
import { runCli } from "./run-cli.js";

const CONFIG = join(import.meta.dirname, "../../fixtures/example-campaign/audit.yml");

describe("audit --history", () => {
  it("appends only for an audit that completed: a run that exits 2 writing its reports appends nothing", async () => {
    const f = tempFiles({});
    const history = join(f.dir, "audits.jsonl");
    // --out names a regular file: the reports cannot be written into it.
    const blocked = join(f.dir, "not-a-directory");
    writeFileSync(blocked, "");
    const failed = await runCli([
      ...["audit", "--config", CONFIG, "--history", history],
      ...["--format", "json", "--out", blocked, "--no-timestamp"],
    ]);
    expect(failed.code).toBe(2);
    expect(existsSync(history)).toBe(false);
    const done = await runCli(["audit", "--config", CONFIG, "--history", history, "--quiet"]);
    expect(done.code).toBeLessThan(2);
    expect(existsSync(history)).toBe(true);
  });
});
