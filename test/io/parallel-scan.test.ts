import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateCampaign } from "../../scripts/generate-campaign.js";
import { PARALLEL_MIN_BYTES } from "../../src/io/parallel-scan.js";
import { tempFiles } from "../helpers/temp-files.js";

const execFileAsync = promisify(execFile);

/**
 * The built CLI (worker threads need compiled JavaScript), one report per thread count, with how
 * the final pass ran as `--verbose` tells it.
 */
async function run(
  dir: string,
  threads: number,
  joined = false,
): Promise<{ report: string; pass: string }> {
  const out = join(dir, `out-${threads}`);
  const join_ = joined
    ? ["--predictions", join(dir, "model-output.csv"), "--id", "customer_id"]
    : [];
  const { stderr } = await execFileAsync(process.execPath, [
    "bin/fairaudit.js",
    "audit",
    join(dir, "customers.csv"),
    ...join_,
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
    "--verbose",
  ]).catch((error: { code: number; stderr: string }) => {
    if (error.code !== 1) throw error;
    return error;
  });
  const pass = stderr.split("\n").find((l) => l.startsWith("fairaudit: data read")) ?? "";
  return { report: readFileSync(join(out, "fairaudit-report.json"), "utf8"), pass };
}

/** The report alone. */
async function report(dir: string, threads: number, joined = false): Promise<string> {
  return (await run(dir, threads, joined)).report;
}

describe("the final pass over worker threads", () => {
  it("gives a byte-identical report to one thread on a file large enough to be split", async () => {
    const f = tempFiles({});
    const rows = 220_000;
    await generateCampaign({ rows, seed: 11, outDir: f.dir, layout: "combined", order: "sorted" });
    const size = readFileSync(join(f.dir, "customers.csv")).length;
    expect(size).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const one = await report(f.dir, 1);
    const two = await run(f.dir, 2);
    expect(JSON.parse(two.report).inputs.rows.read).toBe(rows);
    expect(two.report).toBe(one);
    expect(two.pass).toBe("fairaudit: data read with 2 threads");
  });

  it("splits a quoted file too, unless a cut would fall inside a quoted field", async () => {
    const f = tempFiles({});
    const rows = 220_000;
    await generateCampaign({ rows, seed: 13, outDir: f.dir, layout: "combined", order: "sorted" });
    const path = join(f.dir, "customers.csv");
    // Every e-mail quoted: the cuts still fall between records, and the workers prove it.
    const lines = readFileSync(path, "utf8").split("\n");
    const quoted = lines.map((l, i) =>
      i === 0 || l === "" ? l : l.replace(/^(\d+),([^,]*),/, '$1,"$2",'),
    );
    writeFileSync(path, quoted.join("\n"));
    const one = await report(f.dir, 1);
    const two = await run(f.dir, 2);
    expect(two.report).toBe(one);
    expect(JSON.parse(one).inputs.rows.read).toBe(rows);
    expect(two.pass).toBe("fairaudit: data read with 2 threads");

    // One e-mail holding 40,000 line breaks across the middle of the file: the cut lands inside
    // it, the first worker ends inside quotes, and the pass runs in one thread, still exact.
    const text = quoted.join("\n");
    const long = `"${"x\n".repeat(40_000)}"`;
    const target = Math.floor(text.length / 2 - long.length / 4);
    const rowStart = text.lastIndexOf("\n", target) + 1;
    const rowEnd = text.indexOf("\n", rowStart);
    const row = text.slice(rowStart, rowEnd).replace(/^(\d+),"[^"]*",/, `$1,${long},`);
    writeFileSync(path, text.slice(0, rowStart) + row + text.slice(rowEnd));
    const oneLong = await report(f.dir, 1);
    const twoLong = await run(f.dir, 2);
    expect(twoLong.report).toBe(oneLong);
    expect(JSON.parse(oneLong).inputs.rows.read).toBe(rows);
    expect(twoLong.pass).toBe("fairaudit: data read with one thread");
  });

  it.each(["sorted", "shuffled"] as const)(
    "joins a separate model output (%s) to the same report as one thread",
    async (order) => {
      const f = tempFiles({});
      const rows = 260_000;
      await generateCampaign({ rows, seed: 12, outDir: f.dir, layout: "separate", order });
      expect(readFileSync(join(f.dir, "customers.csv")).length).toBeGreaterThan(PARALLEL_MIN_BYTES);
      const one = await report(f.dir, 1, true);
      const two = await run(f.dir, 2, true);
      const parsed = JSON.parse(two.report);
      expect(parsed.inputs.rows.read).toBe(rows);
      expect(parsed.inputs.files).toHaveLength(2);
      expect(two.report).toBe(one);
      // Ordered files: a merge join; a shuffled model output: the hash join; both over 2 threads.
      expect(two.pass).toBe(
        `fairaudit: data read with 2 threads, model output joined by a ${
          order === "sorted" ? "merge join (both files ordered by id)" : "hash join"
        }`,
      );
      if (order === "shuffled") {
        // Two data rows with one id, in different threads' ranges: still a duplicate, with its line.
        const path = join(f.dir, "customers.csv");
        const text = readFileSync(path, "utf8");
        const second = text.split("\n")[2] as string;
        writeFileSync(path, `${text}${second}\n`);
        const run = await execFileAsync(process.execPath, [
          "bin/fairaudit.js",
          "audit",
          path,
          "--predictions",
          join(f.dir, "model-output.csv"),
          "--id",
          "customer_id",
          "--protected",
          "gender",
          "--score",
          "score",
          "--threshold",
          "0.5",
          "--threads",
          "2",
        ]).catch((error: { code: number; stderr: string }) => error);
        expect("code" in run ? run.code : 0).toBe(2);
        expect(run.stderr).toContain(`line ${rows + 2}`);
        expect(run.stderr).toContain("duplicate id");
      }
    },
  );

  it.each(["sorted", "shuffled"] as const)(
    "refuses a data id matched in two large files (%s model output), over worker threads too",
    async (order) => {
      const f = tempFiles({});
      const rows = 260_000;
      await generateCampaign({ rows, seed: 14, outDir: f.dir, layout: "separate", order });
      // The second shard is the first without its first row: its line 2 is the first's line 3.
      const text = readFileSync(join(f.dir, "customers.csv"), "utf8");
      const firstBreak = text.indexOf("\n");
      const secondBreak = text.indexOf("\n", firstBreak + 1);
      const shard = text.slice(0, firstBreak + 1) + text.slice(secondBreak + 1);
      writeFileSync(join(f.dir, "shard2.csv"), shard);
      expect(shard.length).toBeGreaterThan(PARALLEL_MIN_BYTES);
      const run = await execFileAsync(process.execPath, [
        "bin/fairaudit.js",
        "audit",
        join(f.dir, "customers.csv"),
        join(f.dir, "shard2.csv"),
        "--predictions",
        join(f.dir, "model-output.csv"),
        "--id",
        "customer_id",
        "--protected",
        "gender",
        "--score",
        "score",
        "--threshold",
        "0.5",
        "--threads",
        "2",
      ]).catch((error: { code: number; stderr: string }) => error);
      expect("code" in run ? run.code : 0).toBe(2);
      expect(run.stderr).toMatch(
        /^fairaudit: error: shard2\.csv, line 2, column 1 \(customer_id\): duplicate id/,
      );
    },
  );
});
