/**
 * The row path alone: `npm run bench:rows -- [--rows 1000000] [--reps 7] [--consent]`.
 *
 * Reads the benchmark's one-file campaign (generated and cached like `npm run bench` does) on
 * one thread, in this process, through the byte reader and the row logic the audit uses, with
 * no hashing, no worker threads and no statistics, `--reps` times; prints the best and median.
 * On a shared machine whose speed drifts from minute to minute, the best of several warm runs in
 * one process is the steadiest measure of a change to the row path (docs/performance.md).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { mergeConfig } from "../src/config/load-config.js";
import { loadPolicy } from "../src/config/load-policy.js";
import { resolvePlan } from "../src/config/resolve-plan.js";
import { readCsvHeader, scanRows } from "../src/io/csv-file.js";
import { RowAccumulator } from "../src/io/row-accumulator.js";
import type { RowFields } from "../src/io/row-fields.js";
import { layoutFor } from "../src/io/row-layout.js";
import { BENCH_AUDIT } from "./bench-audit.js";
import { generateCampaign } from "./generate-campaign.js";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

async function main(): Promise<void> {
  const rows = option("--rows", 1_000_000);
  const reps = option("--reps", 7);
  // With --consent the consent column is read too: rows without consent are counted and dropped.
  const consent = process.argv.includes("--consent");
  // The same cache as `npm run bench -- --rows N` (same generator options).
  const dir = resolve("bench-data", `${rows}-combined-sorted-7`);
  if (!existsSync(join(dir, "customers.csv"))) {
    mkdirSync(dir, { recursive: true });
    await generateCampaign({ rows, seed: 7, outDir: dir, layout: "combined", order: "sorted" });
  }
  // The benchmark's audit (its intersection changes nothing in the row path).
  const config = mergeConfig(
    {
      data: join(dir, "customers.csv"),
      ...BENCH_AUDIT,
      ...(consent ? { consent: "consent" } : {}),
    },
    {},
    "bench",
  );
  const plan = resolvePlan(config, await loadPolicy(config.policy, config.decisionMeaning));
  const missing = new Set(plan.load.missingValues);
  const header = await readCsvHeader(plan.load.data);
  const { layout } = layoutFor(plan.load, header, undefined, missing);
  let accumulator = new RowAccumulator(layout, undefined, 0.5);
  // One sink for every run, so that the reader's call to it stays monomorphic as in the audit.
  const sink = (fields: RowFields, fieldCount: number, line: number) =>
    accumulator.add(fields, fieldCount, line);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    accumulator = new RowAccumulator(layout, undefined, 0.5);
    const start = process.hrtime.bigint();
    await scanRows(header, layout.indices, accumulator.missing, sink);
    accumulator.result();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const best = times[0] ?? 0;
  const median = times[Math.floor((times.length - 1) / 2)] ?? 0;
  process.stdout.write(
    `${JSON.stringify(
      {
        rows,
        reps,
        consent,
        bestMs: Math.round(best),
        medianMs: Math.round(median),
        rowsPerSecondBest: Math.round(rows / (best / 1000)),
        audited: accumulator.tally.audited,
      },
      null,
      2,
    )}\n`,
  );
}

await main();
