import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

/**
 * The aggregates path (`--aggregates`, docs/aggregates.md) must refuse or group whatever the row
 * path refuses or groups: the same campaign given as rows and as cells gives the same outcome.
 */
const ARGS = ["--protected", "g", "--decision", "d", "--label", "y", "--min-group-size", "1"];
const HEADER = "status,g,n,selected,tp,fp,tn,fn";

/** Rows: `count` copies of one (g, d, y) line. */
function rows(spec: [string, string, string, number][]): string {
  const lines = ["g,d,y"];
  for (const [g, d, y, count] of spec) for (let i = 0; i < count; i++) lines.push(`${g},${d},${y}`);
  return `${lines.join("\n")}\n`;
}

async function both(data: string, cells: Record<string, string>, extra: string[] = []) {
  const t = tempFiles({ "data.csv": data, ...cells });
  const fromRows = await runCli(["audit", t.path("data.csv"), ...ARGS, ...extra]);
  const fromCells = await runCli([
    "audit",
    ...ARGS,
    ...extra,
    "--aggregates",
    ...Object.keys(cells).map(t.path),
  ]);
  return { fromRows, fromCells };
}

describe("aggregates input, as the row path", () => {
  it("refuses more exclusions than maxExcludedShare (exit 2), with the same words", async () => {
    // 100 audited rows (A: 30 selected, 20 of them converted; 20 not selected, 10 converted;
    // B alike), and 12 with no label: 12 of 112 = 10.7% > 5%.
    const data = rows([
      ["A", "1", "1", 20],
      ["A", "1", "0", 10],
      ["A", "0", "1", 10],
      ["A", "0", "0", 10],
      ["B", "1", "1", 20],
      ["B", "1", "0", 10],
      ["B", "0", "1", 10],
      ["B", "0", "0", 10],
      ["A", "1", "", 12],
    ]);
    const cells = `${HEADER}\naudited,A,50,30,20,10,10,10\naudited,B,50,30,20,10,10,10\nmissing_label,,12,0,0,0,0,0\n`;
    const { fromRows, fromCells } = await both(data, { "cells.csv": cells });
    const why =
      "12 of 112 rows (10.7%) would be excluded (missing label: 12), more than the policy's maxExcludedShare of 5.0%: fix the input or raise maxExcludedShare\n";
    expect(fromRows.stderr).toBe(`fairaudit: error: data.csv: ${why}`);
    expect(fromRows.code).toBe(2);
    expect(fromCells.stderr).toBe(`fairaudit: error: cells.csv: ${why}`);
    expect(fromCells.code).toBe(2);
    // and both pass once the policy allows it
    const t = tempFiles({ "p.yml": "maxExcludedShare: 0.2\nrules: []\n" });
    const allowed = await both(data, { "cells.csv": cells }, ["--policy", t.path("p.yml")]);
    expect([allowed.fromRows.code, allowed.fromCells.code]).toEqual([0, 0]);
  });

  it("refuses a cell repeated within one file, naming both lines; shards in two files add up", async () => {
    const cell = "audited,A,50,30,20,10,10,10";
    const t = tempFiles({
      "twice.csv": `${HEADER}\n${cell}\naudited,B,50,30,20,10,10,10\n${cell}\n`,
      "one.csv": `${HEADER}\n${cell}\n`,
      "two.csv": `${HEADER}\n${cell}\n`,
    });
    const run = await runCli(["audit", ...ARGS, "--aggregates", t.path("twice.csv")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "fairaudit: error: twice.csv, line 4: this cell already appeared on line 2; each appears once in a file (shards go in separate files, which add up)\n",
    );
    const shards = await runCli([
      ...["audit", ...ARGS, "--format", "json", "--aggregates"],
      ...[t.path("one.csv"), t.path("two.csv")],
    ]);
    expect(shards.code).toBe(0);
    expect(JSON.parse(shards.stdout).attributes[0].groups[0]).toMatchObject({ group: "A", n: 100 });
  });

  it("refuses a price repeated within one cell's histogram", async () => {
    const t = tempFiles({
      "cells.csv":
        "status,g,n,selected,price_count,price_mean,price_m2,price_min,price_max,missing_price,unparseable_price,negative_price\naudited,A,3,1,3,2,2,1,3,0,0,0\n",
      "prices.csv": "g,price,count\nA,1,1\nA,3,1\nA,1,1\n",
    });
    const run = await runCli([
      ...["audit", "--protected", "g", "--decision", "d", "--price", "p", "--aggregates"],
      ...[t.path("cells.csv"), t.path("prices.csv")],
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "prices.csv, line 4: this price of the cell already appeared on line 2",
    );
  });

  it("puts an empty or null label into the group (missing), as the row path does", async () => {
    const data = rows([
      ["A", "1", "1", 20],
      ["A", "0", "0", 20],
      ["", "1", "0", 15],
      ["", "0", "1", 15],
    ]);
    // (missing) from three spellings: an empty CSV cell, JSON null, and the label itself
    const cells = {
      "cells.csv": `${HEADER}\naudited,A,40,20,20,0,20,0\naudited,,20,10,0,10,0,10\n`,
      "null.json": JSON.stringify([
        { status: "audited", g: null, n: 6, selected: 3, tp: 0, fp: 3, tn: 0, fn: 3 },
      ]),
      "label.json": JSON.stringify([
        { status: "audited", g: "(missing)", n: 4, selected: 2, tp: 0, fp: 2, tn: 0, fn: 2 },
      ]),
    };
    const { fromRows, fromCells } = await both(data, cells, ["--format", "json"]);
    const groups = (run: { stdout: string }) =>
      JSON.parse(run.stdout).attributes[0].groups.map((g: { group: string; n: number }) => [
        g.group,
        g.n,
      ]);
    expect(groups(fromRows)).toEqual([
      ["(missing)", 30],
      ["A", 40],
    ]);
    expect(groups(fromCells)).toEqual(groups(fromRows));
    // so in one file, an empty label and "(missing)" are one cell given twice
    const t = tempFiles({
      "cells.csv": `${HEADER}\naudited,,20,10,0,10,0,10\naudited,(missing),4,2,0,2,0,2\n`,
    });
    const twice = await runCli(["audit", ...ARGS, "--aggregates", t.path("cells.csv")]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("cells.csv, line 3: this cell already appeared on line 2");
  });
});
