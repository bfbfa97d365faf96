/**
 * Campaign files shaped like real offer data rather than like the benchmark's own generator:
 * continuous, right-skewed prices (log-normal, group-dependent) at cent or 4-decimal precision,
 * or insurance charges resampled from a real dataset; string customer ids; several protected
 * attributes; the model output optionally in a second, shuffled file.
 *
 *   npx tsx scripts/generate-real-shaped.ts --rows 2000000 --prices cents|decimal4|insurance \
 *     [--ids string|int] [--layout one|shuffled] [--seed 11] --out DIR
 *
 * Writes DIR/customers.csv (and DIR/model-output.csv for --layout shuffled). Output is a pure
 * function of the options. Nothing here was tuned to the audit's data structures: the price
 * distribution is a log-normal with a per-group location (or the resampled real charges with a
 * ±5% multiplicative jitter), which is what makes every price nearly distinct.
 */
import { once } from "node:events";
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export type PriceShape = "cents" | "decimal4" | "insurance";
export type IdShape = "string" | "int";
export type RealLayout = "one" | "shuffled";

export interface RealShapedOptions {
  rows: number;
  prices: PriceShape;
  ids: IdShape;
  layout: RealLayout;
  seed: number;
  outDir: string;
  /** the insurance dataset for --prices insurance */
  insurance?: string;
}

/** mulberry32: small, seeded, good enough for synthetic data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  const a = u() || 1e-12;
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

function pick<T>(u: () => number, values: readonly T[], cdf: readonly number[]): T {
  const x = u();
  for (let i = 0; i < cdf.length; i++) if (x < (cdf[i] as number)) return values[i] as T;
  return values[values.length - 1] as T;
}

const GENDERS = ["female", "male", "diverse", ""];
const GENDER_CDF = [0.5, 0.975, 0.99, 1];
const REGIONS = ["north", "south", "east", "west", "centre", "coast", "alps", "capital"];
const REGION_CDF = [0.12, 0.27, 0.37, 0.52, 0.66, 0.76, 0.82, 1];
const AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];
const AGE_CDF = [0.1, 0.28, 0.47, 0.66, 0.84, 1];
const CHANNELS = ["email", "app", "web", "branch", "phone"];
const CHANNEL_CDF = [0.3, 0.55, 0.8, 0.93, 1];

interface Insurance {
  sex: string;
  region: string;
  smoker: string;
  age: number;
  charges: number;
}

function readInsurance(path: string): Insurance[] {
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const [age, sex, , , smoker, region, charges] = line.split(",");
    return {
      age: Number(age),
      sex: sex ?? "",
      region: region ?? "",
      smoker: smoker ?? "",
      charges: Number(charges),
    };
  });
}

function ageBand(age: number): string {
  return age < 25
    ? "18-24"
    : age < 35
      ? "25-34"
      : age < 45
        ? "35-44"
        : age < 55
          ? "45-54"
          : age < 65
            ? "55-64"
            : "65+";
}

/** A string id like the exports of CRM systems: prefix, zero-padded number, check letter. */
function stringId(i: number): string {
  const n = (Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(36).padStart(7, "0");
  return `CUST-${n}-${String.fromCharCode(65 + (i % 26))}${i}`;
}

class Sink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly stream: WriteStream) {}
  async write(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const ok = this.stream.write(this.parts.join(""));
    this.parts = [];
    this.size = 0;
    if (!ok) await once(this.stream, "drain");
  }
  async close(): Promise<void> {
    await this.flush();
    const closed = once(this.stream, "close");
    this.stream.end();
    await closed;
  }
}

export async function generateRealShaped(o: RealShapedOptions): Promise<string[]> {
  await mkdir(o.outDir, { recursive: true });
  const u = rng(o.seed);
  const insurance =
    o.prices === "insurance"
      ? readInsurance(o.insurance ?? "/work/shared/datasets/insurance.csv")
      : [];
  const customers = join(o.outDir, "customers.csv");
  const data = new Sink(createWriteStream(customers));
  const separate = o.layout === "shuffled";
  const attributes =
    o.prices === "insurance" ? "sex,region,smoker,age_band" : "gender,region,age_band,channel";
  await data.write(
    `customer_id,${attributes},converted,offer_price${separate ? "" : ",score,decision"}\n`,
  );
  const scores = separate ? new Float64Array(o.rows) : null;
  const digits = o.prices === "decimal4" ? 4 : 2;
  for (let i = 0; i < o.rows; i++) {
    const id = o.ids === "string" ? stringId(i) : String(i + 1);
    let groups: string;
    let price: number;
    let lift: number;
    if (o.prices === "insurance") {
      const r = insurance[Math.floor(u() * insurance.length)] as Insurance;
      groups = `${r.sex},${r.region},${r.smoker},${ageBand(r.age)}`;
      price = r.charges * Math.exp(0.05 * normal(u));
      lift = r.smoker === "yes" ? -0.1 : 0.05;
    } else {
      const gender = pick(u, GENDERS, GENDER_CDF);
      const region = pick(u, REGIONS, REGION_CDF);
      const age = pick(u, AGE_BANDS, AGE_CDF);
      const channel = pick(u, CHANNELS, CHANNEL_CDF);
      groups = `${gender},${region},${age},${channel}`;
      // Log-normal offer price (median about 240, long right tail), shifted by group.
      const location =
        5.3 +
        (gender === "female" ? 0.04 : 0) +
        0.03 * AGE_BANDS.indexOf(age) +
        (region === "capital" ? 0.1 : 0);
      price = Math.exp(location + 0.6 * normal(u));
      lift = (gender === "female" ? -0.03 : 0) + (age === "65+" ? -0.05 : 0);
    }
    const converted = u() < 0.12 + lift * 0.5 ? 1 : 0;
    const score = Math.min(1, Math.max(0, 0.35 + lift + 0.3 * converted + 0.2 * normal(u)));
    const priceText = u() < 0.01 ? "" : price.toFixed(digits);
    if (scores) scores[i] = score;
    await data.write(
      `${id},${groups},${converted},${priceText}${separate ? "" : `,${score.toFixed(4)},${score >= 0.5 ? 1 : 0}`}\n`,
    );
  }
  await data.close();
  if (!scores) return [customers];

  // The model output in a seeded random order (Fisher–Yates over row numbers).
  const order = new Int32Array(o.rows);
  for (let i = 0; i < o.rows; i++) order[i] = i;
  for (let i = o.rows - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const model = join(o.outDir, "model-output.csv");
  const out = new Sink(createWriteStream(model));
  await out.write("customer_id,score,decision\n");
  for (let k = 0; k < o.rows; k++) {
    const i = order[k] as number;
    const s = scores[i] as number;
    const id = o.ids === "string" ? stringId(i) : String(i + 1);
    await out.write(`${id},${s.toFixed(4)},${s >= 0.5 ? 1 : 0}\n`);
  }
  await out.close();
  return [customers, model];
}

function parse(argv: readonly string[]): RealShapedOptions {
  const o: RealShapedOptions = {
    rows: 2_000_000,
    prices: "cents",
    ids: "string",
    layout: "one",
    seed: 11,
    outDir: "bench-data/real",
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1] ?? "";
    if (key === "--rows") o.rows = Number(value);
    else if (key === "--prices") o.prices = value as PriceShape;
    else if (key === "--ids") o.ids = value as IdShape;
    else if (key === "--layout") o.layout = value as RealLayout;
    else if (key === "--seed") o.seed = Number(value);
    else if (key === "--out") o.outDir = resolve(value);
    else if (key === "--insurance") o.insurance = value;
    else throw new Error(`unknown option ${key}`);
  }
  return o;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const files = await generateRealShaped(parse(process.argv.slice(2)));
  console.log(files.join("\n"));
}
