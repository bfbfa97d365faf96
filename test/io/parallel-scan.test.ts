import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateCampaign } from "../../scripts/generate-campaign.js";
import { PARALLEL_MIN_BYTES } from "../../src/io/parallel-scan.js";
import { tempFiles } from "../helpers/temp-files.js";

const execFileAsync = promisify(execFile);

/** The built CLI (worker threads need compiled JavaScript), one report per thread count. */
async function report(dir: string, threads: number): Promise<string> {
  const out = join(dir, `out-${threads}`);
  await execFileAsync(process.execPath, [
    "bin/fairaudit.js",
    "audit",
    join(dir, "customers.csv"),
    "--protected",
    "gender,region,ethnicity",
    "--intersect",
    "--label",
    "converted",
    "--score",
    "score",
    "--threshold",
    "0.5",
    "--price",
    "offer_price",
    "--where",
    "channel=email",
    "--consent",
    "consent",
    "--threads",
    String(threads),
    "--bootstrap-resamples",
    "0",
    "--no-timestamp",
    "--format",
    "json",
    "--out",
    out,
  ]).catch((error: { code: number }) => {
    if (error.code !== 1) throw error;
  });
  return readFileSync(join(out, "fairaudit-report.json"), "utf8");
}

describe("the final pass over worker threads", () => {
  it("gives a byte-identical report to one thread on a file large enough to be split", async () => {
    const f = tempFiles({});
    const rows = 220_000;
    await generateCampaign({ rows, seed: 11, outDir: f.dir, layout: "combined", order: "sorted" });
    const size = readFileSync(join(f.dir, "customers.csv")).length;
    expect(size).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const one = await report(f.dir, 1);
    const two = await report(f.dir, 2);
    expect(JSON.parse(two).inputs.rows.read).toBe(rows);
    expect(two).toBe(one);
  });
});
