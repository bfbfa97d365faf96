import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { type Browser, chromium } from "playwright-core";

/**
 * The browser the HTML tests open reports in, found in this order (missing is a failure, never a
 * skip):
 *  1. `FAIRAUDIT_CHROMIUM`, the path of a Chromium or Chrome to use;
 *  2. on Linux (x64, arm64), the headless Chromium inside the `@sparticuz/chromium` dev
 *     dependency, with the NSS and expat libraries it ships, so that it needs nothing from the
 *     system beyond glibc: `npm ci` brings it, no system package and no download;
 *  3. elsewhere (macOS, Windows), a Chrome or Chromium installed at its usual place.
 */
export interface ChromiumChoice {
  path: string;
  source: "FAIRAUDIT_CHROMIUM" | "@sparticuz/chromium" | "installed";
  /** extra environment for the browser process (the shipped libraries' folder) */
  env: Record<string, string>;
}

/**
 * Where Chrome installs itself on systems the dev dependency has no binary for. On Linux the
 * dependency's Chromium is always used, so no Linux path is looked at.
 */
const INSTALLED = [
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
];

export async function findChromium(env = process.env): Promise<ChromiumChoice> {
  const given = env.FAIRAUDIT_CHROMIUM;
  if (given !== undefined && given !== "") {
    if (!existsSync(given)) throw new Error(`FAIRAUDIT_CHROMIUM=${given}: no such file`);
    return { path: given, source: "FAIRAUDIT_CHROMIUM", env: {} };
  }
  if (process.platform === "linux" && (process.arch === "x64" || process.arch === "arm64")) {
    return bundledChromium();
  }
  const installed = INSTALLED.find((path) => existsSync(path));
  if (installed !== undefined) return { path: installed, source: "installed", env: {} };
  throw new Error(
    `no Chromium or Chrome found (looked at ${INSTALLED.join(", ")}): install one, or set FAIRAUDIT_CHROMIUM to its path`,
  );
}

/**
 * `@sparticuz/chromium` unpacks its binary into the temp folder on first use (about 4 s, then
 * reused). Its libraries archive is unpacked by the package only on Amazon Linux; here it is
 * unpacked once beside the binary and put on the browser's LD_LIBRARY_PATH, so that a machine
 * without libnss3 runs it too.
 */
async function bundledChromium(): Promise<ChromiumChoice> {
  const { default: sparticuz } = await import("@sparticuz/chromium");
  const path = await sparticuz.executablePath();
  const bin = join(
    dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")),
    "..",
    "..",
    "bin",
  );
  const libs = join(tmpdir(), "fairaudit-chromium-libs");
  if (!existsSync(join(libs, "lib", "libnss3.so"))) {
    const staging = `${libs}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const tar = spawnSync("tar", ["-x", "-C", staging], {
      input: brotliDecompressSync(readFileSync(join(bin, "al2023.tar.br"))),
    });
    if (tar.status !== 0) throw new Error(`unpacking Chromium's libraries: ${tar.stderr}`);
    rmSync(libs, { recursive: true, force: true });
    renameSync(staging, libs);
  }
  const inherited = process.env.LD_LIBRARY_PATH;
  const libraryPath = join(libs, "lib") + (inherited ? `:${inherited}` : "");
  return { path, source: "@sparticuz/chromium", env: { LD_LIBRARY_PATH: libraryPath } };
}

export async function launchChromium(): Promise<Browser> {
  const choice = await findChromium();
  return chromium.launch({
    executablePath: choice.path,
    env: { ...process.env, ...choice.env },
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
  /** how many drawn values were checked against the axis */
  placed: number;
  /** every drawn value that is not where the chart's own tick labels say it should be */
  misplaced: string[];
  /** group labels and notes that run out of their chart's left or right edge */
  cutLabels: string[];
  /** how far the page is wider than the window, in CSS pixels (0: no sideways scrolling) */
  overflow: number;
  /** tables wider than their box (part of them hidden until scrolled sideways), every
   * collapsed section opened first, as a reader would */
  hiddenTables: string[];
  /** table cells whose text runs out of the cell */
  cutCells: string[];
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
    placed: 0,
    misplaced: [],
    cutLabels: [],
    overflow: 0,
    hiddenTables: [],
    cutCells: [],
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
  Object.assign(
    report,
    await page.$$eval("svg.chart", chartGeometry as (svgs: unknown[]) => Geometry),
  );
  report.overflow = Math.max(
    0,
    Number(await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")),
  );
  Object.assign(report, await page.evaluate(tableFit as () => TableFit));
  report.scripts = await page.locator("script").count();
  report.images = await page.locator("img").count();
  // The screenshot is for people to look at, not asserted. Headless Chromium intermittently
  // fails to capture very tall pages in one piece ("Unable to capture screenshot"), so the
  // capture is cut at 8,000 px and tried a second time before it counts as a failure.
  const height = Number(await page.evaluate("document.documentElement.scrollHeight"));
  const clip = { x: 0, y: 0, width: 1280, height: Math.min(Math.max(height, 1), 8000) };
  await page
    .screenshot({ path: screenshot, fullPage: true, clip })
    .catch(() => page.screenshot({ path: screenshot, fullPage: true, clip }));
  await page.close();
  return report;
}

/**
 * Runs in the page. Reads each chart's axis from its tick labels as a reader would (the text, and
 * where the browser drew it), then checks that every mark, interval end and range end carrying a
 * data-value/-low/-high lies on the axis and sits where the axis puts it, within 1.5 px, and that
 * no label or note is cut at the chart's edges.
 */
interface Geometry {
  placed: number;
  misplaced: string[];
  cutLabels: string[];
}

/** The little of the DOM that chartGeometry uses (the project's types have no DOM library). */
interface PageElement {
  textContent: string | null;
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { x: number; width: number; right: number };
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

interface TableFit {
  hiddenTables: string[];
  cutCells: string[];
}

/** The little of the DOM that tableFit uses. */
interface PageNode {
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  parentElement: PageNode | null;
  setAttribute(name: string, value: string): void;
  getBoundingClientRect(): { width: number; right: number };
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): ArrayLike<PageNode>;
}
type PageDocument = Pick<PageNode, "querySelectorAll">;

/** Runs in the page: opens every details element, then measures every table and cell. */
function tableFit(): TableFit {
  const doc = (globalThis as unknown as { document: PageDocument }).document;
  for (const d of Array.from(doc.querySelectorAll("details"))) d.setAttribute("open", "");
  const hiddenTables: string[] = [];
  const cutCells: string[] = [];
  for (const table of Array.from(doc.querySelectorAll("table"))) {
    const name = (table.querySelector("caption, th")?.textContent ?? "").slice(0, 60);
    const box = table.parentElement?.getBoundingClientRect();
    const own = table.getBoundingClientRect();
    const inner = table.parentElement?.scrollWidth ?? 0;
    const outer = table.parentElement?.clientWidth ?? 0;
    if (box !== undefined && (own.right > box.right + 0.5 || inner > outer + 0.5))
      hiddenTables.push(`${name}: ${Math.round(own.width)} px in ${Math.round(box.width)} px`);
    for (const cell of Array.from(table.querySelectorAll("td, th"))) {
      if (cell.scrollWidth > cell.clientWidth + 0.5)
        cutCells.push(`${name}: ${(cell.textContent ?? "").slice(0, 60)}`);
    }
  }
  return { hiddenTables, cutCells };
}

function chartGeometry(svgs: PageElement[]): Geometry {
  let placed = 0;
  const misplaced: string[] = [];
  const cutLabels: string[] = [];
  for (const svg of svgs) {
    const id = svg.getAttribute("data-chart") ?? "";
    const svgBox = svg.getBoundingClientRect();
    const ticks = Array.from(svg.querySelectorAll("text.tick")).map((t) => {
      const box = t.getBoundingClientRect();
      return { value: Number((t.textContent ?? "").replaceAll(",", "")), x: box.x + box.width / 2 };
    });
    const first = ticks[0];
    const last = ticks[ticks.length - 1];
    if (first === undefined || last === undefined || last.x === first.x) {
      misplaced.push(`${id}: no readable axis`);
      continue;
    }
    const at = (v: number) =>
      first.x + ((v - first.value) / (last.value - first.value)) * (last.x - first.x);
    const check = (what: string, value: number, x: number) => {
      placed++;
      const [lo, hi] = [Math.min(first.value, last.value), Math.max(first.value, last.value)];
      if (value < lo - 1e-9 || value > hi + 1e-9) {
        misplaced.push(`${id} ${what} ${value}: outside the axis [${lo}, ${hi}]`);
      }
      if (Math.abs(at(value) - x) > 1.5) {
        misplaced.push(
          `${id} ${what} ${value}: drawn at ${x.toFixed(1)}, axis says ${at(value).toFixed(1)}`,
        );
      }
    };
    for (const el of Array.from(svg.querySelectorAll("[data-value]"))) {
      const box = el.getBoundingClientRect();
      const what = el.getAttribute("class") ?? "";
      check(what, Number(el.getAttribute("data-value")), box.x + box.width / 2);
    }
    for (const el of Array.from(svg.querySelectorAll("[data-low]"))) {
      const box = el.getBoundingClientRect();
      const what = el.getAttribute("class") ?? "";
      check(`${what} low`, Number(el.getAttribute("data-low")), box.x);
      check(`${what} high`, Number(el.getAttribute("data-high")), box.right);
    }
    for (const text of Array.from(svg.querySelectorAll("text.label, text.note"))) {
      const box = text.getBoundingClientRect();
      if (box.x < svgBox.x - 0.5 || box.right > svgBox.right + 0.5) {
        cutLabels.push(`${id}: ${text.textContent}`);
      }
    }
  }
  return { placed, misplaced, cutLabels };
}
