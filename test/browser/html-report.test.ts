import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/render-html.js";
import type { AuditResult } from "../../src/result/audit-result.js";
import { buildFixture, HOSTILE_NAMES } from "../report/fixtures/audit-result.js";
import { launchChromium, openReport } from "./chromium.js";
import { auditCompas, auditExample } from "./example.js";

/** Kept as test artifacts (git-ignored), for people to look at. */
const ARTIFACTS = resolve("test-artifacts");

let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function check(name: string, result: AuditResult) {
  const html = renderHtml(result);
  const path = resolve(ARTIFACTS, `${name}.html`);
  writeFileSync(path, html);
  const page = await openReport(browser, path, resolve(ARTIFACTS, `${name}.png`));
  expect(page.requests).toEqual([`file://${path}`]);
  expect(page.consoleProblems).toEqual([]);
  expect(page.dialogs).toEqual([]);
  expect(page.scripts).toBe(0);
  expect(page.images).toBe(0);
  expect(page.placed).toBeGreaterThan(page.charts.length);
  expect(page.misplaced).toEqual([]);
  expect(page.cutLabels).toEqual([]);
  expect(page.overflow).toBe(0);
  expect(page.hiddenTables).toEqual([]);
  expect(page.cutCells).toEqual([]);
  const expected = [...html.matchAll(/<svg class="chart" data-chart="([^"]+)"/g)].map((m) => m[1]);
  expect(expected.length).toBeGreaterThan(0);
  expect(page.charts.map((c) => c.id)).toEqual(expected);
  for (const chart of page.charts) {
    expect(chart.width, chart.id).toBeGreaterThan(100);
    expect(chart.height, chart.id).toBeGreaterThan(50);
    expect(chart.marks, chart.id).toBeGreaterThan(0);
  }
  return page;
}

describe("the HTML report in a real headless browser", () => {
  it("the bundled example: no console errors, no request but the file, every chart drawn", async () => {
    const result = await auditExample();
    await check("example-report", result);
  });
  it("a wide real dataset at 1280 px: every table and sentence fits the page", async () => {
    const result = await auditCompas();
    expect(result.findings.length).toBeGreaterThan(300);
    await check("compas-aequitas-report", result);
  });
  it("the fixed fixture", async () => {
    await check("fixture-report", buildFixture());
  });
  it("hostile group names run no script and open no dialog", async () => {
    await check("hostile-report", buildFixture(HOSTILE_NAMES));
  });
});
