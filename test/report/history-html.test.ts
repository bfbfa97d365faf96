import { describe, expect, it } from "vitest";
import { historyEntry } from "../../src/history/history-entry.js";
import { HISTORY_RENDERERS } from "../../src/history/render-history.js";
import { computeTrends } from "../../src/history/trends.js";
import type { AuditResult } from "../../src/result/audit-result.js";
import { buildFixture } from "./fixtures/audit-result.js";

const base = buildFixture();
const withHash = (configHash: string): AuditResult => ({
  ...base,
  run: { configHash, seed: 1 },
});
// four runs; the configuration changes between the second and the third
const entries = [
  historyEntry(withHash("a"), "2026-01-05T09:00:00.000Z"),
  historyEntry(withHash("a"), "2026-02-05T09:00:00.000Z"),
  historyEntry(withHash("b"), "2026-03-05T09:00:00.000Z"),
  historyEntry(withHash("b"), "2026-04-05T09:00:00.000Z"),
];
const html = HISTORY_RENDERERS.html(computeTrends(entries), { name: "h.jsonl" });

describe("history trends as small multiples", () => {
  it("lays the charts out in a grid", () => {
    expect(html).toContain('<div class="grid">');
    expect(html).toContain("grid-template-columns:repeat(auto-fill,minmax(340px,1fr))");
  });
  it("labels runs with their dates, not raw timestamps", () => {
    for (const day of ["2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05"])
      expect(html).toMatch(new RegExp(`<text [^>]*>${day}</text>`));
    expect(html).not.toMatch(/<text [^>]*>2026-\d\d-\d\dT/);
  });
  it("gives every chart three values on its y axis", () => {
    const charts = html.split("<section>").slice(1);
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts)
      expect(c.match(/text-anchor="end">[^<]+<\/text>/g)?.length).toBeGreaterThanOrEqual(3);
  });
  it("marks the configuration change once per chart, between the runs it separates", () => {
    const charts = html.split("<section>").slice(1);
    for (const c of charts) {
      const marks = [...c.matchAll(/<line class="config" x1="([\d.]+)"/g)];
      expect(marks).toHaveLength(1);
      // x of runs 2 and 3 (4 runs over 48..408): 168 and 288, the mark halfway: 228
      expect(Number(marks[0]?.[1])).toBeCloseTo(228, 1);
    }
    expect(html).toContain("configuration changed before the run of 2026-03-05T09:00:00.000Z");
  });
});
