import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Permutation } from "../../scripts/campaign-model.js";
import {
  CUSTOMER_COLUMNS,
  generateCampaign,
  MODEL_OUTPUT_COLUMNS,
  parseArgs,
} from "../../scripts/generate-campaign.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fairaudit-gen-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = async (path: string): Promise<string> =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

async function lines(path: string): Promise<string[]> {
  const text = await readFile(path, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.slice(0, -1).split("\n");
}

describe("generateCampaign", () => {
  it("is byte-identical for the same seed and differs for another seed", async () => {
    const a = join(dir, "a");
    const b = join(dir, "b");
    const c = join(dir, "c");
    await generateCampaign({ rows: 3000, seed: 7, outDir: a, order: "shuffled" });
    await generateCampaign({ rows: 3000, seed: 7, outDir: b, order: "shuffled", chunkBytes: 4096 });
    await generateCampaign({ rows: 3000, seed: 8, outDir: c, order: "shuffled" });
    for (const f of ["customers.csv", "model-output.csv"]) {
      expect(await sha(join(a, f))).toBe(await sha(join(b, f)));
      expect(await sha(join(a, f))).not.toBe(await sha(join(c, f)));
    }
  });

  it("leaves the e-mail column out on request, and nothing else changes", async () => {
    const withEmail = join(dir, "with-email");
    const without = join(dir, "without-email");
    await generateCampaign({ rows: 500, seed: 3, outDir: withEmail, layout: "combined" });
    await generateCampaign({
      rows: 500,
      seed: 3,
      outDir: without,
      layout: "combined",
      email: false,
    });
    const a = await lines(join(withEmail, "customers.csv"));
    const b = await lines(join(without, "customers.csv"));
    expect(b[0]).toBe(
      "customer_id,gender,age,region,ethnicity,channel,consent,converted,offer_price,score,targeted",
    );
    expect(b.slice(1)).toEqual(a.slice(1).map((line) => line.replace(/^(\d+),[^,]*,/, "$1,")));
  });

  it("writes the documented header and one row per customer (sorted, separate)", async () => {
    const out = join(dir, "sorted");
    const res = await generateCampaign({ rows: 2500, seed: 1, outDir: out });
    expect(res).toMatchObject({ customers: 2500, modelOutputs: 2500, missingModelOutputs: 0 });
    const cust = await lines(join(out, "customers.csv"));
    const model = await lines(join(out, "model-output.csv"));
    expect(cust[0]).toBe(
      "customer_id,email,gender,age,region,ethnicity,channel,consent,converted,offer_price",
    );
    expect(cust[0]).toBe(CUSTOMER_COLUMNS.join(","));
    expect(model[0]).toBe("customer_id,score,targeted");
    expect(model[0]).toBe(MODEL_OUTPUT_COLUMNS.join(","));
    expect(cust).toHaveLength(2501);
    expect(model).toHaveLength(2501);
    const row =
      /^(\d+),c(\d+)@example\.invalid,(Female|Male|Non-binary|),(\d+),(Nord|Süd|Ost|West),(German|Eastern European|Turkish|Other|),(email|app|web|branch),(yes|no),([01]),(\d+\.\d\d)$/;
    cust.slice(1).forEach((line, i) => {
      const m = row.exec(line);
      expect(m, line).not.toBeNull();
      expect(Number(m?.[1])).toBe(i + 1);
      expect(m?.[2]).toBe(m?.[1]);
      const age = Number(m?.[4]);
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(90);
      const price = Number(m?.[10]);
      expect(price).toBeGreaterThanOrEqual(4.9);
      expect(price).toBeLessThanOrEqual(19.9);
    });
    model.slice(1).forEach((line, i) => {
      const [id, score, targeted] = line.split(",");
      expect(Number(id)).toBe(i + 1);
      expect(score).toMatch(/^[01]\.\d{6}$/);
      expect(targeted).toBe(Number(score) >= 0.5 ? "1" : "0");
    });
  });

  it("shuffled order: seeded permutation with ~0.5% customers lacking a model output", async () => {
    const out = join(dir, "shuffled");
    const sorted = join(dir, "sorted-20k");
    const rows = 20000;
    const res = await generateCampaign({ rows, seed: 3, outDir: out, order: "shuffled" });
    await generateCampaign({ rows, seed: 3, outDir: sorted });
    const model = (await lines(join(out, "model-output.csv"))).slice(1);
    expect(model).toHaveLength(res.modelOutputs);
    expect(res.modelOutputs + res.missingModelOutputs).toBe(rows);
    // 0.5% of 20,000 = 100; binomial SD ≈ 10, so 60..140 is a 4-SD band.
    expect(res.missingModelOutputs).toBeGreaterThanOrEqual(60);
    expect(res.missingModelOutputs).toBeLessThanOrEqual(140);
    const ids = model.map((l) => Number(l.split(",")[0]));
    expect(new Set(ids).size).toBe(ids.length);
    const ascending = ids.every((v, i) => i === 0 || v > (ids[i - 1] as number));
    expect(ascending).toBe(false);
    // Customers (and each customer's score) do not depend on the order.
    expect(await sha(join(out, "customers.csv"))).toBe(await sha(join(sorted, "customers.csv")));
    const sortedScores = new Map(
      (await lines(join(sorted, "model-output.csv")))
        .slice(1)
        .map((l) => [l.split(",")[0], l] as const),
    );
    for (const l of model) expect(sortedScores.get(l.split(",")[0] ?? "")).toBe(l);
  });

  it("combined layout puts score and targeted on the customer rows", async () => {
    const out = join(dir, "combined");
    const res = await generateCampaign({
      rows: 2000,
      seed: 5,
      outDir: out,
      layout: "combined",
      order: "shuffled",
    });
    expect(res.files).toHaveLength(1);
    const rows = await lines(join(out, "customers.csv"));
    expect(rows[0]).toBe(`${CUSTOMER_COLUMNS.join(",")},score,targeted`);
    expect(rows).toHaveLength(2001);
    const empty = rows.slice(1).filter((l) => l.endsWith(",,")).length;
    expect(empty).toBe(res.missingModelOutputs);
  });

  it("realises the 60+ selection-rate ratio within tolerance of its 0.86 target (20k rows)", async () => {
    // Target: ageMultiplier 60+ / 30-59 = 0.86. With 20,000 rows (≈5,600 aged 60+,
    // ≈10,800 aged 30-59, selection ≈0.35-0.40) the ratio's SD is ≈0.02; the
    // documented tolerance is ±0.05 (2.5 SD).
    const out = join(dir, "ratio");
    await generateCampaign({ rows: 20000, seed: 42, outDir: out });
    const cust = (await lines(join(out, "customers.csv"))).slice(1);
    const model = (await lines(join(out, "model-output.csv"))).slice(1);
    const sel = { young: [0, 0], mid: [0, 0], old: [0, 0] };
    cust.forEach((line, i) => {
      const age = Number(line.split(",")[3]);
      const targeted = model[i]?.endsWith(",1") ? 1 : 0;
      const g = age >= 60 ? sel.old : age >= 30 ? sel.mid : sel.young;
      g[0] = (g[0] as number) + 1;
      g[1] = (g[1] as number) + targeted;
    });
    const rate = (g: number[]): number => (g[1] as number) / (g[0] as number);
    expect(Math.abs(rate(sel.old) / rate(sel.mid) - 0.86)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(rate(sel.young) / rate(sel.mid) - 1)).toBeLessThanOrEqual(0.06);
    // Age shares: under 30 ≈18%, 60+ ≈28%.
    expect(Math.abs((sel.young[0] as number) / 20000 - 0.18)).toBeLessThan(0.015);
    expect(Math.abs((sel.old[0] as number) / 20000 - 0.28)).toBeLessThan(0.015);
  });
});

describe("Permutation", () => {
  it("is a bijection on [0, n) for awkward sizes", () => {
    for (const n of [1, 2, 3, 17, 1000, 4097]) {
      const p = new Permutation(n, 9);
      const seen = new Uint8Array(n);
      for (let i = 0; i < n; i++) seen[p.at(i)] = 1;
      expect(seen.every((v) => v === 1)).toBe(true);
    }
  });
});

describe("parseArgs", () => {
  it("accepts the documented CLI", () => {
    const o = parseArgs([
      "--rows",
      "10",
      "--seed=3",
      "--out",
      "x",
      "--layout",
      "combined",
      "--order",
      "shuffled",
    ]);
    expect(o).toMatchObject({ rows: 10, seed: 3, layout: "combined", order: "shuffled" });
    expect(() => parseArgs(["--rows", "10", "--seed", "3"])).toThrow(/--out/);
    expect(() => parseArgs(["--rows", "ten", "--seed", "3", "--out", "x"])).toThrow(/--rows/);
    expect(() => parseArgs(["--bogus", "1"])).toThrow(/unknown/);
  });
});
