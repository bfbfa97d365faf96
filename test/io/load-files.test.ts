import { readFileSync } from "node:fs";
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
});
