import { describe, expect, it } from "vitest";
import { BAD, ROW_VALUE, runCli } from "./run-cli.js";

const BASE = ["--protected", "gender", "--decision", "decision"];
/** the data joined to a model output that also holds ids the data lacks */
const JOIN = [
  "--predictions",
  "join-predictions-unknown-ids.csv",
  "--id",
  "id",
  "--protected",
  "gender",
  "--score",
  "score",
  "--threshold",
  "0.5",
];

/** file, extra flags, and the error it must end in: exit 2 with code-like wording and location */
const ERRORS: [string, string[], RegExp][] = [
  ["unterminated-quote.csv", BASE, /line 12, column 2 \(gender\): .*unterminated quote/],
  [
    "ragged-too-few.csv",
    BASE,
    /line 7, column 5 \(score\): this row has 4 fields but the header has 6/,
  ],
  ["ragged-too-many.csv", BASE, /line 7, column 7: this row has 7 fields/],
  ["empty.csv", BASE, /empty\.csv: the file is empty/],
  ["header-only.csv", BASE, /header-only\.csv: the file has a header but no data rows/],
  ["duplicate-header.csv", BASE, /line 1, column 4: this column has the same name as column 2/],
  [
    "missing-column.csv",
    BASE,
    /line 1: no column "gender" \(protected\) in the header \(\d+ columns\); did you mean "gendre"\?/,
  ],
  ["invalid-utf8.csv", BASE, /line 9, column 2: invalid UTF-8 bytes/],
  ["nul-bytes.csv", BASE, /not a CSV text file \(it contains NUL bytes\)/],
  ["gzip.csv", BASE, /not a CSV file \(it looks like gzip\)/],
  ["xlsx.csv", BASE, /not a CSV file \(it looks like zip \(e\.g\. xlsx\)\)/],
  ["utf16.csv", BASE, /UTF-16 text; save it as UTF-8/],
  [
    "label-vocabulary.csv",
    [...BASE, "--label", "label"],
    /line 11, column 3 \(label\): not a recognised binary value/,
  ],
  [
    "decision-vocabulary.csv",
    BASE,
    /line 11, column 4 \(decision\): not a recognised binary value/,
  ],
  [
    "score-unparseable.csv",
    ["--protected", "gender", "--score", "score", "--threshold", "0.5"],
    /line 11, column 5 \(score\): the score is not a finite number/,
  ],
  [
    "price-unusable-many.csv",
    [...BASE, "--price", "price"],
    /7 of 60 audited rows \(11\.7%\) have an unusable price \(unparseable: 6, negative: 1\).*maxExcludedShare of 5\.0%/,
  ],
  [
    "missing-labels-many.csv",
    [...BASE, "--label", "label"],
    /12 of 60 rows \(20\.0%\) would be excluded \(missing label: 12\)/,
  ],
  [
    "high-cardinality.csv",
    ["--protected", "zip", "--decision", "decision"],
    /line 102, column 2 \(zip\): attribute zip has more than 100 distinct groups/,
  ],
  ["does-not-exist.csv", BASE, /does-not-exist\.csv: file not found/],
  [".", BASE, /this is a directory, not a CSV file/],
  [
    "join-data.csv",
    [
      "--predictions",
      "join-predictions-duplicate-id.csv",
      "--id",
      "id",
      "--protected",
      "gender",
      "--score",
      "score",
      "--threshold",
      "0.5",
    ],
    /join-predictions-duplicate-id\.csv, line 62, column 1 \(id\): duplicate id: .*line 5/,
  ],
  [
    "join-data.csv",
    [
      "--predictions",
      "join-predictions-missing-id.csv",
      "--id",
      "id",
      "--protected",
      "gender",
      "--score",
      "score",
      "--threshold",
      "0.5",
    ],
    /line 7, column 1 \(id\): the id is missing/,
  ],
  [
    "join-data-duplicate-id.csv",
    JOIN,
    /join-data-duplicate-id\.csv, line 62, column 1 \(id\): duplicate id/,
  ],
];

describe("bad input ends in a classified error", () => {
  it.each(ERRORS)("%s", async (file, flags, message) => {
    const run = await runCli(["audit", file, ...flags]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^fairaudit: error: /);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toMatch(ROW_VALUE);
    expect(run.stderr).not.toMatch(/maybe|"high"|Infinity|abc|€/);
  });
});

describe("tolerated input ends in a disclosed audit", () => {
  const json = async (file: string, flags: string[]) => {
    const run = await runCli(["audit", file, ...flags, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBeLessThan(2);
    expect(run.stdout).not.toMatch(ROW_VALUE);
    return JSON.parse(run.stdout);
  };

  it.each(["bom.csv", "crlf.csv", "mixed-line-endings.csv", "semicolon.csv", "tab.tsv"])(
    "%s reads all 60 rows with the same groups",
    async (file) => {
      const result = await json(file, [...BASE, "--label", "label", "--price", "price"]);
      expect(result.inputs.rows).toMatchObject({ read: 60, audited: 60 });
      const groups = result.attributes[0].groups.map((g: { group: string; n: number }) => [
        g.group,
        g.n,
      ]);
      expect(groups).toEqual([
        ["F", 30],
        ["M", 30],
      ]);
      expect(result.inputs.columnsRead.map((c: { column: string }) => c.column).sort()).toEqual([
        "decision",
        "gender",
        "label",
        "price",
      ]);
    },
  );

  it("a few unusable prices are excluded from price statistics and disclosed", async () => {
    const result = await json("price-unusable-few.csv", [...BASE, "--price", "price"]);
    expect(result.inputs.price).toEqual({
      missing_price: 0,
      unparseable_price: 1,
      negative_price: 1,
    });
    expect(result.notices.map((n: { code: string }) => n.code)).toContain("price_unusable");
  });

  it("scores outside [0, 1] next to a probability threshold are disclosed, not refused", async () => {
    const result = await json("score-outside-unit.csv", [
      "--protected",
      "gender",
      "--score",
      "score",
      "--threshold",
      "0.5",
    ]);
    const notice = result.notices.find(
      (n: { code: string }) => n.code === "scores_outside_unit_interval",
    );
    expect(notice?.data).toEqual({ rows: 2, threshold: 0.5 });
    expect(result.inputs.decision.scoreMin).toBeUndefined();
  });

  it("decile scores with a decile threshold raise nothing", async () => {
    const result = await json("score-outside-unit.csv", [
      "--protected",
      "gender",
      "--score",
      "score",
      "--threshold",
      "1",
    ]);
    expect(result.notices.map((n: { code: string }) => n.code)).not.toContain(
      "scores_outside_unit_interval",
    );
  });

  it("a data row with a missing key or no model output is an excluded, disclosed row", async () => {
    const flags = JOIN;
    const result = await json("join-data-missing-id.csv", flags);
    expect(result.inputs.rows.excluded.no_model_output).toBe(1);
    expect(result.inputs.unmatchedPredictions).toBe(2);
    const codes = result.notices.map((n: { code: string }) => n.code);
    expect(codes).toEqual(expect.arrayContaining(["rows_excluded", "unmatched_predictions"]));
  });

  it("maxExcludedShare from a policy file lets a known exclusion rate through", async () => {
    const result = await json("missing-labels-many.csv", [
      ...BASE,
      "--label",
      "label",
      "--policy",
      "lenient-policy.yml",
    ]);
    expect(result.inputs.rows.excluded.missing_label).toBe(12);
    expect(result.policy.maxExcludedShare).toBe(0.25);
  });
});

it("fixtures live where the tests look", () => {
  expect(BAD.endsWith("/fixtures/bad/")).toBe(true);
});
