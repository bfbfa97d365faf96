import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateCampaign } from "../../scripts/generate-campaign.js";
import type { PassInfo } from "../../src/io/load-spec.js";
import { PARALLEL_MIN_BYTES } from "../../src/io/parallel-scan.js";
import { DEFAULT_MISSING_VALUES } from "../../src/io/values.js";
import { tempFiles } from "../helpers/temp-files.js";

const execFileAsync = promisify(execFile);

/** How the built loader runs the final pass (worker threads need compiled JavaScript). */
async function passOf(dir: string, joined: boolean): Promise<PassInfo | undefined> {
  const built = "../../dist/io/load-table.js";
  const { loadTable } = (await import(built)) as typeof import("../../src/io/load-table.js");
  let pass: PassInfo | undefined;
  await loadTable({
    data: join(dir, "customers.csv"),
    ...(joined ? { predictions: { path: join(dir, "model-output.csv"), id: "customer_id" } } : {}),
    attributes: [{ name: "gender", column: "gender" }],
    decision: { kind: "threshold", column: "score", threshold: 0.5 },
    where: [],
    missingValues: [...DEFAULT_MISSING_VALUES],
    maxGroups: 100,
    threads: 2,
    onPass: (p) => {
      pass = p;
    },
  });
  return pass;
}

/** The built CLI (worker threads need compiled JavaScript), one report per thread count. */
async function report(dir: string, threads: number, joined = false): Promise<string> {
  const out = join(dir, `out-${threads}`);
  const join_ = joined
    ? ["--predictions", join(dir, "model-output.csv"), "--id", "customer_id"]
    : [];
  await execFileAsync(process.execPath, [
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
    expect(await passOf(f.dir, false)).toEqual({ threads: 2, join: null });
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
    expect(await report(f.dir, 2)).toBe(one);
    expect(JSON.parse(one).inputs.rows.read).toBe(rows);
    expect(await passOf(f.dir, false)).toEqual({ threads: 2, join: null });

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
    expect(await report(f.dir, 2)).toBe(oneLong);
    expect(JSON.parse(oneLong).inputs.rows.read).toBe(rows);
    expect(await passOf(f.dir, false)).toEqual({ threads: 1, join: null });
  });

  it.each(["sorted", "shuffled"] as const)(
    "joins a separate model output (%s) to the same report as one thread",
    async (order) => {
      const f = tempFiles({});
      const rows = 260_000;
      await generateCampaign({ rows, seed: 12, outDir: f.dir, layout: "separate", order });
      expect(readFileSync(join(f.dir, "customers.csv")).length).toBeGreaterThan(PARALLEL_MIN_BYTES);
      const one = await report(f.dir, 1, true);
      const two = await report(f.dir, 2, true);
      const parsed = JSON.parse(two);
      expect(parsed.inputs.rows.read).toBe(rows);
      expect(parsed.inputs.files).toHaveLength(2);
      expect(two).toBe(one);
      // Ordered files: a merge join; a shuffled model output: the hash join; both over 2 threads.
      expect(await passOf(f.dir, true)).toEqual({
        threads: 2,
        join: order === "sorted" ? "merge" : "hash",
      });
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
});
