import { describe, expect, it } from "vitest";
import { marginal } from "../../src/core/aggregate-table.js";
import { UserError } from "../../src/errors.js";
import type { LoadSpec } from "../../src/io/load-spec.js";
import { loadTable, topKCutoff } from "../../src/io/load-table.js";
import { DEFAULT_MISSING_VALUES } from "../../src/io/values.js";
import { tempFiles } from "../helpers/temp-files.js";

function spec(data: string, extra: Partial<LoadSpec> = {}): LoadSpec {
  return {
    data,
    attributes: [{ name: "gender", column: "gender" }],
    decision: { kind: "column", column: "selected" },
    where: [],
    missingValues: [...DEFAULT_MISSING_VALUES],
    maxGroups: 100,
    ...extra,
  };
}

async function loadError(s: LoadSpec): Promise<UserError> {
  try {
    await loadTable(s);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError");
}

describe("loading CSV", () => {
  it("reads ; and tab delimiters, a BOM, CRLF, quotes and non-ASCII group names", async () => {
    const body = (d: string) =>
      `gender${d}selected${d}label\r\n"Männlich"${d}1${d}yes\r\nWeiblich${d}0${d}no\r\n"Divers${d} x"${d}TRUE${d}1\r\n`;
    for (const d of [",", ";", "\t"]) {
      const f = tempFiles({ "a.csv": `\uFEFF${body(d)}` });
      const result = await loadTable(spec(f.path("a.csv"), { label: { column: "label" } }));
      const groups = marginal(result.table, [0]);
      expect([...groups.keys()]).toEqual([`Divers${d} x`, "Männlich", "Weiblich"]);
      expect(groups.get("Männlich")).toMatchObject({ n: 1, tp: 1 });
      expect(groups.get("Weiblich")).toMatchObject({ n: 1, tn: 1 });
      expect(result.tally.audited).toBe(3);
    }
  });

  it("joins model output on an id, excluding and counting rows without output", async () => {
    const f = tempFiles({
      "data.csv": "id,gender,label\n1,F,1\n2,F,0\n3,M,1\n4,M,0\n",
      "pred.csv": "id,selected\n4,1\n1,1\n3,0\n99,1\n",
    });
    const result = await loadTable(
      spec(f.path("data.csv"), {
        predictions: { path: f.path("pred.csv"), id: "id" },
        label: { column: "label" },
      }),
    );
    expect(result.tally).toMatchObject({ rowsRead: 4, audited: 3, unmatchedPredictions: 1 });
    expect(result.tally.excluded.no_model_output).toBe(1);
    const g = marginal(result.table, [0]);
    expect(g.get("F")).toMatchObject({ n: 1, tp: 1 });
    expect(g.get("M")).toMatchObject({ n: 2, fp: 1, fn: 1 });
    expect(result.columnsRead.map((c) => `${c.file}:${c.column}:${c.role}`)).toEqual([
      "data.csv:id:id",
      "data.csv:label:label",
      "data.csv:gender:protected",
      "pred.csv:id:id",
      "pred.csv:selected:decision",
    ]);
  });

  it("refuses duplicate ids in the model output, naming line and column but not the id", async () => {
    const f = tempFiles({
      "data.csv": "id,gender\nsecret-7,F\n",
      "pred.csv": "id,selected\nsecret-7,1\nsecret-7,0\n",
    });
    const error = await loadError(
      spec(f.path("data.csv"), { predictions: { path: f.path("pred.csv"), id: "id" } }),
    );
    expect(error.code).toBe("duplicate_id");
    expect(error.location).toMatchObject({
      file: "pred.csv",
      line: 3,
      column: 1,
      columnName: "id",
    });
    expect(error.message).not.toContain("secret-7");
  });

  it("refuses a data id matched twice", async () => {
    const f = tempFiles({ "data.csv": "id,gender\n1,F\n1,M\n", "pred.csv": "id,selected\n1,1\n" });
    const error = await loadError(
      spec(f.path("data.csv"), { predictions: { path: f.path("pred.csv"), id: "id" } }),
    );
    expect(error.code).toBe("duplicate_id");
    expect(error.location).toMatchObject({ file: "data.csv", line: 3 });
  });

  it("makes missing protected values a visible group and excludes rows without a label", async () => {
    const f = tempFiles({ "a.csv": "gender,selected,label\nF,1,1\n,0,0\nNA,1,1\nM,1,\n" });
    const result = await loadTable(spec(f.path("a.csv"), { label: { column: "label" } }));
    expect([...marginal(result.table, [0]).keys()]).toEqual(["(missing)", "F"]);
    expect(result.tally.excluded.missing_label).toBe(1);
  });

  it("accepts a named positive label value", async () => {
    const f = tempFiles({ "a.csv": "gender,selected,income\nF,1,>50K\nF,0,<=50K\n" });
    const result = await loadTable(
      spec(f.path("a.csv"), { label: { column: "income", positive: ">50K" } }),
    );
    expect(marginal(result.table, [0]).get("F")).toMatchObject({ tp: 1, tn: 1 });
  });

  it("rejects a label outside the vocabulary with its location", async () => {
    const f = tempFiles({ "a.csv": "gender,selected,label\nF,1,1\nF,1,maybe\n" });
    const error = await loadError(spec(f.path("a.csv"), { label: { column: "label" } }));
    expect(error.location).toMatchObject({
      file: "a.csv",
      line: 3,
      column: 3,
      columnName: "label",
    });
    expect(error.message).not.toContain("maybe");
  });

  it("bins numeric attributes and maps values", async () => {
    const f = tempFiles({ "a.csv": "age,gender,selected\n18,m,1\n30,w,0\n59.5,m,1\n60,x,0\n" });
    const result = await loadTable(
      spec(f.path("a.csv"), {
        attributes: [
          { name: "age_band", column: "age", bins: [30, 60] },
          { name: "gender", column: "gender", map: { m: "Male", w: "Female", x: "Female" } },
        ],
      }),
    );
    expect([...marginal(result.table, [0]).keys()]).toEqual(["30-59", "60+", "<30"]);
    expect([...marginal(result.table, [1]).entries()].map(([k, c]) => [k, c.n])).toEqual([
      ["Female", 2],
      ["Male", 2],
    ]);
    expect([...marginal(result.table, [0, 1]).keys()]).toContain("60+ & Female");
  });

  it("refuses an attribute with too many distinct values (an id column by mistake)", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${1000 + i},1`).join("\n");
    const f = tempFiles({ "a.csv": `gender,selected\n${rows}\n` });
    const error = await loadError(spec(f.path("a.csv"), { maxGroups: 10 }));
    expect(error.code).toBe("too_many_groups");
    expect(error.location.line).toBe(12);
  });

  it("derives decisions from a score threshold and from top-k (ties all selected)", async () => {
    const f = tempFiles({ "a.csv": "gender,score\nF,0.9\nF,0.5\nM,0.5\nM,0.1\n" });
    const threshold = await loadTable(
      spec(f.path("a.csv"), { decision: { kind: "threshold", column: "score", threshold: 0.5 } }),
    );
    expect(marginal(threshold.table, [0]).get("F")?.selected).toBe(2);
    expect(threshold.decision).toMatchObject({ threshold: 0.5, scoreMin: 0.1, scoreMax: 0.9 });
    const top2 = await loadTable(
      spec(f.path("a.csv"), { decision: { kind: "top-k", column: "score", k: 2 } }),
    );
    // 0.9 and both 0.5s tie at the cut-off: three selected
    expect(top2.decision.threshold).toBe(0.5);
    expect(top2.tally.audited).toBe(4);
    const selected = [...marginal(top2.table, [0]).values()].reduce((a, c) => a + c.selected, 0);
    expect(selected).toBe(3);
    const top25 = await loadTable(
      spec(f.path("a.csv"), { decision: { kind: "top-percent", column: "score", percent: 25 } }),
    );
    expect(top25.decision.threshold).toBe(0.9);
  });

  it("audits one segment only and counts the rest", async () => {
    const f = tempFiles({ "a.csv": "gender,selected,channel\nF,1,email\nF,0,app\nM,1,email\n" });
    const result = await loadTable(
      spec(f.path("a.csv"), { where: [{ column: "channel", value: "email" }] }),
    );
    expect(result.tally).toMatchObject({ rowsRead: 3, outsideSegment: 1, audited: 2 });
  });

  it("suggests the closest column name", async () => {
    const f = tempFiles({ "a.csv": "Gender,selected\nF,1\n" });
    const error = await loadError(spec(f.path("a.csv")));
    expect(error.message).toContain('did you mean "Gender"');
  });

  it("counts unusable prices and keeps those rows for rates", async () => {
    const f = tempFiles({
      "a.csv": "gender,selected,price\nF,1,9.90\nF,1,Exempt\nF,0,-1\nF,0,NA\n",
    });
    const result = await loadTable(spec(f.path("a.csv"), { price: "price" }));
    expect(result.tally.price).toEqual({
      missing_price: 1,
      unparseable_price: 1,
      negative_price: 1,
    });
    const cell = marginal(result.table, [0]).get("F");
    expect(cell?.n).toBe(4);
    expect(cell?.price.count).toBe(1);
  });
});

describe("topKCutoff", () => {
  it("is the k-th largest score", () => {
    expect(topKCutoff(Float64Array.from([3, 1, 2, 5]), 2)).toBe(3);
    expect(topKCutoff(Float64Array.from([3, 1]), 5)).toBe(1);
    expect(topKCutoff(Float64Array.from([3, 1]), 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
