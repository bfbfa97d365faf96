import { escapeHtml } from "../escape.js";
import { clip, px, ticks } from "./markup.js";

/** One row of a dot plot: a group's value, its interval when known, and how to mark it. */
export interface DotRow {
  label: string;
  value: number | null;
  interval?: { low: number; high: number };
  reference: boolean;
  /** the worst verdict of the group's findings on this metric */
  status: "fail" | "warn" | "inconclusive" | "pass" | "none";
  /** what the row says at its end, e.g. "0.20 [0.14, 0.29] FAIL" */
  note: string;
}

export interface DotPlot {
  id: string;
  title: string;
  description: string;
  rows: readonly DotRow[];
  /** values inside every policy bound on this metric, shaded */
  band?: { low: number; high: number };
  /** threshold lines, labelled with their rule */
  thresholds: readonly { value: number; label: string }[];
  format: (x: number) => string;
  /** start the axis at zero (rates); prices zoom to the data */
  zero: boolean;
}

const ROW = 26;
const LEFT = 190;
const PLOT = 380;
const RIGHT = 290;
const TOP = 34;
const BOTTOM = 34;

/**
 * Groups as dots on a shared axis with interval whiskers; the reference is a diamond and named,
 * failing groups are crosses: shape and text carry every signal, colour only repeats them.
 */
export function renderDotPlot(plot: DotPlot): string {
  const values = plot.rows.flatMap((r) => [
    r.value ?? 0,
    r.interval?.high ?? 0,
    ...(plot.band ? [Math.min(plot.band.high, (r.value ?? 0) * 2)] : []),
  ]);
  for (const t of plot.thresholds) values.push(t.value);
  const lows = plot.rows.flatMap((r) => [r.value ?? 0, r.interval?.low ?? r.value ?? 0]);
  const top = Math.max(...values, 1e-9) * 1.05;
  const axisTicks = ticks(top, 5, plot.zero ? 0 : Math.max(0, Math.min(...lows) * 0.95));
  const max = axisTicks[axisTicks.length - 1] ?? 1;
  const min = axisTicks[0] ?? 0;
  const x = (v: number) =>
    LEFT + ((Math.max(min, Math.min(v, max)) - min) / (max - min || 1)) * PLOT;
  const height = TOP + plot.rows.length * ROW + BOTTOM;
  const width = LEFT + PLOT + RIGHT;
  const out: string[] = [
    `<svg class="chart" data-chart="${escapeHtml(plot.id)}" role="img" aria-labelledby="${plot.id}-t ${plot.id}-d" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${plot.id}-t">${escapeHtml(plot.title)}</title>`,
    `<desc id="${plot.id}-d">${escapeHtml(plot.description)}</desc>`,
  ];
  const plotBottom = TOP + plot.rows.length * ROW;
  if (plot.band) {
    const lo = x(plot.band.low);
    const hi = x(Math.min(plot.band.high, max));
    out.push(
      `<rect class="band" x="${px(lo)}" y="${TOP - 6}" width="${px(Math.max(0, hi - lo))}" height="${px(plotBottom - TOP + 12)}"><title>within the policy</title></rect>`,
    );
  }
  for (const t of axisTicks) {
    out.push(
      `<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${TOP - 6}" y2="${plotBottom + 6}"/>`,
      `<text class="tick" x="${px(x(t))}" y="${plotBottom + 22}" text-anchor="middle">${escapeHtml(plot.format(t))}</text>`,
    );
  }
  plot.thresholds.forEach((t, i) => {
    out.push(
      `<line class="threshold" x1="${px(x(t.value))}" x2="${px(x(t.value))}" y1="${TOP - 8}" y2="${plotBottom + 6}"/>`,
      `<text class="threshold-label" x="${px(x(t.value))}" y="${TOP - 12 - (i % 2) * 11}" text-anchor="middle">${escapeHtml(t.label)}</text>`,
    );
  });
  plot.rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const label = `${r.label}${r.reference ? " (reference)" : ""}`;
    out.push(`<g class="row ${r.status}"><title>${escapeHtml(`${label}: ${r.note}`)}</title>`);
    out.push(
      `<text class="label" x="${LEFT - 10}" y="${px(y + 4)}" text-anchor="end">${escapeHtml(clip(label, 28))}</text>`,
    );
    if (r.value !== null) {
      if (r.interval) {
        const a = x(r.interval.low);
        const b = x(r.interval.high);
        out.push(
          `<path class="whisker" d="M${px(a)} ${px(y)}H${px(b)}M${px(a)} ${px(y - 5)}V${px(y + 5)}M${px(b)} ${px(y - 5)}V${px(y + 5)}"/>`,
        );
      }
      out.push(marker(x(r.value), y, r));
    }
    out.push(
      `<text class="note" x="${LEFT + PLOT + 12}" y="${px(y + 4)}">${escapeHtml(clip(r.note, 46))}</text>`,
      "</g>",
    );
  });
  out.push("</svg>");
  return out.join("\n");
}

function marker(cx: number, cy: number, r: DotRow): string {
  if (r.reference) {
    return `<path class="mark reference" d="M${px(cx)} ${px(cy - 7)}L${px(cx + 7)} ${px(cy)}L${px(cx)} ${px(cy + 7)}L${px(cx - 7)} ${px(cy)}Z"/>`;
  }
  if (r.status === "fail" || r.status === "warn") {
    const s = 5.5;
    return `<path class="mark cross" d="M${px(cx - s)} ${px(cy - s)}L${px(cx + s)} ${px(cy + s)}M${px(cx + s)} ${px(cy - s)}L${px(cx - s)} ${px(cy + s)}"/>`;
  }
  return `<circle class="mark" cx="${px(cx)}" cy="${px(cy)}" r="5"/>`;
}
