import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

const CONFIG = "fixtures/example-campaign/audit.yml";

describe("fairaudit sql", () => {
  it.each(["postgres", "duckdb", "bigquery", "spark"])(
    "prints both queries for %s",
    async (dialect) => {
      const run = await runCli(["sql", "--config", CONFIG, "--dialect", dialect]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("-- 1. cells");
      expect(run.stdout).toContain("-- 2. exact price histogram");
      expect(run.stdout).toContain("FULL OUTER JOIN");
      const quoted =
        dialect === "bigquery" || dialect === "spark" ? "`model-output`" : '"model-output"';
      expect(run.stdout).toContain(quoted);
    },
  );

  it("names the tables and prints one part", async () => {
    const run = await runCli([
      "sql",
      "--config",
      CONFIG,
      "--dialect",
      "postgres",
      "--table",
      "crm.customers",
      "--predictions-table",
      "crm.scores",
      "--part",
      "prices",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"crm"."customers"');
    expect(run.stdout).toContain('"crm"."scores"');
    expect(run.stdout).not.toContain("-- 1.");
    expect(run.stdout).toContain("COUNT(*) AS count");
  });

  it("exit 2 for an unknown dialect", async () => {
    const run = await runCli(["sql", "--config", CONFIG, "--dialect", "oracle"]);
    expect(run.code).toBe(2);
  });

  it("exit 2 when an attribute takes the name of an aggregates column", async () => {
    const t = tempFiles({
      "a.yml": "data: d.csv\nprotected: [{column: s, name: status}]\ndecision: d\n",
    });
    const run = await runCli(["sql", "--config", t.path("a.yml"), "--dialect", "duckdb"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("aggregates column");
  });
});

const HEADER = "status,g,n,selected,tp,fp,tn,fn";
const ARGS = ["--protected", "g", "--decision", "d", "--label", "y", "--min-group-size", "1"];

async function auditFrom(files: Record<string, string>, extra: string[] = []) {
  const t = tempFiles(files);
  return runCli(["audit", ...ARGS, ...extra, "--aggregates", ...Object.keys(files).map(t.path)]);
}

describe("fairaudit audit --aggregates", () => {
  it("--verbose times its stages: reading the aggregates, the statistics, the reports", async () => {
    const run = await auditFrom(
      { "cells.csv": `${HEADER}\naudited,A,100,50,40,10,30,20\naudited,B,100,45,35,10,35,20\n` },
      ["--quiet", "--verbose"],
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^fairaudit: time: data \d+\.\d\d s, statistics \d+\.\d\d s, reports \d+\.\d\d s\n$/,
    );
  });

  it("audits from a cells file and reports the exclusions it counts", async () => {
    const run = await auditFrom(
      {
        "cells.csv": `${HEADER}\naudited,A,100,50,40,10,30,20\naudited,B,100,45,35,10,35,20\nmissing_label,,7,0,0,0,0,0\n`,
      },
      ["--format", "json"],
    );
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout);
    expect(result.inputs.rows).toEqual({
      read: 207,
      outsideSegment: 0,
      excluded: {
        no_consent: 0,
        no_model_output: 0,
        missing_label: 7,
        missing_decision: 0,
        missing_score: 0,
      },
      audited: 200,
    });
    expect(result.attributes[0].groups.map((g: { n: number }) => g.n)).toEqual([100, 100]);
  });

  it("shards merge: two files equal their sum", async () => {
    const whole = await auditFrom(
      { "all.csv": `${HEADER}\naudited,A,100,50,40,10,30,20\naudited,B,100,45,35,10,35,20\n` },
      ["--format", "json"],
    );
    const split = await auditFrom(
      {
        "one.csv": `${HEADER}\naudited,A,60,30,25,5,20,10\naudited,B,100,45,35,10,35,20\n`,
        "two.json": JSON.stringify([
          { status: "audited", g: "A", n: "40", selected: 20, tp: 15, fp: 5, tn: 10, fn: 10 },
        ]),
      },
      ["--format", "json"],
    );
    const strip = (s: string) => {
      const r = JSON.parse(s);
      r.inputs.files = [];
      r.inputs.columnsRead = [];
      // the run's time, and a config hash that names the (different) input files
      r.run = undefined;
      return r;
    };
    expect(strip(split.stdout)).toEqual(strip(whole.stdout));
  });

  it.each([
    [
      "a count that is not a whole number",
      `${HEADER}\naudited,A,1.5,0,0,0,0,0\n`,
      "line 2, column 3 (n)",
    ],
    ["an unknown status", `${HEADER}\nsomething,A,1,0,0,0,1,0\n`, "line 2, column 1 (status)"],
    ["an unknown column", `${HEADER},extra\naudited,A,1,0,0,0,1,0,1\n`, 'unknown column "extra"'],
    [
      "a missing attribute column",
      "status,n,selected,tp,fp,tn,fn\naudited,1,0,0,0,1,0\n",
      'no column "g"',
    ],
    ["counts that do not add up", `${HEADER}\naudited,A,5,1,1,0,1,1\n`, "inconsistent counts"],
    [
      "rows the loader refuses",
      `${HEADER}\naudited,A,2,1,1,0,1,0\ninvalid_label,,3,0,0,0,0,0\n`,
      "invalid_label",
    ],
    ["a ragged row", `${HEADER}\naudited,A,1\n`, "line 2"],
  ])("exit 2 for %s, naming the place", async (_what, text, where) => {
    const run = await auditFrom({ "cells.csv": text });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(where);
    expect(run.stderr).toContain("cells.csv");
  });

  it("exit 2 when the price histogram does not match the cells", async () => {
    const t = tempFiles({
      "cells.csv":
        "status,g,n,selected,price_count,price_mean,price_m2,price_min,price_max,missing_price,unparseable_price,negative_price\naudited,A,3,1,3,2,2,1,3,0,0,0\n",
      "prices.csv": "g,price,count\nA,1,1\nA,3,1\n",
    });
    const run = await runCli([
      "audit",
      "--protected",
      "g",
      "--decision",
      "d",
      "--price",
      "p",
      "--aggregates",
      t.path("cells.csv"),
      t.path("prices.csv"),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("counts 2 prices, the cells 3");
  });

  it("without a histogram the price moments still serve, the median is null", async () => {
    const t = tempFiles({
      "cells.csv":
        "status,g,n,selected,price_count,price_mean,price_m2,price_min,price_max,missing_price,unparseable_price,negative_price\naudited,A,40,10,30,2,29,1,3,10,0,0\n",
    });
    const run = await runCli([
      "audit",
      "--protected",
      "g",
      "--price",
      "p",
      "--format",
      "json",
      "--aggregates",
      t.path("cells.csv"),
    ]);
    expect(run.stderr).toBe("");
    const price = JSON.parse(run.stdout).attributes[0].groups[0].price;
    // 40 rows: above the small-cell suppression threshold, so the statistics are published
    expect(price).toMatchObject({ count: 30, missing: 10, mean: 2, median: null, sd: 1 });
  });
});
