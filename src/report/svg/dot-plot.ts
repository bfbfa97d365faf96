import { escapeHtml } from "../escape.js";
import { clip, fitLabels, px, scale, tickLabels, ticks } from "./markup.js";

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
  /** the values the metric can take (a rate: [0, 1]); the axis never runs past them */
  possible?: { low: number; high: number };
}

const ROW = 26;
const PLOT = 380;
const RIGHT = 290;
const TOP = 34;
const BOTTOM = 34;

/**
 * Groups as dots on a shared axis with interval whiskers; the reference is a diamond and named,
 * failing groups are crosses: shape and text carry every signal, colour only repeats them.
 */
export function renderDotPlot(plot: DotPlot): string {
  const labelled = plot.rows.map((r) => `${r.label}${r.reference ? " (reference)" : ""}`);
  const { margin: LEFT, fitted } = fitLabels(labelled);
  const possible = plot.possible ?? {
    low: Number.NEGATIVE_INFINITY,
    high: Number.POSITIVE_INFINITY,
  };
  const inside = (v: number) => v >= possible.low && v <= possible.high;
  // The axis covers every value and interval end drawn, and every threshold the metric can reach.
  const shown = plot.rows.flatMap((r) =>
    r.value === null ? [] : [r.value, r.interval?.low ?? r.value, r.interval?.high ?? r.value],
  );
  const lines = plot.thresholds.filter((t) => inside(t.value));
  const all = [...shown, ...lines.map((t) => t.value)];
  const dataMax = all.length > 0 ? Math.max(...all) : 1;
  const dataMin = all.length > 0 ? Math.min(...all) : 0;
  const low = plot.zero
    ? Math.min(0, dataMin)
    : dataMin >= 0
      ? dataMin * 0.95
      : dataMin - 0.05 * Math.abs(dataMin);
  const high = Math.min(possible.high, Math.max(dataMax * 1.02, low + 1e-9));
  const axisTicks = ticks(high, 5, low);
  const max = axisTicks[axisTicks.length - 1] ?? 1;
  const min = axisTicks[0] ?? 0;
  const x = scale(min, max, LEFT, PLOT);
  const height = TOP + plot.rows.length * ROW + BOTTOM;
  const width = LEFT + PLOT + RIGHT;
  const out: string[] = [
    `<svg class="chart" data-chart="${escapeHtml(plot.id)}" role="img" aria-labelledby="${plot.id}-t ${plot.id}-d" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${plot.id}-t">${escapeHtml(plot.title)}</title>`,
    `<desc id="${plot.id}-d">${escapeHtml(plot.description)}</desc>`,
  ];
  const plotBottom = TOP + plot.rows.length * ROW;
  if (plot.band && plot.band.high >= min && plot.band.low <= max) {
    const lo = x(Math.max(plot.band.low, min));
    const hi = x(Math.min(plot.band.high, max));
    out.push(
      `<rect class="band" x="${px(lo)}" y="${TOP - 6}" width="${px(Math.max(0, hi - lo))}" height="${px(plotBottom - TOP + 12)}"><title>within the policy</title></rect>`,
    );
  }
  const labels = tickLabels(axisTicks);
  axisTicks.forEach((t, i) => {
    out.push(
      `<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${TOP - 6}" y2="${plotBottom + 6}"/>`,
      `<text class="tick" x="${px(x(t))}" y="${plotBottom + 22}" text-anchor="middle">${escapeHtml(labels[i] ?? "")}</text>`,
    );
  });
  lines.forEach((t, i) => {
    out.push(
      `<line class="threshold" x1="${px(x(t.value))}" x2="${px(x(t.value))}" y1="${TOP - 8}" y2="${plotBottom + 6}"/>`,
      `<text class="threshold-label" x="${px(x(t.value))}" y="${TOP - 12 - (i % 2) * 11}" text-anchor="middle">${escapeHtml(t.label)}</text>`,
    );
  });
  plot.rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const label = labelled[i] ?? "";
    out.push(`<g class="row ${r.status}"><title>${escapeHtml(`${label}: ${r.note}`)}</title>`);
    out.push(
      `<text class="label" x="${LEFT - 10}" y="${px(y + 4)}" text-anchor="end">${escapeHtml(fitted[i] ?? "")}</text>`,
    );
    if (r.value !== null) {
      if (r.interval) {
        const a = x(r.interval.low);
        const b = x(r.interval.high);
        out.push(
          `<path class="whisker" data-low="${r.interval.low}" data-high="${r.interval.high}" d="M${px(a)} ${px(y)}H${px(b)}M${px(a)} ${px(y - 5)}V${px(y + 5)}M${px(b)} ${px(y - 5)}V${px(y + 5)}"/>`,
        );
      }
      out.push(marker(x(r.value), y, r, r.value));
    }
    out.push(
      `<text class="note" x="${LEFT + PLOT + 12}" y="${px(y + 4)}">${escapeHtml(clip(r.note, 46))}</text>`,
      "</g>",
    );
  });
  out.push("</svg>");
  return out.join("\n");
}

/** The group's mark; `data-value` carries the value it stands for, so a test can check its place. */
function marker(cx: number, cy: number, r: DotRow, value: number): string {
  if (r.reference) {
    return `<path class="mark reference" data-value="${value}" d="M${px(cx)} ${px(cy - 7)}L${px(cx + 7)} ${px(cy)}L${px(cx)} ${px(cy + 7)}L${px(cx - 7)} ${px(cy)}Z"/>`;
  }
  if (r.status === "fail" || r.status === "warn") {
    const s = 5.5;
    return `<path class="mark cross" data-value="${value}" d="M${px(cx - s)} ${px(cy - s)}L${px(cx + s)} ${px(cy + s)}M${px(cx + s)} ${px(cy - s)}L${px(cx - s)} ${px(cy + s)}"/>`;
  }
  return `<circle class="mark" data-value="${value}" cx="${px(cx)}" cy="${px(cy)}" r="5"/>`;
}
