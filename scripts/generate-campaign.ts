/**
 * Seeded synthetic retail-bank campaign generator.
 *
 *   npx tsx scripts/generate-campaign.ts --rows 4000 --seed 42 --out fixtures/example-campaign \
 *     [--layout separate|combined] [--order sorted|shuffled]
 *
 * Writes customers.csv (+ model-output.csv for layout "separate") into --out.
 * Output is a pure function of the options: the same seed gives byte-identical
 * files. Rows are built in batches and streamed with backpressure, so memory
 * stays bounded for any row count. See fixtures/example-campaign/README.md for
 * the columns and the built-in disparities (scripts/campaign-model.ts).
 */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  CampaignModel,
  type CampaignParameters,
  CHANNELS,
  type Customer,
  DEFAULT_PARAMETERS,
  ETHNICITIES,
  GENDERS,
  newCustomer,
  Permutation,
  REGIONS,
} from "./campaign-model.js";

export type Layout = "separate" | "combined";
export type Order = "sorted" | "shuffled";

export interface GenerateCampaignOptions {
  rows: number;
  seed: number;
  /** Output directory (created if missing). */
  outDir: string;
  /** "separate" (default): customers.csv + model-output.csv; "combined": one file with score/targeted. */
  layout?: Layout;
  /**
   * "sorted" (default): rows ascending by customer_id, every customer has a model output.
   * "shuffled": model-output rows (or, in the combined layout, the customer rows) in a seeded
   * random order, and ~0.5% of customers have no model output.
   */
  order?: Order;
  /** Override the disparity knobs (defaults: DEFAULT_PARAMETERS). */
  parameters?: CampaignParameters;
  /** Size of each write in bytes (default 1 MiB). */
  chunkBytes?: number;
  /**
   * Include the e-mail column (default true): a direct identifier that no audit needs, there to
   * show the identifier warning. The benchmark leaves it out by default, as the column list of the
   * scale issue's reference file (53-byte rows) does.
   */
  email?: boolean;
}

export interface GenerateCampaignResult {
  files: string[];
  customers: number;
  modelOutputs: number;
  missingModelOutputs: number;
}

export const CUSTOMER_COLUMNS = [
  "customer_id",
  "email",
  "gender",
  "age",
  "region",
  "ethnicity",
  "channel",
  "consent",
  "converted",
  "offer_price",
] as const;
export const MODEL_OUTPUT_COLUMNS = ["customer_id", "score", "targeted"] as const;

const enc = new TextEncoder();
const bytes = (labels: readonly string[]): Uint8Array[] => labels.map((l) => enc.encode(l));
const GENDER_BYTES = bytes(GENDERS);
const REGION_BYTES = bytes(REGIONS);
const ETHNICITY_BYTES = bytes(ETHNICITIES);
const CHANNEL_BYTES = bytes(CHANNELS);
const EMAIL_SUFFIX = enc.encode("@example.invalid");
const YES = enc.encode("yes");
const NO = enc.encode("no");
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * Builds CSV text directly as UTF-8 bytes in a large buffer and hands full
 * buffers to a write stream, waiting for 'drain' when the stream is saturated.
 * Avoiding per-row strings keeps the generator fast and its memory flat.
 */
class ByteSink {
  private buf: Buffer;
  private pos = 0;
  private readonly stream: WriteStream;
  private readonly digits = new Uint8Array(20);
  private failure: Error | undefined;

  constructor(
    path: string,
    private readonly chunkBytes: number,
  ) {
    this.stream = createWriteStream(path, { highWaterMark: chunkBytes });
    this.stream.on("error", (err) => {
      this.failure = err;
    });
    this.buf = Buffer.allocUnsafe(chunkBytes + 1024);
  }

  /** True once the current chunk is full; call flush() then. */
  get full(): boolean {
    return this.pos >= this.chunkBytes;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.chunkBytes + 1024);
    this.pos = 0;
    if (!this.stream.write(chunk)) {
      await once(this.stream, "drain"); // rejects if the stream emits 'error' meanwhile
    }
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    const closed = once(this.stream, "close");
    this.stream.end();
    await closed;
    if (this.failure) throw this.failure;
  }

  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.buf[this.pos++] = text.charCodeAt(i);
  }

  raw(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** Non-negative integer in decimal. */
  uint(n: number): void {
    const d = this.digits;
    let k = 0;
    let v = n;
    do {
      const q = Math.floor(v / 10);
      d[k++] = ZERO + (v - q * 10);
      v = q;
    } while (v > 0);
    while (k > 0) this.buf[this.pos++] = d[--k] as number;
  }

  /** Integer `v` padded with leading zeros to `width` digits. */
  padded(v: number, width: number): void {
    let x = v;
    for (let i = width - 1; i >= 0; i--) {
      const q = Math.floor(x / 10);
      this.buf[this.pos + i] = ZERO + (x - q * 10);
      x = q;
    }
    this.pos += width;
  }

  /** 0..1_000_000 millionths as a 6-decimal probability. */
  score(micros: number): void {
    this.byte(micros >= 1000000 ? ZERO + 1 : ZERO);
    this.byte(DOT);
    this.padded(micros >= 1000000 ? 0 : micros, 6);
  }

  /** Euro cents as EUR with two decimals. */
  cents(c: number): void {
    const r = c % 100;
    this.uint((c - r) / 100);
    this.byte(DOT);
    this.padded(r, 2);
  }

  customer(c: Customer, email: boolean): void {
    this.uint(c.id);
    this.byte(COMMA);
    if (email) {
      this.byte(0x63); // "c"
      this.uint(c.id);
      this.raw(EMAIL_SUFFIX);
      this.byte(COMMA);
    }
    this.raw(GENDER_BYTES[c.gender] as Uint8Array);
    this.byte(COMMA);
    this.uint(c.age);
    this.byte(COMMA);
    this.raw(REGION_BYTES[c.region] as Uint8Array);
    this.byte(COMMA);
    this.raw(ETHNICITY_BYTES[c.ethnicity] as Uint8Array);
    this.byte(COMMA);
    this.raw(CHANNEL_BYTES[c.channel] as Uint8Array);
    this.byte(COMMA);
    this.raw(c.consent ? YES : NO);
    this.byte(COMMA);
    this.byte(c.converted ? ZERO + 1 : ZERO);
    this.byte(COMMA);
    this.cents(c.offerPriceCents);
  }

  /** score,targeted (without leading comma or newline). */
  modelOutput(c: Customer): void {
    this.score(c.scoreMicros);
    this.byte(COMMA);
    this.byte(c.targeted ? ZERO + 1 : ZERO);
  }
}

export async function generateCampaign(
  options: GenerateCampaignOptions,
): Promise<GenerateCampaignResult> {
  const { rows, seed, outDir } = options;
  const layout = options.layout ?? "separate";
  const order = options.order ?? "sorted";
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const email = options.email ?? true;
  const customerColumns = CUSTOMER_COLUMNS.filter((column) => email || column !== "email");
  if (!Number.isInteger(rows) || rows < 1 || rows > 0xffffffff) {
    throw new RangeError(`rows must be a positive integer, got ${rows}`);
  }
  const model = new CampaignModel(seed, options.parameters ?? DEFAULT_PARAMETERS);
  const shuffled = order === "shuffled";
  const perm = shuffled ? new Permutation(rows, seed) : undefined;
  const c = newCustomer();
  await mkdir(outDir, { recursive: true });
  const customersPath = join(outDir, "customers.csv");
  const files = [customersPath];
  let modelOutputs = 0;
  let missing = 0;

  if (layout === "combined") {
    const w = new ByteSink(customersPath, chunkBytes);
    w.ascii(`${[...customerColumns, ...MODEL_OUTPUT_COLUMNS.slice(1)].join(",")}\n`);
    for (let i = 0; i < rows; i++) {
      model.draw(perm ? perm.at(i) + 1 : i + 1, c);
      w.customer(c, email);
      w.byte(COMMA);
      if (shuffled && c.noModelOutput) {
        missing++;
        w.byte(COMMA);
      } else {
        modelOutputs++;
        w.modelOutput(c);
      }
      w.byte(NEWLINE);
      if (w.full) await w.flush();
    }
    await w.close();
  } else {
    const modelPath = join(outDir, "model-output.csv");
    files.push(modelPath);
    const wc = new ByteSink(customersPath, chunkBytes);
    const wm = new ByteSink(modelPath, chunkBytes);
    wc.ascii(`${customerColumns.join(",")}\n`);
    wm.ascii(`${MODEL_OUTPUT_COLUMNS.join(",")}\n`);
    const c2 = newCustomer();
    for (let i = 0; i < rows; i++) {
      model.draw(i + 1, c);
      wc.customer(c, email);
      wc.byte(NEWLINE);
      const m = perm ? model.draw(perm.at(i) + 1, c2, true) : c;
      if (shuffled && m.noModelOutput) {
        missing++;
      } else {
        modelOutputs++;
        wm.uint(m.id);
        wm.byte(COMMA);
        wm.modelOutput(m);
        wm.byte(NEWLINE);
      }
      if (wc.full) await wc.flush();
      if (wm.full) await wm.flush();
    }
    await Promise.all([wc.close(), wm.close()]);
  }
  return { files, customers: rows, modelOutputs, missingModelOutputs: missing };
}

const USAGE =
  "usage: tsx scripts/generate-campaign.ts --rows N --seed S --out DIR [--layout separate|combined] [--order sorted|shuffled]";

export function parseArgs(argv: readonly string[]): GenerateCampaignOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") throw new Error(USAGE);
    const eq = arg.indexOf("=");
    const [name, value] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, argv[++i]];
    if (
      !["--rows", "--seed", "--out", "--layout", "--order"].includes(name) ||
      value === undefined
    ) {
      throw new Error(`unknown or incomplete option ${arg}\n${USAGE}`);
    }
    values.set(name.slice(2), value);
  }
  const int = (name: string): number => {
    const v = values.get(name);
    if (v === undefined || !/^\d+$/.test(v))
      throw new Error(`--${name} must be a non-negative integer\n${USAGE}`);
    return Number(v);
  };
  const out = values.get("out");
  if (out === undefined) throw new Error(`--out is required\n${USAGE}`);
  const layout = values.get("layout") ?? "separate";
  const order = values.get("order") ?? "sorted";
  if (layout !== "separate" && layout !== "combined")
    throw new Error(`bad --layout ${layout}\n${USAGE}`);
  if (order !== "sorted" && order !== "shuffled") throw new Error(`bad --order ${order}\n${USAGE}`);
  return { rows: int("rows"), seed: int("seed"), outDir: resolve(out), layout, order };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const result = await generateCampaign(options);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `wrote ${result.files.join(", ")}: ${result.customers} customers, ${result.modelOutputs} model outputs ` +
      `(${result.missingModelOutputs} missing) in ${seconds.toFixed(2)} s ` +
      `(${Math.round(result.customers / seconds).toLocaleString("en-US")} rows/s)\n`,
  );
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
