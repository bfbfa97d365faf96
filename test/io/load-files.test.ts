import { copyFileSync, readFileSync, symlinkSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

const EXAMPLE = "fixtures/example-campaign";

/** The example campaign's customers split into two files with the header repeated. */
function split(at: number) {
  const lines = readFileSync(`${EXAMPLE}/customers.csv`, "utf8").trimEnd().split("\n");
  const [header, ...rows] = lines as [string, ...string[]];
  return tempFiles({
    "day1.csv": `${[header, ...rows.slice(0, at)].join("\n")}\n`,
    "day2.csv": `${[header, ...rows.slice(at)].join("\n")}\n`,
  });
}

const ARGS = [
  "--predictions",
  `${EXAMPLE}/model-output.csv`,
  "--id",
  "customer_id",
  "--protected",
  "gender,region",
  "--intersect",
  "--label",
  "converted",
  "--decision",
  "targeted",
  "--price",
  "offer_price",
  "--no-timestamp",
  "--format",
  "json",
];

/** Without a model output: a price-only audit of the data files alone. */
const PRICE_ONLY = ["--protected", "gender", "--price", "offer_price", "--format", "json"];

/** What may differ: which files were read (names, hashes) and the config hash that names them. */
function comparable(json: string) {
  const r = JSON.parse(json);
  r.inputs.files = r.inputs.files.map((f: { role: string }) => f.role);
  // each data file lists the columns read from it: compare the set of names
  r.inputs.columnsRead = [
    ...new Set(r.inputs.columnsRead.map((c: { column: string }) => c.column)),
  ].sort();
  r.inputs.identifierColumns = [
    ...new Set(r.inputs.identifierColumns.map((c: { column: string }) => c.column)),
  ];
  r.run = undefined;
  return r;
}

describe("several data files", () => {
  it("audit as their concatenation, join and exclusions included", async () => {
    const f = split(1234);
    const whole = await runCli(["audit", `${EXAMPLE}/customers.csv`, ...ARGS]);
    const parts = await runCli(["audit", f.path("day1.csv"), f.path("day2.csv"), ...ARGS]);
    expect(parts.stderr).toBe("");
    const a = comparable(whole.stdout);
    const b = comparable(parts.stdout);
    expect(b.inputs.files).toEqual(["data", "data", "predictions"]);
    b.inputs.files = a.inputs.files;
    expect(b).toEqual(a);
    expect(b.inputs.unmatchedPredictions).toBe(a.inputs.unmatchedPredictions);
  });

  it("refuse top-k, which needs one cut-off over all rows", async () => {
    const f = split(10);
    const run = await runCli([
      "audit",
      f.path("day1.csv"),
      f.path("day2.csv"),
      "--protected",
      "gender",
      "--score",
      "age",
      "--top-k",
      "5",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("several data files");
  });

  it("refuse one file given twice: the same path, a link to it, or a copy", async () => {
    const f = split(2000);
    copyFileSync(f.path("day1.csv"), f.path("copy.csv"));
    symlinkSync(f.path("day1.csv"), f.path("link.csv"));
    // With a model output, a copy's first row is already a duplicate id; without, its hash tells.
    const cases = [
      [f.path("day1.csv"), ARGS, "same file as data file 1 (day1.csv)"],
      [f.path("day1.csv"), PRICE_ONLY, "same file as data file 1 (day1.csv)"],
      [f.path("link.csv"), ARGS, "same file as data file 1 (day1.csv)"],
      [f.path("link.csv"), PRICE_ONLY, "same file as data file 1 (day1.csv)"],
      [f.path("copy.csv"), ARGS, "copy.csv, line 2, column 1 (customer_id): duplicate id"],
      [f.path("copy.csv"), PRICE_ONLY, "same content (SHA-256) as data file 1 (day1.csv)"],
    ] as const;
    for (const [again, args, reason] of cases) {
      const run = await runCli(["audit", f.path("day1.csv"), again, ...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(reason);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

/** Shards of the example whose rows overlap, with the model output sorted by id (a merge join) or not. */
function overlapping(sortedOutputs: boolean) {
  const lines = readFileSync(`${EXAMPLE}/customers.csv`, "utf8").trimEnd().split("\n");
  const [header, ...rows] = lines as [string, ...string[]];
  const [outHeader, ...outs] = readFileSync(`${EXAMPLE}/model-output.csv`, "utf8")
    .trimEnd()
    .split("\n") as [string, ...string[]];
  if (sortedOutputs) outs.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  const ids = (shard: string[]) => shard.map((r) => r.split(",")[0]);
  // shard 2 starts with shard 1's last ten rows
  const first = rows.slice(0, 2000);
  const second = rows.slice(1990);
  expect(ids(second).slice(0, 10)).toEqual(ids(first).slice(-10));
  // interleaved: ids ascend in each file, the ranges overlap, no id is in both
  const odd = rows.filter((_, i) => i % 2 === 1);
  const even = rows.filter((_, i) => i % 2 === 0);
  return tempFiles({
    "day1.csv": `${[header, ...first].join("\n")}\n`,
    "day2.csv": `${[header, ...second].join("\n")}\n`,
    "odd.csv": `${[header, ...odd].join("\n")}\n`,
    "even.csv": `${[header, ...even].join("\n")}\n`,
    "model-output.csv": `${[outHeader, ...outs].join("\n")}\n`,
  });
}

describe.each([
  ["ordered by id (merge joins)", true],
  ["not ordered (hash join)", false],
])("several data files with a model output %s", (_, sorted) => {
  const args = (f: ReturnType<typeof tempFiles>) => [
    ...ARGS.slice(0, 1),
    f.path("model-output.csv"),
    ...ARGS.slice(2),
  ];

  it("refuse a data id matched in two files, naming the later file and line", async () => {
    const f = overlapping(sorted);
    // The first data row of day2.csv whose id day1.csv has too, and that has a model output.
    const outIds = new Set(
      readFileSync(f.path("model-output.csv"), "utf8")
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[0]),
    );
    const day2 = readFileSync(f.path("day2.csv"), "utf8").split("\n");
    const line = day2.findIndex((l, i) => i > 0 && outIds.has(l.split(",")[0])) + 1;
    expect(line).toBeGreaterThan(1);
    const run = await runCli(["audit", f.path("day1.csv"), f.path("day2.csv"), ...args(f)]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `fairaudit: error: day2.csv, line ${line}, column 1 (customer_id): duplicate id: a data row of this or an earlier data file already matched this model output (the files are audited as one: an id may occur in only one of them)\n`,
    );
  });

  it("audit interleaved files (overlapping id ranges, no shared id) as their concatenation", async () => {
    const f = overlapping(sorted);
    const whole = await runCli(["audit", `${EXAMPLE}/customers.csv`, ...args(f)]);
    const parts = await runCli(["audit", f.path("odd.csv"), f.path("even.csv"), ...args(f)]);
    expect(parts.stderr).toBe("");
    const a = comparable(whole.stdout);
    const b = comparable(parts.stdout);
    b.inputs.files = a.inputs.files;
    expect(b).toEqual(a);
    // every one of the example's 3,986 model outputs has its row (4,000 customers)
    expect(a.inputs.unmatchedPredictions).toBe(0);
  });
});
