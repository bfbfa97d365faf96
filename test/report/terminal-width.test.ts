import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { terminalWidth } from "../../src/cli/terminal-width.js";
import { compareReports } from "../../src/compare/compare-reports.js";
import { COMPARE_RENDERERS } from "../../src/compare/render-comparison.js";
import { historyEntry } from "../../src/history/history-entry.js";
import { HISTORY_RENDERERS } from "../../src/history/render-history.js";
import { computeTrends } from "../../src/history/trends.js";
import { escapeTerminal } from "../../src/report/escape.js";
import { formatFound } from "../../src/report/explain.js";
import { formatRatio, renderTerminal } from "../../src/report/render-terminal.js";
import { layoutTable, shrinkLabel, wrap } from "../../src/report/terminal-text.js";
import { formatNumber } from "../../src/report/words.js";
import type { AuditResult } from "../../src/result/audit-result.js";
import {
  buildFixture,
  type FixtureNames,
  HOSTILE_NAMES,
  PLAIN_NAMES,
} from "./fixtures/audit-result.js";

const WIDTHS = [60, 80, 100, 160];
const plain = new Chalk({ level: 0 });

/**
 * Cells as a terminal draws them, counted independently of the renderer's own measure: every
 * code point is one cell except CJK ideographs (two) — the only wide characters used here.
 */
function cells(line: string): number {
  let n = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp >= 0x4e00 && cp <= 0x9fff ? 2 : 1;
  }
  return n;
}

const LONG = "x".repeat(300);
/** Long labels: one with no space to break at, intersections alike but for their end, CJK. */
const LONG_NAMES: FixtureNames = {
  attributes: ["age_group_as_recorded_by_the_customer_relationship_system", "sex"],
  age: [
    "Female & 18–29 & Nordrhein-Westfalen & Stammkunde",
    "Female & 18–29 & Nordrhein-Westfalen & Neukunde",
    LONG,
    "年齢不明の顧客グループ",
  ],
  sex: ["Female — as self-described in the loyalty programme sign-up form", "Male"],
  file: "customers_exported_from_the_crm_on_the_first_of_the_month.csv",
  column: "score",
};

const FIXTURES: Record<string, AuditResult> = {
  plain: buildFixture(PLAIN_NAMES),
  hostile: buildFixture(HOSTILE_NAMES),
  long: buildFixture(LONG_NAMES),
};

function expectWithin(text: string, width: number): void {
  // the verdict line is the one exception: one line that scripts find by its start
  const over = text.split("\n").filter((l) => cells(l) > width && !l.startsWith("Verdict: "));
  expect(over).toEqual([]);
}

describe("the terminal report in any width", () => {
  for (const [name, result] of Object.entries(FIXTURES)) {
    for (const width of WIDTHS) {
      const text = renderTerminal(result, { color: plain, width });

      it(`${name} labels, ${width} columns: no line is wider`, () => {
        expectWithin(text, width);
      });

      it(`${name} labels, ${width} columns: every number in full`, () => {
        for (const f of result.findings.filter((x) => x.verdict !== "pass"))
          expect(text).toContain(formatFound(f, false));
        const alpha = 1 - (result.inference?.confidence ?? 0.95);
        for (const a of result.attributes)
          for (const g of a.groups) {
            expect(text).toContain(`${g.n}`);
            expect(text).toContain(formatNumber(g.metrics.selection_rate?.value));
            expect(text).toContain(formatNumber(g.metrics.fpr?.value));
            expect(text).toContain(formatRatio(g.disparities.selection_rate, alpha));
            expect(text).toContain(formatRatio(g.disparities.tpr, alpha));
            expect(text).toContain(formatRatio(g.disparities.price_mean, alpha));
          }
        // a number cut short would end in an ellipsis (labels here have no digits to cut)
        if (name === "plain") expect(text).not.toMatch(/\d…/);
      });

      it(`${name} labels, ${width} columns: prose breaks between words only`, () => {
        // the explanation sentences, re-joined, are the sentences: no word was split or lost
        const joined = text.replace(/\n {8}/g, " ");
        expect(joined).toContain("was selected at 0.20× (interval 0.14–0.29) the rate of group");
        expect(joined).toContain("(selection-rate-warning: at least 0.9×).");
      });
    }
  }

  it("prints a long label in full in the explanations, cut only across lines", () => {
    const text = renderTerminal(FIXTURES.long as AuditResult, { color: plain, width: 80 });
    expect(text.replace(/\n {8}/g, "")).toContain(`“${LONG}”`);
  });

  it("keeps labels that differ only at their end apart when it shrinks them", () => {
    const text = renderTerminal(FIXTURES.long as AuditResult, { color: plain, width: 100 });
    expect(text).toMatch(/Stammkunde/);
    expect(text).toMatch(/Neukunde/);
  });

  it("tells two rules on the same metric and group apart (a rule column)", () => {
    for (const width of WIDTHS) {
      const text = renderTerminal(FIXTURES.plain as AuditResult, { color: plain, width });
      // the four-fifths FAIL and the 0.9 watch on age_group 60+ selection rate
      const blocks = text
        .split("\n")
        .join("\n")
        .split(/\n(?= {2}(?:FAIL|WARN|INCONCLUSIVE)\b)/);
      const fail = blocks.find((b) => /^ {2}FAIL\b/.test(b));
      const watch = blocks.find(
        (b) => /^ {2}WARN\b/.test(b) && b.includes("60+") && b.includes("selection rate"),
      );
      expect(fail).toContain("four-fifths");
      expect(watch).toContain("selection-rate-warning");
    }
  });

  it("keeps the verdict on one line", () => {
    const text = renderTerminal(FIXTURES.plain as AuditResult, { color: plain, width: 60 });
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "Verdict: FAIL — 1 failed, 4 warning(s), 4 inconclusive, 8 passed",
    );
  });

  it("puts the rule in a column when it fits, under its row when not", () => {
    const wide = renderTerminal(FIXTURES.plain as AuditResult, { color: plain, width: 160 });
    expect(wide).toContain(
      "  WARN          age_group  60+      selection rate     ratio ≥ 0.90               0.20   selection-rate-warning  vs 30–59; interval [0.138, 0.290]",
    );
    const narrow = renderTerminal(FIXTURES.plain as AuditResult, { color: plain });
    expect(narrow).toContain(
      "  WARN          age_group  60+      selection rate     ratio ≥ 0.90               0.20\n      rule selection-rate-warning; vs 30–59; interval [0.138, 0.290]",
    );
  });
});

describe("layout primitives", () => {
  it("wraps at word boundaries and cuts only a word wider than the line", () => {
    const words = "the lowest selection rate is 0.812× the highest across the groups of region";
    for (const width of [10, 20, 33, 50]) {
      const lines = wrap(words, "", width);
      for (const l of lines) expect(cells(l)).toBeLessThanOrEqual(width);
      expect(lines.join(" ")).toBe(words);
    }
    expect(wrap(`a ${"y".repeat(25)} b`, "", 10)).toEqual([
      "a",
      "yyyyyyyyyy",
      "yyyyyyyyyy",
      "yyyyy b",
    ]);
  });

  it("counts wide characters as two cells", () => {
    expect(wrap("年齢 年齢 年齢", "", 9)).toEqual(["年齢 年齢", "年齢"]);
    expect(cells(shrinkLabel("年齢不明の顧客グループ", 9))).toBeLessThanOrEqual(9);
  });

  it("shrinks in the middle so both ends stay readable", () => {
    expect(shrinkLabel("Female & 60+ & Nord", 11)).toBe("Femal… Nord");
    expect(shrinkLabel("short", 11)).toBe("short");
  });

  it("stacks a table whose numbers cannot fit", () => {
    const columns = [
      { header: "group", kind: "label" as const },
      { header: "value", kind: "fixed" as const },
      { header: "interval", kind: "fixed" as const },
    ];
    const rows = [["Female", "0.123456789012", "[0.11111, 0.22222]"]];
    const layout = layoutTable(columns, rows, 40);
    expect(layout.header).toEqual([]);
    expect(layout.rows[0]).toEqual([
      "  Female",
      "      value 0.123456789012",
      "      interval [0.11111, 0.22222]",
    ]);
  });
});

describe("comparison and history in any width", () => {
  const older = FIXTURES.long as AuditResult;
  const newer: AuditResult = {
    ...older,
    findings: older.findings.map((f) =>
      f.actual === null ? f : { ...f, actual: f.actual - 0.123, verdict: "fail" },
    ),
  };
  const comparison = compareReports(older, newer);
  const trends = computeTrends([
    historyEntry(older, "2026-11-01T00:00:00Z"),
    historyEntry(newer, "2026-12-01T00:00:00Z"),
  ]);
  for (const width of WIDTHS) {
    it(`compare at ${width} columns: within the width, every change in full`, () => {
      const text = COMPARE_RENDERERS.terminal(comparison, {
        color: plain,
        oldName: "old.json",
        newName: "new.json",
        width,
      });
      expectWithin(text, width);
      const changed = comparison.rows.filter((r) => r.change !== null);
      expect(changed.length).toBeGreaterThan(0);
      for (const r of changed) expect(text).toContain(formatNumber(r.change ?? 0).replace("-", ""));
      expect(text).toContain("rule");
    });
    it(`history at ${width} columns: within the width, every verdict in full`, () => {
      const text = HISTORY_RENDERERS.terminal(trends, { color: plain, name: "h.jsonl", width });
      expectWithin(text, width);
      expect(text).not.toMatch(/(FAI|PAS|WAR|INCONCLUSIV)…/);
      for (const s of trends.series) expect(text).toContain(escapeTerminal(s.rule));
    });
  }
});

describe("the width the shell lays out in", () => {
  const io = (isTTY: boolean, columns: number | undefined, env: Record<string, string> = {}) => ({
    stdout: { write: () => true, isTTY, ...(columns === undefined ? {} : { columns }) },
    stderr: { write: () => true },
    env,
    cwd: "/",
  });
  it("is --width, then the terminal's, then COLUMNS, then 100", () => {
    expect(terminalWidth(io(true, 132, { COLUMNS: "90" }), 70)).toBe(70);
    expect(terminalWidth(io(true, 132, { COLUMNS: "90" }), undefined)).toBe(132);
    expect(terminalWidth(io(false, 132, { COLUMNS: "90" }), undefined)).toBe(90);
    expect(terminalWidth(io(false, undefined, { COLUMNS: "wide" }), undefined)).toBe(100);
    expect(terminalWidth(io(false, undefined), undefined)).toBe(100);
  });
});
