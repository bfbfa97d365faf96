import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { identifierKind } from "../../src/privacy/identifiers.js";
import { chooseSuppressed } from "../../src/result/suppress.js";
import { BAD, ROW_VALUE, runCli } from "../robustness/run-cli.js";

describe("hostile strings in the data are inert in every output", () => {
  it("CSV cells cannot start a formula; terminal text carries no escapes", async () => {
    const out = await mkdtemp(join(tmpdir(), "fairaudit-"));
    const run = await runCli([
      "audit",
      "hostile-labels.csv",
      "--protected",
      "gender",
      "--decision",
      "decision",
      "--format",
      "terminal,json,csv",
      "--out",
      out,
    ]);
    expect(run.code).toBeLessThan(2);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(run.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(run.stdout).toContain("<script>"); // plain text on a terminal is not markup
    const csv = await readFile(join(out, "fairaudit-report.csv"), "utf8");
    // Text cells (attribute, group, reference) come from the data; numeric cells may be negative.
    const TEXT_COLUMNS = new Set([0, 1, 4]);
    for (const line of csv.split("\r\n").slice(1)) {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [];
      cells.forEach((cell, i) => {
        const value = cell.replace(/,$/, "").replace(/^"|"$/g, "");
        if (TEXT_COLUMNS.has(i)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
        else expect(value).toMatch(/^(-?[\d.]+(e[-+]?\d+)?|[a-z_0-9]+|)$/);
      });
    }
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).toContain("'+cmd");
    expect(csv).toContain("'@SUM");
    const json = JSON.parse(await readFile(join(out, "fairaudit-report.json"), "utf8"));
    expect(json.attributes[0].groups).toHaveLength(10);
    for (const file of await readdir(out)) {
      expect(await readFile(join(out, file), "utf8")).not.toMatch(ROW_VALUE);
    }
  });

  it("writes only the report files, inside --out", async () => {
    const out = await mkdtemp(join(tmpdir(), "fairaudit-"));
    await runCli([
      "audit",
      "bom.csv",
      "--protected",
      "gender",
      "--decision",
      "decision",
      "--format",
      "json,csv",
      "--out",
      out,
    ]);
    expect((await readdir(out)).sort()).toEqual(["fairaudit-report.csv", "fairaudit-report.json"]);
  });
});

describe("data minimisation", () => {
  it("names unneeded identifier columns, never their values", async () => {
    const run = await runCli([
      "audit",
      "identifiers.csv",
      "--protected",
      "gender",
      "--decision",
      "decision",
      "--format",
      "json",
    ]);
    const result = JSON.parse(run.stdout);
    expect(result.inputs.identifierColumns.map((c: { column: string }) => c.column)).toEqual([
      "E-Mail",
      "Telefonnummer",
      "Vorname",
      "last_name",
      "IBAN",
      "Strasse",
    ]);
    expect(run.stdout).not.toMatch(ROW_VALUE);
    expect(run.stdout).not.toMatch(/Anna|Smith|Hauptstr|\+4930/);
    const terminal = await runCli([
      "audit",
      "identifiers.csv",
      "--protected",
      "gender",
      "--decision",
      "decision",
    ]);
    expect(terminal.stdout).toMatch(/consider not exporting these/);
  });

  it.each([
    ["email", "email"],
    ["customerEmail", "email"],
    ["Handynummer", null],
    ["handy", "phone"],
    ["first_name", "name"],
    ["Nachname", "name"],
    ["iban", "iban"],
    ["Postleitzahl", "address"],
    ["Geburtsdatum", "birth_date"],
    ["gender", null],
    ["campaign", null],
    ["score", null],
  ])("%s → %s", (column, kind) => {
    expect(identifierKind(column)).toBe(kind);
  });
});

describe("consent", () => {
  it("audits consented rows only and reports the consented share per group", async () => {
    const run = await runCli([
      "audit",
      "consent.csv",
      "--protected",
      "gender",
      "--decision",
      "decision",
      "--consent",
      "consent",
      "--format",
      "json",
    ]);
    expect(run.code).toBeLessThan(2);
    const result = JSON.parse(run.stdout);
    // every 5th row has no consent: half of those say "no", half leave it empty (fail closed)
    expect(result.inputs.rows.excluded.no_consent).toBe(40);
    expect(result.inputs.rows.audited).toBe(160);
    expect(result.inputs.consentColumn).toBe("consent");
    expect(result.attributes[0].consent).toEqual([
      { group: "F", rows: 100, consented: 80, share: 0.8, suppressed: false },
      { group: "M", rows: 100, consented: 80, share: 0.8, suppressed: false },
    ]);
  });

  it("a consent value outside the vocabulary is an error, not a guess", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fairaudit-"));
    await writeFile(join(dir, "c.csv"), "gender,decision,consent\nF,1,yes\nM,0,perhaps\n");
    const run = await runCli(
      ["audit", "c.csv", "--protected", "gender", "--decision", "decision", "--consent", "consent"],
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 3, column 3 \(consent\): not a recognised binary value/);
    expect(run.stderr).not.toMatch(/perhaps/);
  });
});

describe("small-cell suppression", () => {
  const table = (attribute: string, dims: number[], groups: [string[], number][]) => ({
    attribute,
    dims,
    groups: groups.map(([tuple, n]) => ({ group: tuple.join(" & "), tuple, n })),
  });

  it("withholds a second group so the small one cannot be recovered from the total", () => {
    const hidden = chooseSuppressed(
      [
        table(
          "g",
          [0],
          [
            [["A"], 100],
            [["B"], 50],
            [["C"], 3],
          ],
        ),
      ],
      10,
    );
    expect([...(hidden.get("g") ?? [])].sort()).toEqual(["B", "C"]);
  });

  it("never leaves exactly one withheld cell in a line with a published total", () => {
    const tables = [
      table(
        "g",
        [0],
        [
          [["F"], 60],
          [["M"], 70],
        ],
      ),
      table(
        "r",
        [1],
        [
          [["N"], 65],
          [["S"], 65],
        ],
      ),
      table(
        "g & r",
        [0, 1],
        [
          [["F", "N"], 4],
          [["F", "S"], 56],
          [["M", "N"], 61],
          [["M", "S"], 9],
        ],
      ),
    ];
    const hidden = chooseSuppressed(tables, 10);
    expect(hidden.get("g")?.size).toBe(0);
    const cells = hidden.get("g & r") ?? new Set();
    expect(cells.has("F & N")).toBe(true);
    expect(cells.has("M & S")).toBe(true);
    // each row and column of the 2×2 table has 0 or ≥ 2 withheld cells
    for (const line of [
      ["F & N", "F & S"],
      ["M & N", "M & S"],
      ["F & N", "M & N"],
      ["F & S", "M & S"],
    ]) {
      expect(line.filter((c) => cells.has(c)).length).not.toBe(1);
    }
  });

  it("withheld groups carry no counts, metrics or prices in any format", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fairaudit-"));
    const rows = ["gender,decision,price"];
    for (let i = 0; i < 80; i++)
      rows.push(`${i < 3 ? "X" : i % 2 ? "F" : "M"},${i % 2},${100 + i}`);
    await writeFile(join(dir, "d.csv"), `${rows.join("\n")}\n`);
    const run = await runCli(
      [
        "audit",
        "d.csv",
        "--protected",
        "gender",
        "--decision",
        "decision",
        "--price",
        "price",
        "--format",
        "json",
      ],
      dir,
    );
    const result = JSON.parse(run.stdout);
    const x = result.attributes[0].groups.find((g: { group: string }) => g.group === "X");
    expect(x).toMatchObject({ n: null, selected: null, suppressed: true, price: null });
    expect(Object.values(x.metrics).every((m) => (m as { value: unknown }).value === null)).toBe(
      true,
    );
    expect(result.notices.map((n: { code: string }) => n.code)).toContain("suppressed_groups");
    // the complement: one more group withheld, so overall − published ≠ X
    expect(
      result.attributes[0].groups.filter((g: { suppressed: boolean }) => g.suppressed),
    ).toHaveLength(2);
    const csv = await runCli(
      ["audit", "d.csv", "--protected", "gender", "--decision", "decision", "--format", "csv"],
      dir,
    );
    for (const line of csv.stdout.split("\r\n").filter((l) => l.includes(",X,"))) {
      // every value column empty: value, differences, ratios, counts, intervals, p-values
      expect(line).toMatch(/^gender,X,[a-z_]+,,[^,]*,+$/);
    }
  });
});

it("the bad-input corpus directory exists", () => {
  expect(BAD).toMatch(/fixtures/);
});
