import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { readCsvHeader } from "../../src/io/csv-file.js";
import type { DialectId } from "../../src/warehouse/dialect.js";

/** A database the tests load CSV files into and run the emitted SQL on. */
export interface Engine {
  readonly dialect: DialectId;
  /** loads a CSV file as a table; every column as text unless `typed` (the engine's own types) */
  load(table: string, csvPath: string, typed?: boolean): Promise<void>;
  /** runs a query and saves its result the way a user would export it */
  export(sql: string, file: string, format: "csv" | "json"): Promise<void>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

export async function duckdbEngine(): Promise<Engine> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    dialect: "duckdb",
    async load(table, csvPath, typed = false) {
      await connection.run(
        `CREATE OR REPLACE TABLE ${quote(table)} AS SELECT * FROM read_csv(${literal(csvPath)}, header = true${typed ? "" : ", all_varchar = true"})`,
      );
    },
    async export(sql, file, format) {
      const options = format === "csv" ? "FORMAT csv, HEADER true" : "FORMAT json, ARRAY true";
      await connection.run(`COPY (${sql}) TO ${literal(file)} (${options})`);
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite, a dev dependency): the real PostgreSQL parser,
 * planner and executor in this process, so the SQL tests need no server. CSV goes in and out
 * through COPY, as with a server.
 */
export async function pgliteEngine(): Promise<Engine> {
  const db = await PGlite.create();
  return {
    dialect: "postgres",
    async load(table, csvPath) {
      const header = await readCsvHeader(csvPath);
      await db.exec(`DROP TABLE IF EXISTS ${quote(table)}`);
      await db.exec(
        `CREATE TABLE ${quote(table)} (${header.columns.map((c) => `${quote(c)} TEXT`).join(", ")})`,
      );
      await db.query(
        `COPY ${quote(table)} FROM '/dev/blob' WITH (FORMAT csv, HEADER true, DELIMITER ${literal(header.delimiter)})`,
        [],
        { blob: new Blob([readFileSync(csvPath)]) },
      );
    },
    async export(sql, file, format) {
      if (format === "csv") {
        const result = await db.query(
          `COPY (${sql}) TO '/dev/blob' WITH (FORMAT csv, HEADER true)`,
        );
        if (result.blob === undefined) throw new Error("PGlite returned no COPY output");
        writeFileSync(file, Buffer.from(await result.blob.arrayBuffer()));
      } else {
        const result = await db.query(sql);
        writeFileSync(file, JSON.stringify(result.rows));
      }
    },
    async close() {
      await db.close();
    },
  };
}

/**
 * A PostgreSQL server (FAIRAUDIT_PG_URL: .ci/run's Debian server, with its own settings) through
 * the `pg` client; CSV goes in and out through psql's COPY, as a user would.
 */
export async function postgresEngine(url: string): Promise<Engine> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const psql = (command: string) =>
    execFileSync("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", command], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
  return {
    dialect: "postgres",
    async load(table, csvPath) {
      const header = await readCsvHeader(csvPath);
      await client.query(`DROP TABLE IF EXISTS ${quote(table)}`);
      await client.query(
        `CREATE TABLE ${quote(table)} (${header.columns.map((c) => `${quote(c)} TEXT`).join(", ")})`,
      );
      psql(
        `\\copy ${quote(table)} FROM ${literal(csvPath)} WITH (FORMAT csv, HEADER true, DELIMITER ${literal(header.delimiter)})`,
      );
    },
    async export(sql, file, format) {
      if (format === "csv") {
        writeFileSync(file, psql(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
      } else {
        const result = await client.query(sql);
        writeFileSync(file, JSON.stringify(result.rows));
      }
    },
    async close() {
      await client.end();
    },
  };
}
