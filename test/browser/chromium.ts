import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium, installed by .ci/run. Missing is a failure, never a skip. */
export const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install it (apt-get install -y chromium, as .ci/run does)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface PageReport {
  requests: string[];
  consoleProblems: string[];
  dialogs: string[];
  charts: { id: string; width: number; height: number; marks: number }[];
  scripts: number;
  images: number;
}

/**
 * Opens a report from disk the way a reader would, recording every request, console message
 * of type error or warning, uncaught error and dialog; takes a full-page screenshot.
 */
export async function openReport(
  browser: Browser,
  path: string,
  screenshot: string,
): Promise<PageReport> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const report: PageReport = {
    requests: [],
    consoleProblems: [],
    dialogs: [],
    charts: [],
    scripts: 0,
    images: 0,
  };
  page.on("request", (r) => report.requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") report.consoleProblems.push(m.text());
  });
  page.on("pageerror", (e) => report.consoleProblems.push(String(e)));
  page.on("dialog", async (d) => {
    report.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(`file://${path}`, { waitUntil: "load" });
  report.charts = await page.$$eval("svg.chart", (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      return {
        id: svg.getAttribute("data-chart") ?? "",
        width: box.width,
        height: box.height,
        marks: svg.querySelectorAll(".mark, .mean").length,
      };
    }),
  );
  report.scripts = await page.locator("script").count();
  report.images = await page.locator("img").count();
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return report;
}
