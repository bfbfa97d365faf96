import { escapeHtml } from "../escape.js";
import { clip, fitLabels, px, scale, tickLabels, ticks } from "./markup.js";

export interface RangeRow {
  label: string;
  reference: boolean;
  min: number;
  max: number;
  mean: number;
  median: number | null;
  sd: number | null;
  note: string;
}

export interface RangePlot {
  id: string;
  title: string;
  description: string;
  rows: readonly RangeRow[];
  format: (x: number) => string;
}

const ROW = 28;
const PLOT = 380;
const RIGHT = 290;
const TOP = 16;
const BOTTOM = 34;

/**
 * Price distributions by group from the summaries the result carries (no row-level prices):
 * a line from min to max, a bar with end caps at mean ± 1 SD, a tick at the median and a dot
 * at the mean. Not a box: people read a box as the quartiles, which the result does not carry.
 */
export function renderRangePlot(plot: RangePlot): string {
  const labelled = plot.rows.map((r) => `${r.label}${r.reference ? " (reference)" : ""}`);
  const { margin: LEFT, fitted } = fitLabels(labelled);
  // From zero (or the lowest price, when one is negative) to the first round value at or above
  // the highest price: nothing drawn is clamped to the axis.
  const lowest = Math.min(0, ...plot.rows.map((r) => r.min));
  const axisTicks = ticks(Math.max(...plot.rows.map((r) => r.max), lowest + 1e-9), 5, lowest);
  const max = axisTicks[axisTicks.length - 1] ?? 1;
  const x = scale(axisTicks[0] ?? 0, max, LEFT, PLOT);
  const plotBottom = TOP + plot.rows.length * ROW;
  const out: string[] = [
    `<svg class="chart" data-chart="${escapeHtml(plot.id)}" role="img" aria-labelledby="${plot.id}-t ${plot.id}-d" viewBox="0 0 ${LEFT + PLOT + RIGHT} ${plotBottom + BOTTOM}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${plot.id}-t">${escapeHtml(plot.title)}</title>`,
    `<desc id="${plot.id}-d">${escapeHtml(plot.description)}</desc>`,
  ];
  const labels = tickLabels(axisTicks);
  axisTicks.forEach((t, i) => {
    out.push(
      `<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${TOP - 4}" y2="${plotBottom + 6}"/>`,
      `<text class="tick" x="${px(x(t))}" y="${plotBottom + 22}" text-anchor="middle">${escapeHtml(labels[i] ?? "")}</text>`,
    );
  });
  plot.rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const label = labelled[i] ?? "";
    out.push(`<g class="row"><title>${escapeHtml(`${label}: ${r.note}`)}</title>`);
    out.push(
      `<text class="label" x="${LEFT - 10}" y="${px(y + 4)}" text-anchor="end">${escapeHtml(fitted[i] ?? "")}</text>`,
      `<line class="range" data-low="${r.min}" data-high="${r.max}" x1="${px(x(r.min))}" x2="${px(x(r.max))}" y1="${px(y)}" y2="${px(y)}"/>`,
    );
    if (r.sd !== null) {
      const low = Math.max(r.min, r.mean - r.sd);
      const high = Math.min(r.max, r.mean + r.sd);
      const [lo, hi] = [x(low), x(high)];
      out.push(
        `<g class="spread${r.reference ? " reference" : ""}" data-low="${low}" data-high="${high}"><line x1="${px(lo)}" x2="${px(hi)}" y1="${px(y)}" y2="${px(y)}"/><line x1="${px(lo)}" x2="${px(lo)}" y1="${px(y - 6)}" y2="${px(y + 6)}"/><line x1="${px(hi)}" x2="${px(hi)}" y1="${px(y - 6)}" y2="${px(y + 6)}"/></g>`,
      );
    }
    if (r.median !== null)
      out.push(
        `<line class="median" data-value="${r.median}" x1="${px(x(r.median))}" x2="${px(x(r.median))}" y1="${px(y - 9)}" y2="${px(y + 9)}"/>`,
      );
    out.push(
      `<circle class="mean" data-value="${r.mean}" cx="${px(x(r.mean))}" cy="${px(y)}" r="3.5"/>`,
      `<text class="note" x="${LEFT + PLOT + 12}" y="${px(y + 4)}">${escapeHtml(clip(r.note, 36))}</text>`,
      "</g>",
    );
  });
  out.push("</svg>");
  return out.join("\n");
}
