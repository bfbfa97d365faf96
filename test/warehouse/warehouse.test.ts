import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit, runAuditFromAggregates } from "../../src/audit.js";
import { buildAggregateQueries } from "../../src/warehouse/build-query.js";
import { DIALECTS } from "../../src/warehouse/dialect.js";
import { compareResults } from "./compare-results.js";
import { duckdbEngine, type Engine, pgliteEngine } from "./engines.js";
import { CASES, type Case, dir, GERMAN, planOf, sqlPathEqualsRowPath, TABLES } from "./sql-path.js";

sqlPathEqualsRowPath("DuckDB", duckdbEngine);
sqlPathEqualsRowPath("PostgreSQL (PGlite)", pgliteEngine);

describe("DuckDB: typed columns and shards", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await duckdbEngine();
  });
  afterAll(() => engine.close());

  it.each([CASES[0], CASES[2], CASES[4]] as Case[])(
    "columns loaded with DuckDB's own types give the same audit: $name",
    async (c) => {
      for (const table of [c.tables.data, c.tables.predictions]) {
        if (table !== undefined) await engine.load(table, TABLES[table] as string, true);
      }
      const plan = await planOf(c);
      const queries = buildAggregateQueries(plan.load, DIALECTS.duckdb, c.tables);
      const stem = join(dir, `typed-${CASES.indexOf(c)}`);
      await engine.export(queries.cells, `${stem}-cells.json`, "json");
      const files = [`${stem}-cells.json`];
      if (queries.prices !== null) {
        await engine.export(queries.prices, `${stem}-prices.csv`, "csv");
        files.push(`${stem}-prices.csv`);
      }
      const deviation = compareResults(
        await runAudit(plan),
        await runAuditFromAggregates(plan, files),
      );
      expect(deviation.mismatches).toEqual([]);
    },
  );

  it("aggregates of shards merge into the audit of the whole file", async () => {
    const c = CASES[2] as Case;
    const [header, ...lines] = readFileSync(GERMAN, "utf8").trimEnd().split("\n");
    const files: string[] = [];
    const plan = await planOf(c);
    for (let shard = 0; shard < 3; shard++) {
      const path = join(dir, `german-shard-${shard}.csv`);
      writeFileSync(path, `${header}\n${lines.filter((_, i) => i % 3 === shard).join("\n")}\n`);
      await engine.load("german_shard", path);
      const queries = buildAggregateQueries(plan.load, DIALECTS.duckdb, { data: "german_shard" });
      await engine.export(queries.cells, join(dir, `shard-${shard}-cells.csv`), "csv");
      await engine.export(queries.prices as string, join(dir, `shard-${shard}-prices.csv`), "csv");
      files.push(join(dir, `shard-${shard}-cells.csv`), join(dir, `shard-${shard}-prices.csv`));
    }
    const deviation = compareResults(
      await runAudit(plan),
      await runAuditFromAggregates(plan, files),
    );
    expect(deviation.mismatches).toEqual([]);
  });
});
