/**
 * Real-shaped benchmark: `npm run bench -- --profile cents|decimal4|insurance|shuffled
 * [--rows 2000000] [--resamples N]`.
 *
 * Generates (cached under bench-data/) a file from scripts/generate-real-shaped.ts, runs the full
 * audit through the built CLI in a child process (wall time, peak RSS, --verbose stage times),
 * then DuckDB (@duckdb/node-api, in its own child process) on the same files computing the same
 * per-cell accumulators — counts, confusion cells, price count, mean, variance, extremes and the
 * exact median — and prints both with their ratio.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { generateRealShaped, type RealShapedOptions } from "./generate-real-shaped.js";

export const REAL_PROFILES = {
  /** log-normal prices at cents, string ids, 3 attributes and one intersection, one file */
  cents: { prices: "cents", ids: "string", layout: "one" },
  /** the same at 4 decimals: nearly every price distinct */
  decimal4: { prices: "decimal4", ids: "string", layout: "one" },
  /** the insurance dataset's charges resampled with a ±5% jitter, 4 attributes */
  insurance: { prices: "insurance", ids: "int", layout: "one" },
  /** cents, with the model output in a second, shuffled file of string ids */
  shuffled: { prices: "cents", ids: "string", layout: "shuffled" },
} as const satisfies Record<string, Pick<RealShapedOptions, "prices" | "ids" | "layout">>;
export type RealProfile = keyof typeof REAL_PROFILES;

interface Measured {
  seconds: number;
  peakRssMb: number;
  code?: number;
  pass?: string;
  stages?: Record<string, number>;
}

function runChild(script: string, body: string): Promise<{ seconds: number; stderr: string }> {
  writeFileSync(script, body);
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const p = spawn(process.execPath, [script], { stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    p.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    p.on("error", fail);
    p.on("close", () => done({ seconds: Number(process.hrtime.bigint() - start) / 1e9, stderr }));
  });
}

function report(stderr: string): { code: number; maxRss: number } {
  const line = stderr.split("\n").find((l) => l.startsWith("@@"));
  if (!line) throw new Error(`child failed:\n${stderr}`);
  return JSON.parse(line.slice(2)) as { code: number; maxRss: number };
}

async function runAudit(dir: string, config: string): Promise<Measured> {
  const body = `
    const { main } = await import(${JSON.stringify(resolve("dist/main.js"))});
    const code = await main(["node", "fairaudit", "audit", "--config", ${JSON.stringify(config)}, "--verbose"], {
      stdout: { write: () => true, isTTY: false }, stderr: process.stderr, env: process.env, cwd: process.cwd() });
    process.stderr.write("\\n@@" + JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS }) + "\\n");`;
  const { seconds, stderr } = await runChild(join(dir, "run-audit.mjs"), body);
  const { code, maxRss } = report(stderr);
  const lines = stderr.split("\n");
  const time = lines.find((l) => l.startsWith("fairaudit: time: ")) ?? "";
  return {
    seconds,
    peakRssMb: maxRss / 1024,
    code,
    pass: (lines.find((l) => l.startsWith("fairaudit: data read")) ?? "").replace(
      "fairaudit: ",
      "",
    ),
    stages: Object.fromEntries(
      [...time.matchAll(/(\w+) (\d+\.\d+) s/g)].map((m) => [m[1], Number(m[2])]),
    ),
  };
}

/** The per-cell accumulators in SQL: what the audit's table of cells holds, medians exact. */
export function duckdbQuery(dir: string, attributes: readonly string[], shuffled: boolean): string {
  const data = `read_csv('${join(dir, "customers.csv")}', header = true)`;
  const from = shuffled
    ? `${data} d JOIN read_csv('${join(dir, "model-output.csv")}', header = true) m USING (customer_id)`
    : data;
  const groups = attributes.join(", ");
  return `SELECT ${groups}, count(*) AS n, sum(decision) AS selected,
    sum(decision * converted) AS tp, sum(decision * (1 - converted)) AS fp,
    sum((1 - decision) * (1 - converted)) AS tn, sum((1 - decision) * converted) AS fn,
    count(offer_price) AS priced, avg(offer_price) AS mean, var_samp(offer_price) AS variance,
    min(offer_price) AS min, max(offer_price) AS max, median(offer_price) AS median
    FROM ${from} GROUP BY ${groups}`;
}

async function runDuckdb(dir: string, sql: string): Promise<Measured & { cells: number }> {
  const body = `
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:", { threads: "${cpus().length}" });
    const connection = await instance.connect();
    const result = await connection.runAndReadAll(${JSON.stringify(sql)});
    const cells = result.getRows().length;
    process.stderr.write("\\n@@" + JSON.stringify({ code: cells, maxRss: process.resourceUsage().maxRSS }) + "\\n");`;
  const { seconds, stderr } = await runChild(join(dir, "run-duckdb.mjs"), body);
  const { code, maxRss } = report(stderr);
  return { seconds, peakRssMb: maxRss / 1024, cells: code };
}

export async function benchRealShaped(
  profile: RealProfile,
  rows: number,
  resamples: number | undefined,
): Promise<unknown> {
  const shape = REAL_PROFILES[profile];
  const dir = resolve("bench-data", `real-${profile}-${rows}`);
  if (!existsSync(join(dir, "customers.csv"))) {
    process.stderr.write(`generating ${rows.toLocaleString("en-US")} rows into ${dir} …\n`);
    await generateRealShaped({ rows, seed: 11, outDir: dir, ...shape });
  }
  if (!existsSync("dist/main.js")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
  const attributes =
    shape.prices === "insurance"
      ? ["sex", "region", "smoker", "age_band"]
      : ["gender", "region", "age_band"];
  const shuffled = shape.layout === "shuffled";
  const config = join(dir, "audit.json");
  writeFileSync(
    config,
    JSON.stringify({
      data: "customers.csv",
      ...(shuffled ? { predictions: "model-output.csv", id: "customer_id" } : {}),
      protected: attributes,
      intersections: [attributes.slice(0, 2)],
      label: "converted",
      decision: "decision",
      price: "offer_price",
      ...(resamples === undefined ? {} : { bootstrap: { resamples } }),
      policy: "default",
      format: ["json", "csv"],
      out: join(dir, "reports"),
    }),
  );
  const audit = await runAudit(dir, config);
  const duckdb = await runDuckdb(dir, duckdbQuery(dir, attributes, shuffled));
  return {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    profile,
    rows,
    audit: {
      seconds: Number(audit.seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / audit.seconds),
      peakRssMb: Math.round(audit.peakRssMb),
      exitCode: audit.code,
      pass: audit.pass,
      stages: audit.stages,
    },
    duckdb: {
      seconds: Number(duckdb.seconds.toFixed(2)),
      peakRssMb: Math.round(duckdb.peakRssMb),
      cells: duckdb.cells,
    },
    auditOverDuckdb: Number((audit.seconds / duckdb.seconds).toFixed(2)),
  };
}
