/**
 * Benchmark of the CSV record parsers on a seeded synthetic campaign file.
 *
 *   npx tsx scripts/bench-parse.ts [rows]        (default 2,000,000 rows, 12 columns)
 *
 * Each measurement reads the file with fs.createReadStream (highWaterMark 1 MiB):
 * raw byte read, a newline count, FastCsvParser with 5 wanted columns, and csv-parse
 * with `columns: false`. The file is written once to a temporary directory and removed
 * (set KEEP=1 to keep it for profiling; csv-parse is then skipped). Wall-clock figures
 * depend on what else the machine runs: the load average is printed, and CPU time too.
 */

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse";
import { FastCsvParser } from "../src/io/fast-csv.js";

const HIGH_WATER_MARK = 1 << 20;
const WANTED = [1, 3, 4, 6, 7]; // campaign, gender, age band, score, decision

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeSyntheticCsv(path: string, rows: number): Promise<void> {
  const rnd = mulberry32(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const genders = ["Männlich", "Weiblich", "divers", ""];
  const ages = ["18-24", "25-34", "35-44", "45-54", "55+"];
  const regions = ["DE-BY", "DE-BE", "DE-NW", "AT-9", "CH-ZH"];
  const channels = ["email", "social", "search", "display"];
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  await write(
    "customer_id,campaign,segment,gender,age_band,region,score,decision,converted,spend,date,channel\n",
  );
  let batch = "";
  for (let i = 0; i < rows; i++) {
    const score = rnd();
    batch += `${100000 + i},camp_${String(Math.floor(rnd() * 20)).padStart(2, "0")},seg_${Math.floor(rnd() * 8)},${pick(genders)},${pick(ages)},${pick(regions)},${score.toFixed(4)},${score > 0.5 ? 1 : 0},${rnd() < 0.1 ? 1 : 0},${(rnd() * 100).toFixed(2)},2024-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 10)},${pick(channels)}\n`;
    if (batch.length > 1 << 16) {
      await write(batch);
      batch = "";
    }
  }
  await write(batch);
  out.end();
  await once(out, "finish");
}

interface Result {
  name: string;
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of the whole process (all threads), less sensitive to a busy machine. */
  cpuSeconds: number;
  records: number;
}

async function time(name: string, run: () => Promise<number>): Promise<Result> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const records = await run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { name, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, records };
}

async function rawRead(path: string): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: HIGH_WATER_MARK })) {
    bytes += (chunk as Buffer).length;
  }
  return bytes > 0 ? -1 : 0;
}

async function newlineCount(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: HIGH_WATER_MARK })) {
    const buf = chunk as Buffer;
    let i = buf.indexOf(10);
    while (i !== -1) {
      lines++;
      i = buf.indexOf(10, i + 1);
    }
  }
  return lines;
}

async function fastParser(path: string): Promise<number> {
  let records = 0;
  let check = 0;
  const parser = new FastCsvParser({ delimiter: ",", columns: WANTED }, (fields) => {
    records++;
    check += (fields[1] as string).length;
  });
  for await (const chunk of createReadStream(path, { highWaterMark: HIGH_WATER_MARK })) {
    parser.push(chunk as Buffer);
  }
  parser.end();
  if (check === 0) console.error("unexpected: no gender values");
  return records;
}

async function csvParse(path: string): Promise<number> {
  let records = 0;
  const parser = createReadStream(path, { highWaterMark: HIGH_WATER_MARK }).pipe(
    parse({ delimiter: ",", bom: true, relax_column_count: true, columns: false }),
  );
  for await (const _record of parser) records++;
  return records;
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 2_000_000);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error(`bad row count: ${process.argv[2]}`);
  const dir = await mkdtemp(join(tmpdir(), "fairaudit-bench-"));
  try {
    const path = join(dir, "campaign.csv");
    await writeSyntheticCsv(path, rows);
    const { size } = await stat(path);
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")} on ${availableParallelism()} cores`,
    );
    console.log(
      `file: ${rows.toLocaleString("en")} rows + header, 12 columns, ${(size / 1e6).toFixed(1)} MB; Node ${process.version}`,
    );
    await rawRead(path); // warm the page cache
    const results = [
      await time("raw byte read", () => rawRead(path)),
      await time("newline count (Buffer.indexOf)", () => newlineCount(path)),
      await time(`FastCsvParser, ${WANTED.length} wanted columns`, () => fastParser(path)),
      ...(process.env.KEEP === undefined
        ? [await time("csv-parse, columns: false", () => csvParse(path))]
        : []),
    ];
    for (const r of results) {
      if (r.records >= 0 && r.records !== rows + 1) {
        throw new Error(`${r.name}: ${r.records} records, expected ${rows + 1}`);
      }
      const rowsPerSec = (rows + 1) / r.seconds / 1e6;
      const mbPerSec = size / r.seconds / 1e6;
      const rowsPerCpuSec = (rows + 1) / r.cpuSeconds / 1e6;
      console.log(
        `${r.name.padEnd(36)} ${r.seconds.toFixed(2).padStart(6)} s  ${rowsPerSec.toFixed(2).padStart(6)} M rows/s  ${mbPerSec.toFixed(0).padStart(5)} MB/s   (cpu ${r.cpuSeconds.toFixed(2)} s, ${rowsPerCpuSec.toFixed(2)} M rows/cpu-s)`,
      );
    }
  } finally {
    if (process.env.KEEP === undefined) await rm(dir, { recursive: true, force: true });
    else console.log(dir);
  }
}

await main();
