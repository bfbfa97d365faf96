import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit, runAuditFromAggregates } from "../../src/audit.js";
import { loadConfigFile, mergeConfig, type PartialConfig } from "../../src/config/load-config.js";
import { loadPolicy } from "../../src/config/load-policy.js";
import { type AuditPlan, resolvePlan } from "../../src/config/resolve-plan.js";
import { buildAggregateQueries, type SqlTables } from "../../src/warehouse/build-query.js";
import { DIALECTS } from "../../src/warehouse/dialect.js";
import { compareResults } from "./compare-results.js";
import type { Engine } from "./engines.js";

const COMPAS = resolve("fixtures/real/compas_for_aequitas.csv");
export const GERMAN = resolve("fixtures/real/german_credit.csv");
const CUSTOMERS = resolve("fixtures/example-campaign/customers.csv");
const MODEL_OUTPUT = resolve("fixtures/example-campaign/model-output.csv");

/** The same data in every engine, as text columns (the loader's view). */
export const TABLES: Record<string, string> = {
  compas: COMPAS,
  german: GERMAN,
  customers: CUSTOMERS,
  model_output: MODEL_OUTPUT,
};

export interface Case {
  name: string;
  config: () => Promise<PartialConfig>;
  tables: SqlTables;
}

export const CASES: Case[] = [
  {
    name: "COMPAS: decision column spelled 1.0/0.0, intersection, adverse decision",
    tables: { data: "compas" },
    config: async () => ({
      data: COMPAS,
      protected: ["race", "sex", "age_cat"],
      intersect: true,
      label: "label_value",
      decision: "score",
      decisionMeaning: "adverse",
    }),
  },
  {
    name: "COMPAS: top-k with ties at the cut-off, mapped groups",
    tables: { data: "compas" },
    config: async () => ({
      data: COMPAS,
      protected: ["race", { column: "sex", map: { Male: "M", Female: "F" } }],
      label: "label_value",
      score: "score",
      topK: 1000,
    }),
  },
  {
    name: "German credit: bins, segment, score threshold, price",
    tables: { data: "german" },
    config: async () => ({
      data: GERMAN,
      protected: [
        "sex",
        { column: "age", name: "age_group", bins: [25, 35, 50] },
        "foreign_worker",
      ],
      intersections: [["sex", "age_group"]],
      label: "credit_good",
      score: "duration_months",
      threshold: 24,
      decisionMeaning: "adverse",
      price: "credit_amount",
      where: { housing: "A152" },
      minGroupSize: 20,
    }),
  },
  {
    name: "German credit: top-percent, positive label value",
    tables: { data: "german" },
    config: async () => ({
      data: GERMAN,
      protected: ["personal_status_sex", "age_band"],
      label: "class",
      positive: "1",
      score: "credit_amount",
      topPercent: 25,
    }),
  },
  {
    name: "example campaign: join to the model output, bins, price (its audit.yml)",
    tables: { data: "customers", predictions: "model_output" },
    // Aggregates carry no regression moments: the adjusted price gap is a row-path feature.
    config: async () => {
      const { priceFactors: _factors, ...config } = await loadConfigFile(
        resolve("fixtures/example-campaign/audit.yml"),
      );
      return config;
    },
  },
  {
    name: "example campaign: joined score, top-percent, segment, price only where usable",
    tables: { data: "customers", predictions: "model_output" },
    config: async () => ({
      data: CUSTOMERS,
      predictions: MODEL_OUTPUT,
      id: "customer_id",
      protected: ["gender", "region", "ethnicity"],
      label: "converted",
      score: "score",
      topPercent: 20,
      price: "offer_price",
      where: { channel: "email" },
    }),
  },
];

export async function planOf(c: Case): Promise<AuditPlan> {
  const config = mergeConfig(undefined, await c.config(), "test");
  return resolvePlan(config, await loadPolicy(config.policy));
}

export const dir = mkdtempSync(join(tmpdir(), "fairaudit-sql-"));

/**
 * Defines the suite for one engine: load the tables, then for every case the SQL path's audit
 * must equal the row path's. Used here for DuckDB and PGlite, and by server.pg-test.ts for a
 * PostgreSQL server (.ci/run's second tier).
 */
export function sqlPathEqualsRowPath(name: string, open: () => Promise<Engine>): void {
  describe(`${name}: the SQL path equals the row path`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await open();
      for (const [table, path] of Object.entries(TABLES)) await engine.load(table, path);
    });
    afterAll(() => engine.close());

    it.each(CASES)("$name", async (c) => {
      const plan = await planOf(c);
      const rowResult = await runAudit(plan);
      const queries = buildAggregateQueries(plan.load, DIALECTS[engine.dialect], c.tables);
      const stem = join(dir, `${name}-${CASES.indexOf(c)}`);
      const files = [`${stem}-cells.csv`];
      await engine.export(queries.cells, `${stem}-cells.csv`, "csv");
      if (queries.prices !== null) {
        await engine.export(queries.prices, `${stem}-prices.json`, "json");
        files.push(`${stem}-prices.json`);
      }
      const sqlResult = await runAuditFromAggregates(plan, files);

      const deviation = compareResults(rowResult, sqlResult);
      expect(deviation.mismatches).toEqual([]);
      expect(sqlResult.inputs.rows).toEqual(rowResult.inputs.rows);
      expect(sqlResult.verdict).toBe(rowResult.verdict);
      expect(sqlResult.findings.length).toBeGreaterThan(0);
    });
  });
}
