import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { readCsvHeader } from "../../src/io/csv-file.js";
import { NotSorted, SortedOutputs } from "../../src/io/model-outputs.js";
import type { OutputSpec } from "../../src/io/predictions.js";
import { DEFAULT_MISSING_VALUES } from "../../src/io/values.js";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

async function sortedOutputs(path: string): Promise<SortedOutputs> {
  const header = await readCsvHeader(path);
  const spec: OutputSpec = {
    header,
    idColumn: 0,
    valueColumn: 1,
    mode: "decision",
    missing: new Set(DEFAULT_MISSING_VALUES),
    positive: undefined,
  };
  return new SortedOutputs(spec, () => {});
}

describe("the streaming merge join", () => {
  it("matches ascending ids, counts outputs no row matched, and flags a data id matched twice", async () => {
    const f = tempFiles({ "out.csv": "id,selected\n2,1\n3,0\n5,1\n9,0\n" });
    const outputs = await sortedOutputs(f.path("out.csv"));
    expect(outputs.match("1", true)).toBeUndefined();
    expect(outputs.match("3", true)).toBe(0); // 2 passed by: unmatched
    expect(outputs.match("3", true)).toBe("duplicate");
    expect(outputs.match("5", true)).toBe(1);
    outputs.finish(); // 9 unmatched
    expect(outputs.rows).toBe(4);
    expect(outputs.unmatchedCount).toBe(2);
  });

  it("gives up (for the hash join) on ids out of order in either file, or not integers", async () => {
    const f = tempFiles({
      "out.csv": "id,selected\n1,1\n3,0\n2,1\n",
      "ok.csv": "id,selected\n1,1\n",
    });
    const unordered = await sortedOutputs(f.path("out.csv"));
    expect(() => unordered.match("9", true)).toThrow(NotSorted);
    unordered.close();
    const data = await sortedOutputs(f.path("ok.csv"));
    expect(data.match("5", true)).toBeUndefined();
    expect(() => data.match("4", true)).toThrow(NotSorted);
    expect(() => data.match("cust-7", true)).toThrow(NotSorted);
    data.close();
  });

  it("reports a duplicate model-output id as the hash join does, with its line", async () => {
    const f = tempFiles({ "out.csv": "id,selected\n1,1\n1,0\n" });
    const outputs = await sortedOutputs(f.path("out.csv"));
    let error: unknown;
    try {
      outputs.match("2", true);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).location).toMatchObject({ file: "out.csv", line: 3, column: 1 });
    outputs.close();
  });

  it("gives the same audit as the hash join (example campaign, model output sorted or shuffled)", async () => {
    const dir = "fixtures/example-campaign";
    const [header, ...rows] = readFileSync(`${dir}/model-output.csv`, "utf8").trimEnd().split("\n");
    const sorted = rows.sort((a, b) => Number(a.split(",")[0]) - Number(b.split(",")[0]));
    const f = tempFiles({ "model-output.csv": `${[header, ...sorted].join("\n")}\n` });
    const args = (predictions: string) => [
      "audit",
      `${dir}/customers.csv`,
      "--predictions",
      predictions,
      "--id",
      "customer_id",
      "--protected",
      "gender,age",
      "--label",
      "converted",
      "--decision",
      "targeted",
      "--max-groups",
      "100",
      "--no-timestamp",
      "--format",
      "json",
    ];
    const strip = (json: string) => {
      const r = JSON.parse(json);
      r.inputs.files = r.inputs.files.map((x: { role: string; rows: number }) => [x.role, x.rows]);
      r.run = undefined;
      return r;
    };
    const hashed = await runCli(args(`${dir}/model-output.csv`));
    const merged = await runCli(args(f.path("model-output.csv")));
    expect(merged.stderr).toBe("");
    expect(strip(merged.stdout)).toEqual(strip(hashed.stdout));
    expect(strip(merged.stdout).inputs.unmatchedPredictions).toBe(0);
  });
});
