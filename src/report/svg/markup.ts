/** Coordinates to 1 decimal: smaller files, stable goldens. */
export function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** A label cut to fit a chart's margin; the full text stays in the row's <title>. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Round axis ticks (0, 0.25, 0.5…, about `count` of them) from the last round value at or below
 * `min` to the first at or above `max`: the axis always covers every value it is asked to show.
 */
export function ticks(max: number, count = 5, min = 0): number[] {
  const span = max - min;
  const raw = (span > 0 ? span : Math.abs(max) || 1) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const round = (t: number) => Math.round(t * 1e9) / 1e9;
  const first = Math.floor(round(min / step)) * step;
  const last = Math.ceil(round(max / step)) * step;
  const out: number[] = [];
  for (let i = 0; first + i * step <= last + step * 1e-9; i++) out.push(round(first + i * step));
  if (out.length < 2) out.push(round(first + step));
  return out;
}

/** A linear scale from [min, max] to [left, left + width]. */
export function scale(min: number, max: number, left: number, width: number) {
  return (v: number) => left + ((v - min) / (max - min || 1)) * width;
}

/** Tick labels with as many decimals as the ticks need (0.025 is "0.025", not "0.03"). */
export function tickLabels(values: readonly number[]): string[] {
  let digits = 0;
  while (digits < 8 && values.some((t) => Math.abs(Number(t.toFixed(digits)) - t) > 1e-9)) {
    digits++;
  }
  return values.map((t) =>
    t.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  );
}

/**
 * A generous estimate of a label's width at the charts' 12 px font (wide letters, digits and
 * symbols 8.5 px, other letters 6.5 px): used to size the label margin and to cut labels that
 * would not fit, so a label never runs out of the chart's left edge.
 */
export function labelWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    width += /\p{Ll}/u.test(ch) && !/[mw]/.test(ch) ? 6.5 : ch === " " ? 3.5 : 8.5;
  }
  return width;
}

/** The label margin for these labels (between 120 and 260 px), and each label cut to fit it. */
export function fitLabels(labels: readonly string[]): { margin: number; fitted: string[] } {
  const widest = Math.max(0, ...labels.map(labelWidth));
  const margin = Math.min(260, Math.max(120, Math.ceil(widest + 20)));
  const room = margin - 16;
  const fitted = labels.map((label) => {
    if (labelWidth(label) <= room) return label;
    const chars = [...label];
    while (chars.length > 1 && labelWidth(`${chars.join("")}…`) > room) chars.pop();
    return `${chars.join("")}…`;
  });
  return { margin, fitted };
}
