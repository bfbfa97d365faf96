/** Coordinates to 1 decimal: smaller files, stable goldens. */
export function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** A label cut to fit a chart's margin; the full text stays in the row's <title>. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Round axis ticks: 0, 0.25, 0.5… chosen so that about `count` fit up to `max`. */
export function ticks(max: number, count = 5, min = 0): number[] {
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  const start = Math.floor(min / step) * step;
  for (let t = start; t <= max + step * 1e-9; t += step) out.push(Math.round(t * 1e9) / 1e9);
  return out;
}
