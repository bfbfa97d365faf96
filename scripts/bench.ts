/**
 * The benchmark: `npm run bench -- [--rows 10000000] [--layout combined|separate]
 * [--order sorted|shuffled] [--threads N] [--email]`.
 *
 * Generates (seeded, streaming, cached under bench-data/) a realistic campaign, then measures
 *  1. the floor: reading the bytes and counting newlines, in this process;
 *  2. the full audit through the built CLI (join, all rate metrics, exact price medians, reports),
 *     in a child process, for wall time and peak RSS.
 * Speed is measured here, never asserted in tests.
 */
import { execFileSync, spawn } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { BENCH_AUDIT } from "./bench-audit.js";
import { benchRealShaped, REAL_PROFILES, type RealProfile } from "./bench-real-shaped.js";
import { generateCampaign, type Layout, type Order } from "./generate-campaign.js";

interface Args {
  rows: number;
  layout: Layout;
  order: Order;
  seed: number;
  /** the audit's --threads; default: the audit's own default (all cores) */
  threads?: number;
  /**
   * Add the generator's e-mail column (82-byte rows instead of 53): by default the data has the
   * columns, and so the row width, of the scale issue's reference file.
   */
  email: boolean;
  /** a real-shaped profile (scripts/bench-real-shaped.ts) instead of the campaign generator */
  profile?: RealProfile;
  /** the audit's bootstrap resamples (profiles only; default: the audit's default) */
  resamples?: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    rows: 10_000_000,
    layout: "combined",
    order: "sorted",
    seed: 7,
    email: false,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1] ?? "";
    if (key === "--email") {
      args.email = true;
      i--;
    } else if (key === "--rows") args.rows = Number(value);
    else if (key === "--layout") args.layout = value as Layout;
    else if (key === "--order") args.order = value as Order;
    else if (key === "--seed") args.seed = Number(value);
    else if (key === "--threads") args.threads = Number(value);
    else if (key === "--profile") {
      if (!(value in REAL_PROFILES)) throw new Error(`unknown profile ${value}`);
      args.profile = value as RealProfile;
    } else if (key === "--resamples") args.resamples = Number(value);
    else throw new Error(`unknown option ${key}`);
  }
  return args;
}

async function byteFloor(path: string): Promise<{ seconds: number; lines: number }> {
  const start = process.hrtime.bigint();
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    let at = buffer.indexOf(10);
    while (at !== -1) {
      lines++;
      at = buffer.indexOf(10, at + 1);
    }
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, lines };
}

/** Runs the built CLI in a child process; the child reports its own peak RSS. */
function runAudit(args: readonly string[]): Promise<{
  seconds: number;
  maxRssMb: number;
  code: number;
  pass: string;
  stages: Record<string, number>;
}> {
  const child = `
    const { main } = await import(${JSON.stringify(resolve("dist/main.js"))});
    const code = await main(["node", "fairaudit", ...${JSON.stringify(args)}], {
      stdout: { write: () => true, isTTY: false }, stderr: process.stderr, env: process.env, cwd: process.cwd() });
    process.stderr.write("\\n@@" + JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS }) + "\\n");`;
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    // A script file, not `node -e`: worker threads inherit the parent's flags, and refuse `-e`'s.
    const script = resolve("bench-data", "run-audit.mjs");
    writeFileSync(script, child);
    const p = spawn(process.execPath, [script], {
      stdio: ["ignore", "inherit", "pipe"],
    });
    let stderr = "";
    p.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    p.on("error", fail);
    p.on("close", () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const line = stderr.split("\n").find((l) => l.startsWith("@@"));
      if (!line) return fail(new Error(`audit failed:\n${stderr}`));
      const { code, maxRss } = JSON.parse(line.slice(2)) as { code: number; maxRss: number };
      const lines = stderr.split("\n");
      const pass = lines.find((l) => l.startsWith("fairaudit: data read")) ?? "";
      // "fairaudit: time: data 2.61 s, statistics 0.29 s, reports 0.02 s" (--verbose)
      const time = lines.find((l) => l.startsWith("fairaudit: time: ")) ?? "";
      const stages = Object.fromEntries(
        [...time.matchAll(/(\w+) (\d+\.\d+) s/g)].map((m) => [m[1], Number(m[2])]),
      );
      done({
        seconds,
        maxRssMb: maxRss / 1024,
        code,
        pass: pass.replace("fairaudit: ", ""),
        stages,
      });
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.profile !== undefined) {
    const rows = process.argv.includes("--rows") ? args.rows : 2_000_000;
    console.log(JSON.stringify(await benchRealShaped(args.profile, rows, args.resamples), null, 2));
    return;
  }
  const dir = resolve(
    "bench-data",
    `${args.rows}-${args.layout}-${args.order}-${args.seed}${args.email ? "-email" : ""}`,
  );
  const customers = join(dir, "customers.csv");
  if (!existsSync(customers)) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${args.rows.toLocaleString("en-US")} rows into ${dir} …\n`);
    await generateCampaign({
      rows: args.rows,
      seed: args.seed,
      outDir: dir,
      layout: args.layout,
      order: args.order,
      email: args.email,
    });
  }
  if (!existsSync("dist/main.js")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });

  const config = join(dir, "audit.json");
  writeFileSync(
    config,
    JSON.stringify({
      data: "customers.csv",
      ...(args.layout === "separate" ? { predictions: "model-output.csv", id: "customer_id" } : {}),
      ...BENCH_AUDIT,
      policy: "default",
      format: ["json", "csv"],
      out: join(dir, "reports"),
    }),
  );

  const files = [customers, ...(args.layout === "separate" ? [join(dir, "model-output.csv")] : [])];
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const floors = await Promise.all(files.map(byteFloor));
  const floorSeconds = floors.reduce((s, f) => s + f.seconds, 0);
  const audit = await runAudit([
    "audit",
    "--config",
    config,
    "--verbose",
    ...(args.threads === undefined ? [] : ["--threads", String(args.threads)]),
  ]);
  const mb = bytes / 1e6;
  const rowsPerSecond = args.rows / audit.seconds;
  const report = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    rows: args.rows,
    layout: args.layout,
    order: args.order,
    email: args.email,
    bytesPerRow: Math.round(bytes / args.rows),
    inputMB: Number(mb.toFixed(1)),
    floor: {
      seconds: Number(floorSeconds.toFixed(3)),
      rowsPerSecond: Math.round(args.rows / floorSeconds),
    },
    audit: {
      seconds: Number(audit.seconds.toFixed(3)),
      rowsPerSecond: Math.round(rowsPerSecond),
      mbPerSecond: Number((mb / audit.seconds).toFixed(1)),
      peakRssMb: Number(audit.maxRssMb.toFixed(0)),
      exitCode: audit.code,
      pass: audit.pass,
      /** wall seconds of the data pass, the statistics and the reports, inside the child */
      stages: audit.stages,
    },
    auditOverFloor: Number((audit.seconds / floorSeconds).toFixed(1)),
  };
  console.log(JSON.stringify(report, null, 2));
}

await main();
